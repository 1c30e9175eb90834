import { describe, expect, it } from 'vitest';
import type { AutocodePreview } from './bindings';
import { addCodeFilter, previewSummary, removeCodeFilter, searchFilters } from './search';

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
