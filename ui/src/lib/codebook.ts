// Pure helpers for editing the codebook: which codes a code may move or merge into, and which
// fields of a code an edit changes.

import type { Code, CodeEdit } from './bindings';
import { parentPath, underCode } from './coding';

/** The editable text fields of a code. */
export interface CodeDraft {
  name: string;
  colour: string;
  definition: string;
  include: string;
  exclude: string;
  example: string;
}

/** A draft holding a code's current fields. */
export function draftOf(code: Code): CodeDraft {
  const { name, colour, definition, include, exclude, example } = code;
  return { name, colour, definition, include, exclude, example };
}

/** The edit that turns `code` into `draft`: changed fields only, or null when nothing changed. */
export function editFromDraft(code: Code, draft: CodeDraft): CodeEdit | null {
  const edit: CodeEdit = { name: null, colour: null, definition: null, include: null, exclude: null, example: null, parent: null };
  let changed = false;
  for (const key of ['name', 'colour', 'definition', 'include', 'exclude', 'example'] as const) {
    const value = key === 'name' ? draft.name.trim() : draft[key];
    if (value !== code[key]) {
      edit[key] = value;
      changed = true;
    }
  }
  return changed ? edit : null;
}

/**
 * Codes that `path` can be moved under: none of its own sub-tree, and not its current parent.
 * Moving to the top level is offered separately (parent "").
 */
export function moveTargets(codes: readonly Code[], path: string): Code[] {
  const parent = parentPath(path);
  return codes.filter((c) => !underCode(c.path, path) && c.path !== parent);
}

/** Codes that `path` can be merged into: any code outside its own sub-tree. */
export function mergeTargets(codes: readonly Code[], path: string): Code[] {
  return codes.filter((c) => !underCode(c.path, path));
}

/** Whether dropping the code `dragged` onto `target` would move it ("" is the top level). */
export function canDrop(dragged: string, target: string): boolean {
  if (target === '') return parentPath(dragged) !== '';
  return !underCode(target, dragged) && parentPath(dragged) !== target;
}
