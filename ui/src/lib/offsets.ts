// Offset arithmetic between braid-core and the DOM.
//
// braid-core counts text positions in Unicode code points (0-based, half-open), because that is
// what Rust's `chars()` and Python's `str` count. JavaScript strings and DOM ranges count UTF-16
// code units, where every code point above U+FFFF (emoji, rare CJK) takes two units. Mixing the
// two shifts every highlight after the first emoji, so all conversions go through this module.

import type { Span } from './bindings';

/** A code-point span, as braid-core sends it. */
export type CodePointSpan = Pick<Span, 'start' | 'end'>;

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

function checkIndex(what: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} offset ${value} is outside 0..=${max}`);
  }
}

/**
 * A precomputed table for one text, for when many offsets are converted (a transcript with
 * dozens of turns and matches). Building it is O(n); each lookup is O(1) or O(log n).
 */
export class OffsetMap {
  readonly text: string;
  /**
   * `utf16[cp]` is the UTF-16 index where code point `cp` starts; the last entry is text.length.
   * Null when the text has no surrogates, so that code points and UTF-16 indices are the same:
   * most transcripts, for which building a table of 100,000 entries would be wasted work.
   */
  private readonly utf16: Uint32Array | null;

  constructor(text: string) {
    this.text = text;
    if (!/[\uD800-\uDFFF]/.test(text)) {
      this.utf16 = null;
      return;
    }
    const starts: number[] = [];
    for (let i = 0; i < text.length; i++) {
      starts.push(i);
      // A pair takes two units; a lone surrogate counts as one code point, as in Rust's lossy decoding.
      if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) i++;
    }
    starts.push(text.length);
    this.utf16 = Uint32Array.from(starts);
  }

  /** The text's length in code points. */
  get codePoints(): number {
    return this.utf16 ? this.utf16.length - 1 : this.text.length;
  }

  /** The UTF-16 index of a code-point offset. Throws RangeError outside `0..=codePoints`. */
  toUtf16(cp: number): number {
    checkIndex('code-point', cp, this.codePoints);
    return this.utf16 ? (this.utf16[cp] as number) : cp;
  }

  /**
   * The code-point offset of a UTF-16 index. An index inside a surrogate pair maps to the code
   * point that contains it. Throws RangeError outside `0..=text.length`.
   */
  toCodePoint(unit: number): number {
    checkIndex('UTF-16', unit, this.text.length);
    const utf16 = this.utf16;
    if (!utf16) return unit;
    // The last code point whose start is <= unit.
    let lo = 0;
    let hi = utf16.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((utf16[mid] as number) <= unit) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The substring between two code-point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

/** The length of a text in code points. */
export function codePointLength(text: string): number {
  return new OffsetMap(text).codePoints;
}

/** Convert a code-point offset into `text` to a UTF-16 index. */
export function codePointToUtf16(text: string, cp: number): number {
  return new OffsetMap(text).toUtf16(cp);
}

/** Convert a UTF-16 index into `text` to a code-point offset. */
export function utf16ToCodePoint(text: string, unit: number): number {
  return new OffsetMap(text).toCodePoint(unit);
}

/** The substring of `text` between two code-point offsets. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return new OffsetMap(text).slice(start, end);
}

/** A piece of text, highlighted or not. */
export interface Piece {
  text: string;
  /** The index (into the spans given) of the span this piece belongs to, or null when plain. */
  span: number | null;
}

/**
 * Split `text` into plain and highlighted pieces by code-point spans.
 *
 * `origin` is the code-point offset at which `text` starts in the document the spans refer to,
 * so a turn can be split with document-wide match offsets. Spans are clipped to the text; empty
 * spans and spans wholly outside it are dropped; where spans overlap, the earlier one wins.
 * Joining the pieces' text always gives back `text`.
 */
export function splitBySpans(text: string, spans: readonly CodePointSpan[], origin = 0): Piece[] {
  const map = new OffsetMap(text);
  const n = map.codePoints;
  const clipped = spans
    .map((s, index) => ({ start: Math.max(0, s.start - origin), end: Math.min(n, s.end - origin), index }))
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.start < s.end)
    .sort((a, b) => a.start - b.start || a.index - b.index);

  const pieces: Piece[] = [];
  let at = 0;
  const push = (from: number, to: number, span: number | null) => {
    if (from < to) pieces.push({ text: map.slice(from, to), span });
  };
  for (const s of clipped) {
    const start = Math.max(s.start, at);
    if (start >= s.end) continue;
    push(at, start, null);
    push(start, s.end, s.index);
    at = s.end;
  }
  push(at, n, null);
  return pieces;
}

/** A piece of text cut at every span boundary, with the spans that cover it. */
export interface Cut {
  text: string;
  /** The code-point offset in the document where the piece starts. */
  at: number;
  /** Indices (into the spans given) of every span that covers the whole piece, ascending. */
  covers: number[];
}

/**
 * Cut `text` at every boundary of every span, so that overlapping spans (codings on the same
 * words by several codes or coders) each cover whole pieces.
 *
 * As in `splitBySpans`, `origin` is the document offset at which `text` starts and spans are in
 * document code points, clipped to the text. Joining the pieces' text gives back `text`; each
 * piece's `at` is its document offset, which the transcript uses to map the DOM back to offsets.
 */
export function cutAtBoundaries(text: string, spans: readonly CodePointSpan[], origin = 0): Cut[] {
  const map = new OffsetMap(text);
  const n = map.codePoints;
  const clipped = spans
    .map((s, index) => ({ start: Math.max(0, s.start - origin), end: Math.min(n, s.end - origin), index }))
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.start < s.end);

  const cuts = new Set<number>([0, n]);
  for (const s of clipped) cuts.add(s.start).add(s.end);
  const points = [...cuts].sort((a, b) => a - b);

  // Sweep the cut points with the set of spans open there, rather than testing every span
  // against every piece: a turn with a hundred codings is cut into some two hundred pieces.
  const opening = new Map<number, number[]>();
  for (const s of clipped) {
    const list = opening.get(s.start);
    if (list) list.push(s.index);
    else opening.set(s.start, [s.index]);
  }
  const endOf = new Map<number, number>(clipped.map((s) => [s.index, s.end]));
  const open = new Set<number>();
  const pieces: Cut[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    for (const index of open) if ((endOf.get(index) as number) <= from) open.delete(index);
    for (const index of opening.get(from) ?? []) open.add(index);
    const covers = [...open].sort((a, b) => a - b);
    pieces.push({ text: map.slice(from, to), at: origin + from, covers });
  }
  return pieces;
}

/**
 * For each of `ranges` (a document's turns: sorted by start, not overlapping), the indices of
 * the spans that overlap it, ascending. Each span is placed by binary search over the ranges,
 * so the work grows with spans × log(turns) plus the overlaps found, not turns × spans.
 * Empty spans are placed nowhere.
 */
export function spansPerRange(ranges: readonly CodePointSpan[], spans: readonly CodePointSpan[]): number[][] {
  const buckets = ranges.map((): number[] => []);
  spans.forEach((s, index) => {
    if (!(s.start < s.end)) return;
    // The first range that ends after the span starts.
    let lo = 0;
    let hi = ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ranges[mid] as CodePointSpan).end > s.start) hi = mid;
      else lo = mid + 1;
    }
    for (let r = lo; r < ranges.length && (ranges[r] as CodePointSpan).start < s.end; r++) {
      (buckets[r] as number[]).push(index);
    }
  });
  return buckets;
}
