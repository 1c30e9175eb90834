import type { Span } from '../lib/bindings';

/** Where the transcript should scroll and what to highlight: a search hit's turn and matches. */
export interface Focus {
  document: string;
  segment: Span;
  matches: Span[];
}

/** Text selected in the transcript, waiting for a code: a code-point span of one document. */
export interface PendingSelection {
  document: string;
  start: number;
  end: number;
  /** The selected text, for display. */
  text: string;
}
