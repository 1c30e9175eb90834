// Pure helpers for the search pane: code filters, auto-coding previews and the concordance.

import type { AttrKind, AutocodePreview, AttrFilter, Cmp, Filters, KwicRequest, KwicSort, SearchRequest, SpeakerFilter } from './bindings';

/** Codes a turn must carry (`has`) and must not carry (`lacks`). */
export interface CodeFilter {
  has: string[];
  lacks: string[];
}

/** Add `path` to one side, taking it off the other: a turn cannot both have and lack a code. */
export function addCodeFilter(filter: CodeFilter, side: keyof CodeFilter, path: string): CodeFilter {
  const has = filter.has.filter((p) => p !== path);
  const lacks = filter.lacks.filter((p) => p !== path);
  return side === 'has' ? { has: [...has, path], lacks } : { has, lacks: [...lacks, path] };
}

/** Take `path` off one side. */
export function removeCodeFilter(filter: CodeFilter, side: keyof CodeFilter, path: string): CodeFilter {
  return { ...filter, [side]: filter[side].filter((p) => p !== path) };
}

/** The search filters for the pane's state. */
export function searchFilters(where: readonly AttrFilter[], speaker: SpeakerFilter, codes: CodeFilter): Filters {
  return { where: where.map((f) => ({ ...f })), speaker, codes: [...codes.has], not_codes: [...codes.lacks] };
}

/** A one-line account of an auto-coding preview, e.g. `12 spans · 3 already coded · 9 to add`. */
export function previewSummary(preview: AutocodePreview): string {
  const total = preview.spans.length;
  const existing = preview.spans.filter((s) => s.exists).length;
  const spans = `${total} ${total === 1 ? 'span' : 'spans'}`;
  return existing === 0 ? `${spans} to add` : `${spans} · ${existing} already coded · ${total - existing} to add`;
}

/** The concordance orders offered, with what the researcher sees. */
export const KWIC_SORTS: readonly { value: KwicSort; label: string }[] = [
  { value: 'document', label: 'Reading order' },
  { value: 'left', label: 'Word before' },
  { value: 'right', label: 'Word after' },
  { value: 'keyword', label: 'Match' },
];

/** Most turns a concordance reads: enough for a study, bounded for the window. */
export const KWIC_TURNS = 500;

/**
 * The concordance of a search already run: the same query and filters, more turns, no counts.
 * A concordance lines up matches of words, so a search by meaning is read by its words alone.
 */
export function kwicRequest(searched: SearchRequest, sort: KwicSort, width = 60): KwicRequest {
  return { search: { ...keywordSearch(searched), limit: KWIC_TURNS, counts: [] }, width, sort };
}

/**
 * A search by its words alone: what auto-coding codes and the concordance lines up. The hits
 * found by meaning carry no matches, and their number is not the search's total.
 */
export function keywordSearch(searched: SearchRequest): SearchRequest {
  return { ...searched, semantic: false };
}

/** The comparisons an attribute filter offers, with how a reader sees them. */
export const FILTER_OPS: readonly { op: Cmp; label: string }[] = [
  { op: '=', label: '=' },
  { op: '!=', label: '≠' },
  { op: '<', label: '<' },
  { op: '<=', label: '≤' },
  { op: '>', label: '>' },
  { op: '>=', label: '≥' },
];

/** The comparisons an attribute of `kind` takes: text matches or not; numbers and dates also order. */
export function filterOps(kind: AttrKind | undefined): Cmp[] {
  return kind === undefined || kind === 'text' ? ['=', '!='] : FILTER_OPS.map((o) => o.op);
}

/** An attribute filter, carrying `op` only when it is not `=` (the core's default). */
export function attrFilter(key: string, op: Cmp, value: string): AttrFilter {
  return op === '=' ? { key, value } : { key, value, op };
}

/** How a reader sees a comparison: `≥` for `>=`; none is `=`. */
export function opLabel(op: Cmp | undefined): string {
  return FILTER_OPS.find((o) => o.op === (op ?? '='))?.label ?? '=';
}

/** A filter as its chip reads: `type = child`, `survey.depression ≥ 20`. */
export function filterText(f: AttrFilter): string {
  return `${f.key} ${opLabel(f.op)} ${f.value}`;
}

/** Whether two filters ask the same (values compare case-insensitively, as the core does for text). */
export function sameFilter(a: AttrFilter, b: AttrFilter): boolean {
  return a.key === b.key && (a.op ?? '=') === (b.op ?? '=') && a.value.toLowerCase() === b.value.toLowerCase();
}
