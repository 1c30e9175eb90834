import { describe, expect, it } from 'vitest';
import type { AutocodePreview } from './bindings';
import { KWIC_TURNS, addCodeFilter, attrFilter, filterOps, filterText, keywordSearch, kwicRequest, previewSummary, removeCodeFilter, sameFilter, searchFilters } from './search';

describe('code filters', () => {
  it('moves a code between has and lacks', () => {
    let f = addCodeFilter({ has: [], lacks: [] }, 'has', 'Teacher');
    f = addCodeFilter(f, 'lacks', 'Teacher');
    expect(f).toEqual({ has: [], lacks: ['Teacher'] });
    expect(removeCodeFilter(f, 'lacks', 'Teacher')).toEqual({ has: [], lacks: [] });
  });
  it('becomes the request filters', () => {
    expect(searchFilters([{ key: 'type', value: 'pupil' }], 'respondent', { has: ['A'], lacks: ['B'] })).toEqual({
      where: [{ key: 'type', value: 'pupil' }],
      speaker: 'respondent',
      codes: ['A'],
      not_codes: ['B'],
    });
  });
});

describe('previewSummary', () => {
  const span = (exists: boolean) => ({ document: 'd', start: 0, end: 1, text: 'x', exists });
  const preview = (spans: ReturnType<typeof span>[]): AutocodePreview => ({ code: 'A', coder: 'c', unit: 'match', spans, added: 0 });
  it('counts spans and those already coded', () => {
    expect(previewSummary(preview([span(false)]))).toBe('1 span to add');
    expect(previewSummary(preview([span(false), span(true), span(false)]))).toBe('3 spans · 1 already coded · 2 to add');
  });
});

describe('kwicRequest', () => {
  it('keeps the query and filters, reads more turns and drops the counts', () => {
    const searched = { query: 'mother', filters: { where: [{ key: 'type', value: 'child' }], speaker: 'respondent' as const, codes: [], not_codes: [] }, limit: 100, counts: ['type'], semantic: false };
    expect(kwicRequest(searched, 'left')).toEqual({ search: { ...searched, limit: KWIC_TURNS, counts: [] }, width: 60, sort: 'left' });
    expect(kwicRequest(searched, 'right', 30).width).toBe(30);
    // The search itself is left alone.
    expect(searched.counts).toEqual(['type']);
  });
  it('lines up the words of a search by meaning', () => {
    const searched = { query: 'keep it to myself', filters: { where: [], speaker: 'any' as const, codes: [], not_codes: [] }, limit: 100, counts: [], semantic: true };
    expect(kwicRequest(searched, 'left').search.semantic).toBe(false);
    expect(keywordSearch(searched)).toEqual({ ...searched, semantic: false });
    expect(searched.semantic).toBe(true);
  });
});

describe('attribute filters', () => {
  it('sends `op` only when it is not =, and reads it back on the chip', () => {
    expect(attrFilter('type', '=', 'child')).toEqual({ key: 'type', value: 'child' });
    expect(attrFilter('survey.depression', '>=', '20')).toEqual({ key: 'survey.depression', value: '20', op: '>=' });
    expect(filterText({ key: 'type', value: 'child' })).toBe('type = child');
    expect(filterText({ key: 'survey.depression', value: '20', op: '>=' })).toBe('survey.depression ≥ 20');
    expect(filterText({ key: 'migration', value: 'none', op: '!=' })).toBe('migration ≠ none');
  });
  it('orders numbers and dates only', () => {
    expect(filterOps('text')).toEqual(['=', '!=']);
    expect(filterOps('integer')).toEqual(['=', '!=', '<', '<=', '>', '>=']);
    expect(filterOps('date')).toHaveLength(6);
  });
  it('takes = and a missing op as the same filter', () => {
    expect(sameFilter({ key: 'type', value: 'Child' }, { key: 'type', value: 'child', op: '=' })).toBe(true);
    expect(sameFilter({ key: 'age', value: '12', op: '<' }, { key: 'age', value: '12' })).toBe(false);
  });
});
