import { describe, expect, it } from 'vitest';
import type { Code, Coding } from './bindings';
import { band, clip, coefficient, describeStep, filterCodes, historyTitle, resizedSpan, parentPath, percent, underCode, visibleCodings, withAlpha } from './coding';

function code(path: string): Code {
  const parts = path.split('/');
  return {
    uuid: path,
    path,
    name: parts[parts.length - 1] as string,
    depth: parts.length - 1,
    colour: '#336699',
    definition: '',
    include: '',
    exclude: '',
    example: '',
    codings: 0,
  };
}

function coding(code: string, coder: string): Coding {
  return { uuid: `${code}:${coder}`, document: '0602', code, code_uuid: code, colour: '#000000', start: 0, end: 1, coder, created_at: '', memo: null, text: 'x' };
}

const CODES = ['Peer support', 'Peer support/Peer distraction', 'Teacher', 'Teacher/Support from teacher', 'Homesickness'].map(code);
const paths = (cs: Code[]) => cs.map((c) => c.path);

describe('filterCodes', () => {
  it('lists every code, in codebook order, for an empty query', () => {
    expect(paths(filterCodes(CODES, '  '))).toEqual(paths(CODES));
  });

  it('ranks name prefixes, then names containing the query, then path matches', () => {
    expect(paths(filterCodes(CODES, 'support'))).toEqual(['Teacher/Support from teacher', 'Peer support', 'Peer support/Peer distraction']);
    expect(paths(filterCodes(CODES, 'TEACH'))).toEqual(['Teacher', 'Teacher/Support from teacher']);
  });

  it('needs every word of the query somewhere in the path', () => {
    expect(paths(filterCodes(CODES, 'peer distr'))).toEqual(['Peer support/Peer distraction']);
    expect(filterCodes(CODES, 'nothing like it')).toEqual([]);
  });
});

describe('visibleCodings', () => {
  const all = [coding('Teacher', 'a'), coding('Teacher/Support from teacher', 'b'), coding('Peer support', 'a')];
  const uuids = (cs: Coding[]) => cs.map((c) => c.uuid);

  it('shows all coders or only the current one', () => {
    expect(visibleCodings(all, { coder: 'a', allCoders: true, code: null })).toHaveLength(3);
    expect(uuids(visibleCodings(all, { coder: 'a', allCoders: false, code: null }))).toEqual(['Teacher:a', 'Peer support:a']);
  });

  it('filters to a code and its sub-codes, not to codes sharing a prefix', () => {
    expect(uuids(visibleCodings(all, { coder: 'a', allCoders: true, code: 'Teacher' }))).toEqual(['Teacher:a', 'Teacher/Support from teacher:b']);
    expect(underCode('Teachers', 'Teacher')).toBe(false);
    expect(underCode('anything', null)).toBe(true);
  });
});

describe('describeStep', () => {
  it('prefixes the core summary, or says there is nothing to do', () => {
    const step = { event: 7, action: 'code', payload: { document: '0602' }, summary: 'coding “Teacher” in 0602' };
    expect(describeStep('Undid', step)).toBe('Undid coding “Teacher” in 0602');
    expect(describeStep('Redid', step)).toBe('Redid coding “Teacher” in 0602');
    expect(describeStep('Undid', null)).toBe('Nothing to undo');
    expect(describeStep('Redid', null)).toBe('Nothing to redo');
  });
});

describe('resizedSpan', () => {
  const c = { document: '0602', start: 10, end: 20 };
  const sel = (start: number, end: number, document = '0602') => ({ document, start, end });
  it('sets the span to the selection', () => {
    expect(resizedSpan(c, sel(5, 12), 'set')).toEqual({ start: 5, end: 12 });
  });
  it('extends the span to cover the selection on either side', () => {
    expect(resizedSpan(c, sel(15, 30), 'extend')).toEqual({ start: 10, end: 30 });
    expect(resizedSpan(c, sel(2, 4), 'extend')).toEqual({ start: 2, end: 20 });
  });
  it('refuses selections elsewhere, empty ones and no-ops', () => {
    expect(resizedSpan(c, sel(5, 12, '0603'), 'set')).toBeNull();
    expect(resizedSpan(c, sel(5, 5), 'set')).toBeNull();
    expect(resizedSpan(c, sel(12, 15), 'extend')).toBeNull();
    expect(resizedSpan(c, sel(10, 20), 'set')).toBeNull();
    expect(resizedSpan(c, null, 'set')).toBeNull();
  });
});

describe('historyTitle', () => {
  it('labels the buttons with the core summary and the shortcut', () => {
    const step = { event: 7, action: 'code', payload: {}, summary: 'coding “X” in 0602' };
    expect(historyTitle('Undo', step)).toBe('Undo coding “X” in 0602 (Ctrl+Z)');
    expect(historyTitle('Redo', step)).toBe('Redo coding “X” in 0602 (Ctrl+Shift+Z)');
    expect(historyTitle('Undo', null)).toBe('Nothing to undo');
    expect(historyTitle('Redo', undefined)).toBe('Nothing to redo');
  });
});

describe('number formatting', () => {
  it('formats shares, coefficients and their bands', () => {
    expect(percent(0.9234)).toBe('92.3%');
    expect(percent(null)).toBe('–');
    expect(coefficient(0.61234)).toBe('0.61');
    expect(coefficient(-0.001)).toBe('0.00');
    expect(coefficient(null)).toBe('–');
    expect(coefficient(Number.NaN)).toBe('–');
    expect([band(0.8), band(0.5), band(0.1), band(null)]).toEqual(['good', 'fair', 'poor', null]);
  });
});

describe('small text helpers', () => {
  it('tints colours, finds parents and clips text', () => {
    expect(withAlpha('#ff8000', 0.25)).toBe('rgba(255, 128, 0, 0.25)');
    expect(withAlpha('red', 0.25)).toBe('red');
    expect(parentPath('A/B/C')).toBe('A/B');
    expect(parentPath('A')).toBe('');
    expect(clip('  one\n two  ', 20)).toBe('one two');
    expect(clip('我想妈妈我想回家', 5)).toBe('我想妈妈…');
    // Clipping counts code points, so an emoji at the cut is kept whole, never half a surrogate pair.
    const clipped = clip(`${'a'.repeat(89)}😀😀 more`, 91);
    expect(clipped).toBe(`${'a'.repeat(89)}😀…`);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(clipped)).toBe(false);
  });
});
