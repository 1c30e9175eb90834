import { describe, expect, it } from 'vitest';
import type { Code, CodeSuggestion } from './bindings';
import { assistNote, evidenceTitle, isAssistProgress, progressLine, similarRequest, similarity, suggestedCodes } from './assist';

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

function suggestion(path: string, score: number, texts: string[] = []): CodeSuggestion {
  return {
    code: path,
    score,
    evidence: texts.map((text, i) => ({ coding: `${path}:${i}`, document: `080${i}`, start: 0, end: text.length, text, coder: 'coder-b', similarity: 0.68 - i / 10 })),
  };
}

describe('assistNote', () => {
  it('says the model runs here, by name', () => {
    expect(assistNote({ available: true, message: 'runs on this machine (/m/all-MiniLM-L6-v2)', model: 'all-MiniLM-L6-v2', windows: 10 })).toBe(
      'Assist: runs on this machine (all-MiniLM-L6-v2); nothing leaves it. It expects English text.',
    );
  });
  it('is the install hint without the model', () => {
    expect(assistNote({ available: false, message: 'No model: run scripts/fetch-model', model: null, windows: 0 })).toBe('Assist unavailable: No model: run scripts/fetch-model');
  });
});

describe('isAssistProgress', () => {
  it('tells the assist’s embedding from other work', () => {
    expect(isAssistProgress({ label: 'embedding turns for the assist', done: 1, total: 9, finished: false })).toBe(true);
    expect(isAssistProgress({ label: 'embedding codings for the assist', done: 0, total: 0, finished: true })).toBe(true);
    expect(isAssistProgress({ label: 'indexing', done: 1, total: 9, finished: false })).toBe(false);
  });
});

describe('progressLine', () => {
  it('counts steps when the total is known', () => {
    expect(progressLine({ label: 'embedding turns for the assist', done: 300, total: 1261, finished: false })).toBe('embedding turns for the assist: 300 of 1,261');
    expect(progressLine({ label: 'loading', done: 0, total: 0, finished: false })).toBe('loading');
  });
});

describe('similarRequest', () => {
  it('asks for respondent turns near the passage', () => {
    expect(similarRequest({ document: '0602', start: 6496, end: 6542, text: 'x' })).toEqual({
      document: '0602',
      start: 6496,
      end: 6542,
      filters: { where: [], speaker: 'respondent', codes: [], not_codes: [] },
      limit: 20,
    });
    expect(similarRequest({ document: 'd', start: 0, end: 1, text: '' }, 5).limit).toBe(5);
  });
});

describe('similarity', () => {
  it('has two decimals', () => {
    expect(similarity(0.6043)).toBe('0.60');
    expect(similarity(Number.NaN)).toBe('–');
  });
});

describe('suggestedCodes', () => {
  const codes = ['Peer support', 'Peer support/Selective sharing', 'Family/Missing mother', 'Teacher'].map(code);
  it('pairs suggestions with their codes, best first, at most three', () => {
    const s = [suggestion('Peer support/Selective sharing', 2.3), suggestion('Family/Missing mother', 1.7), suggestion('Teacher', 0.6), suggestion('Peer support', 0.5)];
    expect(suggestedCodes(s, codes).map((x) => x.code.path)).toEqual(['Peer support/Selective sharing', 'Family/Missing mother', 'Teacher']);
    expect(suggestedCodes(s, codes, 1)[0]?.suggestion.score).toBe(2.3);
  });
  it('leaves out codes no longer in the codebook', () => {
    expect(suggestedCodes([suggestion('Gone', 3), suggestion('Teacher', 1)], codes).map((x) => x.code.path)).toEqual(['Teacher']);
    expect(suggestedCodes([], codes)).toEqual([]);
  });
});

describe('evidenceTitle', () => {
  it('lists the supporting codings with their documents', () => {
    const title = evidenceTitle(suggestion('Peer support/Selective sharing', 2.3, ['I feel like telling them I miss my mom is weak', 'I don’t tell her that I cry.']));
    expect(title.split('\n')).toEqual([
      'Suggested: like these codings of Peer support/Selective sharing',
      '“I feel like telling them I miss my mom is weak” (0800, coded by coder-b; similarity 0.68)',
      '“I don’t tell her that I cry.” (0801, coded by coder-b; similarity 0.58)',
    ]);
  });
  it('clips long text', () => {
    const title = evidenceTitle(suggestion('A', 1, ['word '.repeat(100)]));
    expect(title.split('\n')[1]?.length).toBeLessThan(200);
    expect(title).toContain('this coding of A');
  });
});
