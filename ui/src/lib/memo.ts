// Pure helpers for memos: naming their targets and titling them in lists.

import type { Memo, MemoTarget } from './bindings';
import { clip } from './coding';

/** A stable key for a memo target, to reload a list when its target changes. */
export function targetKey(target: MemoTarget | null): string {
  if (target === null) return '';
  return target.kind === 'project' ? 'project' : `${target.kind}:${target.name}`;
}

/** The line a memo shows in a list: its title, else the start of its text. */
export function memoHeading(memo: Pick<Memo, 'title' | 'body'>): string {
  const title = memo.title.trim();
  if (title) return title;
  const firstLine = memo.body.trim().split('\n')[0] ?? '';
  return firstLine ? clip(firstLine, 48) : '(empty memo)';
}

/** Memos newest first, by their last change. */
export function newestFirst(memos: readonly Memo[]): Memo[] {
  return [...memos].sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0));
}
