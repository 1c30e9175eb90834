// Pure helpers for the retrieval pane: which codes go in which set, and the request they make.

import type { AttrFilter, RetrievalRequest, SegmentFormat } from './bindings';

/** The three code sets of a retrieval: segments coded with ANY, where ALL overlap, and NOT. */
export interface CodeGroups {
  any: string[];
  all: string[];
  not: string[];
}

export type Group = keyof CodeGroups;

/** Put `path` in `group`, taking it out of the others: a code cannot be both wanted and not. */
export function addToGroup(groups: CodeGroups, group: Group, path: string): CodeGroups {
  const without = (g: Group) => groups[g].filter((p) => p !== path);
  const next: CodeGroups = { any: without('any'), all: without('all'), not: without('not') };
  next[group] = [...next[group], path];
  return next;
}

/** Take `path` out of `group`. */
export function removeFromGroup(groups: CodeGroups, group: Group, path: string): CodeGroups {
  return { ...groups, [group]: groups[group].filter((p) => p !== path) };
}

/** Whether the groups select anything: ANY or ALL must name a code (NOT alone selects nothing). */
export function canRetrieve(groups: CodeGroups): boolean {
  return groups.any.length > 0 || groups.all.length > 0;
}

/** The request for the pane's state. */
export function retrievalRequest(groups: CodeGroups, where: readonly AttrFilter[], coder: string, context: number): RetrievalRequest {
  return {
    any: [...groups.any],
    all: [...groups.all],
    not: [...groups.not],
    filters: { where: where.map((f) => ({ ...f })), speaker: 'any', codes: [], not_codes: [] },
    coders: coder ? [coder] : [],
    context: Math.max(0, Math.round(context)),
  };
}

/** The formats retrieved segments and concordances export to, in the order offered. */
export const SEGMENT_FORMATS: readonly SegmentFormat[] = ['csv', 'markdown', 'html', 'xlsx'];

/** The file extension and dialog filter name of an export format. */
export function formatFile(format: SegmentFormat): { extension: string; name: string } {
  switch (format) {
    case 'csv':
      return { extension: 'csv', name: 'CSV' };
    case 'markdown':
      return { extension: 'md', name: 'Markdown' };
    case 'html':
      return { extension: 'html', name: 'HTML' };
    case 'xlsx':
      return { extension: 'xlsx', name: 'Excel' };
  }
}
