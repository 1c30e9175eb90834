import { describe, expect, it } from 'vitest';
import { baseName, counted } from './format';

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
