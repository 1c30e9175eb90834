// Pure helpers for the local assist: its note, similar passages and code suggestions.

import type { ApiError } from './api';
import type { AssistStatus, Code, CodeSuggestion, Hit, ProgressEvent, SimilarRequest } from './bindings';
import { clip } from './coding';

/**
 * Whether the app embeds an opened project in the background (`prepare_assist`), so that similar
 * passages and suggestions are ready when first asked. The command works on a second handle made
 * from the session's own (`Project::another_handle`), never by opening the file afresh: reading
 * the file's header through a descriptor of its own and closing it would drop the session's
 * SQLite locks (POSIX locks belong to the process).
 */
export const PREPARE_IN_BACKGROUND = true;

/** How many turns "Similar passages" lists. */
export const SIMILAR_LIMIT = 20;

/** How many codes the palette suggests. */
export const SUGGESTIONS = 3;

/** A passage of a document: code points, like codings. */
export interface Passage {
  document: string;
  start: number;
  end: number;
  /** Its text, for the header of the results. */
  text: string;
}

/** What the Search tab shows for "Similar passages": the passage, then its hits or an error. */
export interface SimilarState {
  passage: Passage;
  /** Null while the search runs. */
  hits: Hit[] | null;
  error: ApiError | null;
}

/** Whether a progress event is the assist's embedding ("embedding turns for the assist"). */
export function isAssistProgress(p: ProgressEvent): boolean {
  return /\bfor the assist\b/.test(p.label);
}

/** The Search tab's one line about the assist: where it runs, or how to install it. */
export function assistNote(status: AssistStatus): string {
  if (!status.available) return `Assist unavailable: ${status.message}`;
  const model = status.model ? ` (${status.model})` : '';
  return `Assist: runs on this machine${model}; nothing leaves it. It expects English text.`;
}

/**
 * The request for the turns nearest in meaning to a passage. Respondent turns are what the
 * model reads, so the request asks for them.
 */
export function similarRequest(p: Passage, limit = SIMILAR_LIMIT): SimilarRequest {
  return {
    document: p.document,
    start: p.start,
    end: p.end,
    filters: { where: [], speaker: 'respondent', codes: [], not_codes: [] },
    limit,
  };
}

/** A cosine as the lists show it: two decimals. */
export function similarity(score: number): string {
  return Number.isFinite(score) ? score.toFixed(2) : '–';
}

/**
 * The suggestions whose code is in the codebook, each with that code, best first and at most
 * `max`. A code renamed or deleted since the suggestion was made is left out.
 */
export function suggestedCodes(
  suggestions: readonly CodeSuggestion[],
  codes: readonly Code[],
  max = SUGGESTIONS,
): Array<{ code: Code; suggestion: CodeSuggestion }> {
  const byPath = new Map(codes.map((c) => [c.path, c]));
  const out: Array<{ code: Code; suggestion: CodeSuggestion }> = [];
  for (const suggestion of suggestions) {
    const code = byPath.get(suggestion.code);
    if (code && !out.some((o) => o.code.path === code.path)) out.push({ code, suggestion });
    if (out.length >= max) break;
  }
  return out;
}

/** A suggestion's tooltip: why it is suggested, with the codings that support it. */
export function evidenceTitle(s: CodeSuggestion): string {
  const lines = s.evidence.map(
    (e) => `“${clip(e.text, 140)}” (${e.document}, coded by ${e.coder}; similarity ${similarity(e.similarity)})`,
  );
  const head = `Suggested: like ${s.evidence.length === 1 ? 'this coding' : 'these codings'} of ${s.code}`;
  return [head, ...lines].join('\n');
}

/** A progress event as a short line, e.g. `embedding turns for the assist: 300 of 1,261`. */
export function progressLine(p: ProgressEvent): string {
  return p.total > 0 ? `${p.label}: ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')}` : p.label;
}
