import { describe, expect, it } from 'vitest';
import { excerptParts, keyAttributes, baseName, counted } from './format';

describe('counted', () => {
  it('uses the singular for one and the plural otherwise', () => {
    expect(counted(1, 'document')).toBe('1 document');
    expect(counted(0, 'document')).toBe('0 documents');
    expect(counted(41, 'informant')).toBe('41 informants');
  });
  it('takes an irregular plural', () => {
    expect(counted(2, 'child', 'children')).toBe('2 children');
  });
});

describe('baseName', () => {
  it('takes the last part of POSIX and Windows paths', () => {
    expect(baseName('/study/A01.md')).toBe('A01.md');
    expect(baseName('C:\\study\\W01.docx')).toBe('W01.docx');
    expect(baseName('plain.txt')).toBe('plain.txt');
  });
});

describe('keyAttributes', () => {
  it('follows the order of the keys given and skips the ones an informant lacks', () => {
    const attrs = { type: 'child', school: 'Korean secondary', migration: 'mother', age: 12 };
    expect(keyAttributes(attrs, ['migration', 'grade', 'type'])).toEqual([
      ['migration', 'mother'],
      ['type', 'child'],
    ]);
    expect(keyAttributes(attrs, [])).toEqual([]);
  });
});

describe('excerptParts', () => {
  it('cuts at the marks, counting code points, and leaves escaping to Svelte', () => {
    // "🙂" is one code point but two UTF-16 units: the mark after it must still land on "mom".
    const parts = excerptParts({ text: '🙂 I miss <my> mom', cut_before: true, cut_after: false, marks: [{ start: 14, end: 17 }] });
    expect(parts).toEqual([
      { text: '… ', mark: false },
      { text: '🙂 I miss <my> ', mark: false },
      { text: 'mom', mark: true },
    ]);
  });

  it('clamps marks that run past the text', () => {
    expect(excerptParts({ text: 'abc', cut_before: false, cut_after: true, marks: [{ start: 2, end: 9 }] })).toEqual([
      { text: 'ab', mark: false },
      { text: 'c', mark: true },
      { text: ' …', mark: false },
    ]);
  });
});
