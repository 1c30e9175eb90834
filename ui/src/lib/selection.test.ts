import { describe, expect, it } from 'vitest';
import { lowerBound, offsetBetweenPieces, offsetInPiece, spanFromBoundaries, spanOf, type PieceInfo } from './selection';

// A document "R: 😀 my teacher 我想\nI: ok" rendered as pieces; the turn text starts at 3.
const PIECES: PieceInfo[] = [
  { at: 3, text: '😀 my ' },
  { at: 8, text: 'teacher' },
  { at: 15, text: ' 我想' },
  { at: 23, text: 'ok' },
];

describe('offsetInPiece', () => {
  it('counts code points, not UTF-16 units, before the boundary', () => {
    const [first] = PIECES as [PieceInfo];
    expect(offsetInPiece(first, 0)).toBe(3);
    // '😀' is two UTF-16 units but one code point.
    expect(offsetInPiece(first, 2)).toBe(4);
    expect(offsetInPiece(first, 3)).toBe(5);
    expect(offsetInPiece(first, first.text.length)).toBe(8);
  });

  it('maps a boundary inside a surrogate pair to the code point holding it, and clamps', () => {
    const [first] = PIECES as [PieceInfo];
    expect(offsetInPiece(first, 1)).toBe(3);
    expect(offsetInPiece(first, 99)).toBe(8);
    expect(offsetInPiece(first, -1)).toBe(3);
  });
});

describe('lowerBound', () => {
  it('finds the first index where the predicate turns true', () => {
    const xs = [1, 3, 5, 7];
    expect(lowerBound(xs.length, (i) => (xs[i] as number) >= 4)).toBe(2);
    expect(lowerBound(xs.length, (i) => (xs[i] as number) >= 0)).toBe(0);
    expect(lowerBound(xs.length, (i) => (xs[i] as number) >= 9)).toBe(4);
    expect(lowerBound(0, () => true)).toBe(0);
  });
});

describe('offsetBetweenPieces', () => {
  it('snaps a start forward to the next piece and an end back to the end of the previous one', () => {
    expect(offsetBetweenPieces(PIECES, 3, 'start')).toBe(23);
    expect(offsetBetweenPieces(PIECES, 3, 'end')).toBe(18);
  });

  it('is null when there is no piece on that side', () => {
    expect(offsetBetweenPieces(PIECES, 4, 'start')).toBeNull();
    expect(offsetBetweenPieces(PIECES, 0, 'end')).toBeNull();
  });
});

describe('spanFromBoundaries', () => {
  const inside = (i: number, unit: number) => ({ inside: { piece: PIECES[i] as PieceInfo, unit }, firstAfter: -1 });
  const between = (firstAfter: number) => ({ inside: null, firstAfter });

  it('selects a word inside one piece', () => {
    expect(spanFromBoundaries(PIECES, inside(1, 0), inside(1, 7))).toEqual({ start: 8, end: 15 });
  });

  it('selects across pieces and turns', () => {
    // From "my" in the first turn to "o" of "ok" in the next.
    expect(spanFromBoundaries(PIECES, inside(0, 3), inside(3, 1))).toEqual({ start: 5, end: 24 });
  });

  it('snaps boundaries on a speaker label or between turns to the text', () => {
    // A drag from before the first turn to the speaker label of the second turn.
    expect(spanFromBoundaries(PIECES, between(0), between(3))).toEqual({ start: 3, end: 18 });
  });

  it('is null for an empty or inverted selection, or one with no text', () => {
    expect(spanFromBoundaries(PIECES, inside(1, 3), inside(1, 3))).toBeNull();
    expect(spanFromBoundaries(PIECES, between(3), between(3))).toBeNull();
    expect(spanFromBoundaries([], between(0), between(0))).toBeNull();
    expect(spanOf(5, 4)).toBeNull();
    expect(spanOf(null, 4)).toBeNull();
  });

  it('gives the span whose code-point slice is the selected text', () => {
    const doc = 'R: 😀 my teacher 我想\nI: ok';
    const span = spanFromBoundaries(PIECES, inside(0, 3), inside(2, 3));
    expect(span).toEqual({ start: 5, end: 18 });
    expect([...doc].slice(span?.start, span?.end).join('')).toBe('my teacher 我想');
  });
});
