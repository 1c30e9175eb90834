// Pure helpers for coding in the UI: finding codes, choosing which codings to show, and wording.

import type { Code, Coding, HistoryStep } from './bindings';

/** Whether `path` is the code `filter` or one of its sub-codes. A null filter admits all. */
export function underCode(path: string, filter: string | null): boolean {
  return filter === null || path === filter || path.startsWith(`${filter}/`);
}

/** Which codings the transcript shows. */
export interface StripeFilter {
  /** The current coder. */
  coder: string;
  /** Show every coder's codings, or only the current coder's. */
  allCoders: boolean;
  /** Only this code and its sub-codes, or null for all codes. */
  code: string | null;
}

/** The codings that pass the stripe filter, in their given order. */
export function visibleCodings(codings: readonly Coding[], filter: StripeFilter): Coding[] {
  return codings.filter((c) => (filter.allCoders || c.coder === filter.coder) && underCode(c.code, filter.code));
}

/**
 * Codes matching a palette query, best first. Every word of the query must occur in the code's
 * path (case-insensitively). Codes whose name starts with the query come first, then codes whose
 * name contains it, then the rest; ties keep codebook order. An empty query lists every code.
 */
export function filterCodes(codes: readonly Code[], query: string): Code[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...codes];
  const words = q.split(/\s+/);
  const rank = (c: Code): number => {
    const name = c.name.toLowerCase();
    if (name.startsWith(q)) return 0;
    if (name.includes(q)) return 1;
    if (words.every((w) => name.includes(w))) return 2;
    return 3;
  };
  return codes
    .map((code, i) => ({ code, i, path: code.path.toLowerCase() }))
    .filter(({ path }) => words.every((w) => path.includes(w)))
    .map((x) => ({ ...x, rank: rank(x.code) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.code);
}

/** The parent path of a code path, or '' at the top level. */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** A one-line account of an undone or redone step, e.g. `Undid coding “Peer support” in 0602`. */
export function describeStep(verb: 'Undid' | 'Redid', step: HistoryStep | null): string {
  if (!step) return verb === 'Undid' ? 'Nothing to undo' : 'Nothing to redo';
  // braid-core writes the summary, so the CLI and the app word history the same way.
  return `${verb} ${step.summary}`;
}

/**
 * The span a chosen coding takes from a selection in its document: `set` replaces the span with
 * the selection, `extend` grows it to cover both. Null when the selection is elsewhere, empty,
 * or would leave the span as it is.
 */
export function resizedSpan(
  coding: { document: string; start: number; end: number },
  selection: { document: string; start: number; end: number } | null,
  mode: 'set' | 'extend',
): { start: number; end: number } | null {
  if (!selection || selection.document !== coding.document || selection.end <= selection.start) return null;
  const span =
    mode === 'set'
      ? { start: selection.start, end: selection.end }
      : { start: Math.min(coding.start, selection.start), end: Math.max(coding.end, selection.end) };
  return span.start === coding.start && span.end === coding.end ? null : span;
}

/** The tooltip of the Undo or Redo button, e.g. `Undo coding “Peer support” in 0602 (Ctrl+Z)`. */
export function historyTitle(verb: 'Undo' | 'Redo', step: HistoryStep | null | undefined): string {
  const key = verb === 'Undo' ? 'Ctrl+Z' : 'Ctrl+Shift+Z';
  return step ? `${verb} ${step.summary} (${key})` : `Nothing to ${verb.toLowerCase()}`;
}

/** A share as a percentage with one decimal, or an en dash when undefined. */
export function percent(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)}%`;
}

/** A coefficient (κ, α) with two decimals, or an en dash when undefined. */
export function coefficient(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return x.toFixed(2).replace(/^-0\.00$/, '0.00');
}

/**
 * A rough reading of a κ or α, for colouring cells: Landis & Koch's "substantial" (≥ 0.61) is
 * good; ≥ 0.41 "moderate" is fair; below is poor. Undefined values get no band.
 */
export function band(x: number | null | undefined): 'good' | 'fair' | 'poor' | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  return x >= 0.61 ? 'good' : x >= 0.41 ? 'fair' : 'poor';
}

/** A colour `#rrggbb` with an alpha, as `rgba(…)`, for tints. Anything else is returned as is. */
export function withAlpha(colour: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour.trim());
  if (!m) return colour;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h as string, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Shorten text to `max` characters with an ellipsis, on code points, collapsing whitespace. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
