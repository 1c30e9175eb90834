import type { Span } from '../lib/bindings';

/** Where the transcript should scroll and what to highlight: a search hit's turn and matches. */
export interface Focus {
  document: string;
  segment: Span;
  matches: Span[];
}
