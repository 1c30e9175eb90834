import { describe, expect, it } from 'vitest';
import { addToGroup, canRetrieve, formatFile, removeFromGroup, retrievalRequest, type CodeGroups } from './retrieval';

const EMPTY: CodeGroups = { any: [], all: [], not: [] };

describe('code groups', () => {
  it('moves a code between groups rather than duplicating it', () => {
    let g = addToGroup(EMPTY, 'any', 'Teacher');
    g = addToGroup(g, 'any', 'Peer support');
    g = addToGroup(g, 'not', 'Teacher');
    expect(g).toEqual({ any: ['Peer support'], all: [], not: ['Teacher'] });
    expect(addToGroup(g, 'any', 'Peer support').any).toEqual(['Peer support']);
  });
  it('removes from one group only', () => {
    const g = { any: ['A'], all: ['B'], not: [] };
    expect(removeFromGroup(g, 'all', 'B')).toEqual({ any: ['A'], all: [], not: [] });
  });
  it('needs a code in ANY or ALL', () => {
    expect(canRetrieve(EMPTY)).toBe(false);
    expect(canRetrieve({ ...EMPTY, not: ['A'] })).toBe(false);
    expect(canRetrieve({ ...EMPTY, all: ['A'] })).toBe(true);
  });
});

describe('retrievalRequest', () => {
  it('builds the request, with one coder or all', () => {
    const r = retrievalRequest({ any: ['A'], all: [], not: ['B'] }, [{ key: 'type', value: 'pupil' }], '', 80.4);
    expect(r).toEqual({
      any: ['A'],
      all: [],
      not: ['B'],
      filters: { where: [{ key: 'type', value: 'pupil' }], speaker: 'any', codes: [], not_codes: [] },
      coders: [],
      context: 80,
    });
    expect(retrievalRequest(EMPTY, [], 'coder-a', -3)).toMatchObject({ coders: ['coder-a'], context: 0 });
  });
});

describe('formatFile', () => {
  it('names the extension of each format', () => {
    expect(formatFile('markdown').extension).toBe('md');
    expect(formatFile('csv').extension).toBe('csv');
    expect(formatFile('html').extension).toBe('html');
    expect(formatFile('xlsx')).toEqual({ extension: 'xlsx', name: 'Excel' });
  });
});
