import { describe, expect, it } from 'vitest';
import type { Memo } from './bindings';
import { memoHeading, newestFirst, targetKey } from './memo';

function memo(uuid: string, updated_at: string, title = '', body = ''): Memo {
  return { uuid, target: { kind: 'project' }, title, body, author: 'me', created_at: updated_at, updated_at };
}

describe('targetKey', () => {
  it('tells targets apart by kind and name', () => {
    expect(targetKey({ kind: 'project' })).toBe('project');
    expect(targetKey({ kind: 'document', name: '0602' })).toBe('document:0602');
    expect(targetKey({ kind: 'code', name: '0602' })).toBe('code:0602');
    expect(targetKey(null)).toBe('');
  });
});

describe('memoHeading', () => {
  it('prefers the title, then the first line of the text', () => {
    expect(memoHeading({ title: ' Idea ', body: 'x' })).toBe('Idea');
    expect(memoHeading({ title: '', body: '\nFirst line\nsecond' })).toBe('First line');
    expect(memoHeading({ title: '', body: '  ' })).toBe('(empty memo)');
  });
});

describe('newestFirst', () => {
  it('orders by last change, newest first', () => {
    const ms = [memo('a', '2026-01-01T00:00:00Z'), memo('b', '2026-03-01T00:00:00Z'), memo('c', '2026-02-01T00:00:00Z')];
    expect(newestFirst(ms).map((m) => m.uuid)).toEqual(['b', 'c', 'a']);
  });
});
