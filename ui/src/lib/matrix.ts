// Pure helpers for the matrices: heat-map shading and the retrieval behind a crosstab cell.

import type { CooccurrenceMatrix, RetrievalRequest } from './bindings';

/** The heat-map's hue, as `r, g, b`. */
const HEAT = '47, 111, 178';

/** A crosstab percentage (0..100, as the core gives them) for a cell: whole, with a sign. */
export function pct(x: number): string {
  return Number.isFinite(x) ? `${Math.round(x)}%` : '–';
}

/** A cell's shading for a share in 0..1: a tint of the heat hue, with light text when dark. */
export function heat(share: number): { background: string | null; dark: boolean } {
  if (!Number.isFinite(share) || share <= 0) return { background: null, dark: false };
  const alpha = Math.min(1, share) * 0.85 + 0.05;
  return { background: `rgba(${HEAT}, ${alpha.toFixed(3)})`, dark: alpha > 0.5 };
}

/** The attribute value a crosstab column stands for, or null for the `(missing)` column. */
export function columnValue(column: string): string | null {
  return column === '(missing)' ? null : column;
}

/** The retrieval that lists a crosstab cell's segments: the code, where attribute = value. */
export function cellRequest(code: string, attribute: string, value: string, coders: readonly string[], context = 80): RetrievalRequest {
  return {
    any: [code],
    all: [],
    not: [],
    filters: { where: [{ key: attribute, value }], speaker: 'any', codes: [], not_codes: [] },
    coders: [...coders],
    context,
  };
}

/** The largest count off the diagonal: the diagonal (a code with itself) would wash out the rest. */
export function offDiagonalMax(m: CooccurrenceMatrix): number {
  let max = 0;
  m.counts.forEach((row, i) => row.forEach((n, j) => i !== j && n > max && (max = n)));
  return max;
}
