import { describe, expect, it } from 'vitest';
import { cellRequest, columnValue, heat, offDiagonalMax, pct } from './matrix';

describe('heat', () => {
  it('leaves empty cells blank and darkens with the share', () => {
    expect(heat(0)).toEqual({ background: null, dark: false });
    expect(heat(Number.NaN).background).toBeNull();
    expect(heat(0.1)).toEqual({ background: 'rgba(47, 111, 178, 0.135)', dark: false });
    expect(heat(1)).toEqual({ background: 'rgba(47, 111, 178, 0.900)', dark: true });
    expect(heat(3).background).toBe('rgba(47, 111, 178, 0.900)');
  });
});

describe('crosstab cells', () => {
  it('shows the core\'s 0..100 percentages whole', () => {
    expect(pct(100)).toBe('100%');
    expect(pct(33.333)).toBe('33%');
    expect(pct(Number.NaN)).toBe('–');
  });
  it('retrieves the code where the attribute has the column value', () => {
    expect(cellRequest('Teacher', 'migration', 'mother', ['a'])).toEqual({
      any: ['Teacher'],
      all: [],
      not: [],
      filters: { where: [{ key: 'migration', value: 'mother' }], speaker: 'any', codes: [], not_codes: [] },
      coders: ['a'],
      context: 80,
    });
  });
  it('has no value for the missing column', () => {
    expect(columnValue('(missing)')).toBeNull();
    expect(columnValue('none')).toBe('none');
  });
});

describe('offDiagonalMax', () => {
  it('ignores the diagonal', () => {
    expect(offDiagonalMax({ mode: 'overlap', codes: ['a', 'b'], counts: [[50, 3], [4, 40]] })).toBe(4);
  });
});
