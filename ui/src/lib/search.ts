// Pure helpers for the search pane: code filters and auto-coding previews.

import type { AutocodePreview, AttrFilter, Filters, SpeakerFilter } from './bindings';

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
