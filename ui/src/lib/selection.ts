// From a DOM selection in the transcript to a code-point span of the document.
//
// The transcript renders each turn as pieces (`<span data-at="…">`), each one text node whose
// document offset `at` is known. A selection boundary inside a piece's text node maps exactly:
// `at` plus the code points before the UTF-16 offset. A boundary anywhere else (on a speaker
// label, between turns, in another pane) snaps to the nearest piece inside the selection: the
// first piece after a start boundary, the last piece before an end boundary. So a drag that
// starts on a speaker label or spans several turns still yields a sensible span.

import { OffsetMap } from './offsets';
import type { CodePointSpan } from './offsets';

/** What the selection logic needs to know about one rendered piece. */
export interface PieceInfo {
  /** Document code-point offset of the piece's first character. */
  at: number;
  /** The piece's text as rendered (its text node's data). */
  text: string;
}

/** The document offset of UTF-16 index `unit` inside a piece. */
export function offsetInPiece(piece: PieceInfo, unit: number): number {
  const map = new OffsetMap(piece.text);
  return piece.at + map.toCodePoint(Math.max(0, Math.min(unit, piece.text.length)));
}

/** The first index in `0..n` for which `isAfter` holds, for a predicate false then true. */
export function lowerBound(n: number, isAfter: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isAfter(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The document offset of a boundary that lies between pieces, given the index of the first
 * piece after it. A start boundary snaps forward to that piece; an end boundary snaps back to
 * the end of the piece before. Null when there is no piece on that side.
 */
export function offsetBetweenPieces(pieces: readonly PieceInfo[], firstAfter: number, edge: 'start' | 'end'): number | null {
  if (edge === 'start') {
    const next = pieces[firstAfter];
    return next ? next.at : null;
  }
  const previous = pieces[firstAfter - 1];
  return previous ? previous.at + new OffsetMap(previous.text).codePoints : null;
}

/** A span from two boundary offsets, or null when they are missing or the span is empty. */
export function spanOf(start: number | null, end: number | null): CodePointSpan | null {
  if (start === null || end === null || start >= end) return null;
  return { start, end };
}

/** One boundary of a DOM range, resolved against the rendered pieces. */
export interface Boundary {
  /** The piece whose text node holds the boundary, if it is inside one. */
  inside: { piece: PieceInfo; unit: number } | null;
  /** Otherwise, the index of the first piece after the boundary. */
  firstAfter: number;
}

/** The code-point span between two resolved boundaries. */
export function spanFromBoundaries(pieces: readonly PieceInfo[], start: Boundary, end: Boundary): CodePointSpan | null {
  const resolve = (b: Boundary, edge: 'start' | 'end') =>
    b.inside ? offsetInPiece(b.inside.piece, b.inside.unit) : offsetBetweenPieces(pieces, b.firstAfter, edge);
  return spanOf(resolve(start, 'start'), resolve(end, 'end'));
}

/** The attribute that marks a rendered piece and carries its document offset. */
export const PIECE_ATTRIBUTE = 'data-at';

function pieceOf(node: Node, root: Element): PieceInfo | null {
  if (node.nodeType !== Node.TEXT_NODE) return null;
  const el = node.parentElement;
  const at = el?.getAttribute(PIECE_ATTRIBUTE);
  if (!el || at === null || at === undefined || !root.contains(el)) return null;
  return { at: Number(at), text: (node as Text).data };
}

function resolveBoundary(node: Node, unit: number, root: Element, elements: readonly Element[]): Boundary {
  const piece = pieceOf(node, root);
  if (piece) return { inside: { piece, unit }, firstAfter: -1 };
  const probe = document.createRange();
  probe.setStart(node, unit);
  probe.collapse(true);
  // comparePoint is -1 for a point before the (collapsed) probe, 0 at it, 1 after it.
  return { inside: null, firstAfter: lowerBound(elements.length, (i) => probe.comparePoint(elements[i] as Element, 0) >= 0) };
}

/**
 * The document span a DOM range covers inside `root`, the element holding the pieces. Null when
 * the range covers no piece text. Needs a DOM; the arithmetic above is what the tests cover.
 */
export function rangeToSpan(range: Range, root: Element): CodePointSpan | null {
  if (range.collapsed || !range.intersectsNode(root)) return null;
  const elements = Array.from(root.querySelectorAll(`[${PIECE_ATTRIBUTE}]`));
  const pieces = elements.map((el) => ({ at: Number(el.getAttribute(PIECE_ATTRIBUTE)), text: el.textContent ?? '' }));
  const start = resolveBoundary(range.startContainer, range.startOffset, root, elements);
  const end = resolveBoundary(range.endContainer, range.endOffset, root, elements);
  return spanFromBoundaries(pieces, start, end);
}
