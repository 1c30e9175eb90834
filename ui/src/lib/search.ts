// Pure helpers for the search pane: code filters, auto-coding previews and the concordance.

import type { AutocodePreview, AttrFilter, Filters, KwicRequest, KwicSort, SearchRequest, SpeakerFilter } from './bindings';

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

/** The concordance of a search already run: the same query and filters, more turns, no counts. */
export function kwicRequest(searched: SearchRequest, sort: KwicSort, width = 60): KwicRequest {
  return { search: { ...searched, limit: KWIC_TURNS, counts: [] }, width, sort };
}
