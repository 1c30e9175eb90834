import { describe, expect, it } from 'vitest';
import type { Code } from './bindings';
import { canDrop, draftOf, editFromDraft, mergeTargets, moveTargets } from './codebook';

function code(path: string): Code {
  const parts = path.split('/');
  return {
    uuid: path,
    path,
    name: parts[parts.length - 1] as string,
    depth: parts.length - 1,
    colour: '#336699',
    definition: 'd',
    include: '',
    exclude: '',
    example: '',
    codings: 0,
  };
}

const CODES = ['Peer support', 'Peer support/Peer distraction', 'Peer support/Peer distraction/Noise', 'Teacher', 'Homesickness'].map(code);
const paths = (cs: Code[]) => cs.map((c) => c.path);

describe('editFromDraft', () => {
  it('is null when nothing changed', () => {
    const c = code('Teacher');
    expect(editFromDraft(c, draftOf(c))).toBeNull();
    expect(editFromDraft(c, { ...draftOf(c), name: ' Teacher ' })).toBeNull();
  });
  it('carries only the changed fields, with the name trimmed', () => {
    const c = code('Teacher');
    const edit = editFromDraft(c, { ...draftOf(c), name: ' Teachers ', colour: '#ff0000' });
    expect(edit).toEqual({ name: 'Teachers', colour: '#ff0000', definition: null, include: null, exclude: null, example: null, parent: null });
  });
});

describe('move and merge targets', () => {
  it('never offers the code, its sub-codes, or (for moves) its current parent', () => {
    expect(paths(moveTargets(CODES, 'Peer support/Peer distraction'))).toEqual(['Teacher', 'Homesickness']);
    expect(paths(mergeTargets(CODES, 'Peer support/Peer distraction'))).toEqual(['Peer support', 'Teacher', 'Homesickness']);
  });
  it('does not mistake a name prefix for a sub-code', () => {
    const cs = ['Peer', 'Peer support'].map(code);
    expect(paths(moveTargets(cs, 'Peer'))).toEqual(['Peer support']);
  });
});

describe('canDrop', () => {
  it('allows moves to other branches and to the top level', () => {
    expect(canDrop('Teacher', 'Peer support')).toBe(true);
    expect(canDrop('Peer support/Peer distraction', '')).toBe(true);
  });
  it('refuses no-op moves and moves into the own sub-tree', () => {
    expect(canDrop('Teacher', '')).toBe(false);
    expect(canDrop('Peer support/Peer distraction', 'Peer support')).toBe(false);
    expect(canDrop('Peer support', 'Peer support/Peer distraction')).toBe(false);
    expect(canDrop('Peer support', 'Peer support')).toBe(false);
  });
});
