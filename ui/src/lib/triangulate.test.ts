import { describe, expect, it } from 'vitest';
import type { Code, DatasetInfo, Finding, FindingInput, Moderation, Published, SavedModel } from './bindings';
import {
  addResult,
  caseDefaults,
  caseRequest,
  shortAttribution,
  coefficientsOf,
  draftRow,
  dropOrder,
  estimateText,
  exportFileName,
  findingCodes,
  findingInput,
  fitText,
  groupCells,
  informantsLine,
  isPublished,
  mergeDraft,
  moveItem,
  resultOptions,
  sameInput,
  sameOrder,
  slopeSummary,
  table1Variables,
  themeRequest,
} from './triangulate';

const finding = (over: Partial<Finding> = {}): Finding => ({
  uuid: 'f1',
  order: 0,
  updated_at: '2026-01-01T00:00:00Z',
  title: 'H3 Peer support',
  text: 'Peer support buffers.',
  results: [{ source: 'published', model: 'Table 4 model 4', term: 'migration[mother]:best_friends' }],
  codes: ['Peer support/Peer distraction'],
  exemplars: ['c1', 'c2'],
  fit: 'expansion',
  meta_inference: 'Friends distract.',
  memo: '',
  ...over,
});

describe('moveItem', () => {
  it('moves an item down and up', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
  });
  it('clamps the target to the ends of the list', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -5)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 99)).toEqual(['a', 'c', 'b']);
  });
  it('leaves the list as it is for a move in place or an index out of range, and never mutates', () => {
    const list = ['a', 'b'];
    expect(moveItem(list, 0, 0)).toEqual(['a', 'b']);
    expect(moveItem(list, 5, 0)).toEqual(['a', 'b']);
    expect(moveItem([], 0, 1)).toEqual([]);
    expect(list).toEqual(['a', 'b']);
  });
});

describe('dropOrder', () => {
  it('puts the dragged key in the place of the key it was dropped on', () => {
    expect(dropOrder(['a', 'b', 'c', 'd'], 'a', 'c')).toEqual(['b', 'c', 'a', 'd']);
    expect(dropOrder(['a', 'b', 'c', 'd'], 'd', 'a')).toEqual(['d', 'a', 'b', 'c']);
  });
  it('ignores drops on itself and unknown keys', () => {
    expect(dropOrder(['a', 'b'], 'a', 'a')).toEqual(['a', 'b']);
    expect(dropOrder(['a', 'b'], 'x', 'a')).toEqual(['a', 'b']);
    expect(dropOrder(['a', 'b'], 'a', 'x')).toEqual(['a', 'b']);
  });
  it('yields a full permutation, which order_findings requires', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const out = dropOrder(keys, 'b', 'e');
    expect([...out].sort()).toEqual(keys);
    expect(sameOrder(out, keys)).toBe(false);
  });
});

describe('sameOrder', () => {
  it('compares position by position', () => {
    expect(sameOrder(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameOrder(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameOrder(['a'], ['a', 'b'])).toBe(false);
    expect(sameOrder([], [])).toBe(true);
  });
});

describe('findingInput and sameInput', () => {
  it('copies the editable fields, so that editing the draft leaves the finding alone', () => {
    const f = finding();
    const input = findingInput(f);
    input.codes.push('Other');
    input.results[0]!.term = 'changed';
    expect(f.codes).toEqual(['Peer support/Peer distraction']);
    expect(f.results[0]!.term).toBe('migration[mother]:best_friends');
    expect(input).not.toHaveProperty('uuid');
  });
  it('sees every kind of edit', () => {
    const base = findingInput(finding());
    expect(sameInput(base, findingInput(finding()))).toBe(true);
    expect(sameInput(base, { ...base, fit: 'discordance' })).toBe(false);
    expect(sameInput(base, { ...base, fit: null })).toBe(false);
    expect(sameInput(base, { ...base, exemplars: ['c2', 'c1'] })).toBe(false);
    expect(sameInput(base, { ...base, memo: 'note' })).toBe(false);
    expect(sameInput(base, { ...base, results: [{ ...base.results[0]!, source: 'model' }] })).toBe(false);
  });
});

describe('addResult', () => {
  it('appends a new term and skips one already cited', () => {
    const r = { source: 'model' as const, model: 'Table 4 model 4', term: 'best_friends' };
    const once = addResult([], r);
    expect(once).toEqual([r]);
    expect(addResult(once, { ...r })).toEqual([r]);
    // The same term from the publication is a different result.
    expect(addResult(once, { ...r, source: 'published' })).toHaveLength(2);
  });
});

describe('estimateText', () => {
  it('prints an estimate with its stars and a true minus, for the result picker', () => {
    expect(estimateText(-4.383, '**')).toBe('−4.383**');
  });
  it('rounds a fitted estimate to the published precision', () => {
    expect(estimateText(-4.327104875169192, '**')).toBe('−4.327**');
  });
  it('shows a dash for a term missing from the model', () => {
    expect(estimateText(null, '')).toBe('–');
  });
  it('tells published cells from Braid fits', () => {
    expect(isPublished({ origin: 'published' })).toBe(true);
    expect(isPublished({ origin: 'model' })).toBe(false);
  });
});

describe('slopeSummary', () => {
  const moderation: Moderation = {
    focal: 'migration[mother]',
    moderator: 'best_friends',
    mean: 3.31,
    sd: 0.81,
    slopes: [
      { label: '-1 SD', at: 2.5007, slope: 6.5633, se: 1.7812, t: 3.68, p: 0.00025, ci_low: 3.06, ci_high: 10.06, stars: '***', text: '6.563*** (1.781)' },
      { label: 'Mean', at: 3.3124, slope: 3.051, se: 1.1134, t: 2.74, p: 0.0063, ci_low: 0.86, ci_high: 5.24, stars: '', text: '' },
      { label: '+1 SD', at: 4.1241, slope: -0.4613, se: 1.52, t: -0.3, p: 0.76, ci_low: -3.4, ci_high: 2.5, stars: '', text: '−0.461 (1.520)' },
      { label: '', at: 6, slope: -7, se: 3, t: -2.3, p: 0.02, ci_low: -13, ci_high: -1, stars: '', text: '' },
    ],
    johnson_neyman: {
      alpha: 0.05,
      t_crit: 1.96,
      bounds: [3.79],
      significant: 'below',
      range: { low: 1, high: 5 },
      regions: [{ low: 1, high: 3.79 }],
    },
    sentence: 'The effect of migration[mother] is significant (p < .05) when best_friends is below 3.79; within the observed range 1.00 to 5.00, that is 1.00 to 3.79.',
    summary: 'significant (p < .05) for best_friends in [1.00, 3.79] of [1.00, 5.00]',
  };
  // The slopes' text and the Johnson–Neyman words come from the core (braid-stats format.rs,
  // tested there); the pane lays them out.
  it('gives one line per slope, marking the significant ones', () => {
    const { slopes } = slopeSummary(moderation);
    expect(slopes.map((s) => s.label)).toEqual(['-1 SD (2.50)', 'Mean (3.31)', '+1 SD (4.12)', 'at (6.00)']);
    expect(slopes[0]!.text).toBe('6.563*** (1.781)');
    expect(slopes[2]!.text).toBe('−0.461 (1.520)');
    expect(slopes.map((s) => s.significant)).toEqual([true, true, false, true]);
  });
  it('says where Johnson–Neyman finds the effect significant', () => {
    expect(slopeSummary(moderation).jn).toBe(moderation.sentence);
  });
});

describe('informantsLine', () => {
  it('lists the largest group first and drops empty ones', () => {
    expect(informantsLine({ child: 15, teacher: 8, parent: 2, grandparent: 2, other: 0 })).toBe('15 child · 8 teacher · 2 grandparent · 2 parent');
    expect(informantsLine({})).toBe('');
  });
});

describe('findingCodes and themeRequest', () => {
  it('unions the findings codes in order, each once', () => {
    const fs = [finding({ codes: ['A', 'B'] }), finding({ codes: ['B', 'C'] }), finding({ codes: [] })];
    expect(findingCodes(fs)).toEqual(['A', 'B', 'C']);
    expect(findingCodes([])).toEqual([]);
  });
  it('asks for a survey row from a dataset only with both a dataset and a variable', () => {
    expect(themeRequest('migration', ['A'], { from: 'dataset', dataset: 'survey', variable: 'depression' })).toEqual({
      attribute: 'migration',
      codes: ['A'],
      dataset: 'survey',
      variable: 'depression',
      group_column: null,
      complete_on: [],
      subset: [],
      table1_variable: null,
    });
    expect(themeRequest('migration', [], { from: 'dataset', dataset: 'survey', variable: '' })).toMatchObject({ dataset: null, variable: null });
    expect(themeRequest('migration', [], { from: 'dataset', dataset: '', variable: 'depression' })).toMatchObject({ dataset: null, variable: null });
  });
  it('takes the statistic from Table 1 without naming a dataset, which the core refuses together', () => {
    expect(themeRequest('migration', [], { from: 'table1', variable: 'depression' })).toMatchObject({
      dataset: null,
      variable: null,
      table1_variable: 'depression',
    });
    expect(themeRequest('migration', [], { from: 'table1', variable: '' }).table1_variable).toBeNull();
    expect(themeRequest('migration', [], { from: 'none' })).toMatchObject({ dataset: null, variable: null, table1_variable: null });
  });
});

describe('resultOptions', () => {
  const saved = {
    name: 'Table 4 model 4',
    formula: 'depression ~ migration * best_friends',
    fit: {
      coefficients: [
        { term: '(Intercept)', estimate: 10, se: 1, t: 10, p: 0, ci_low: 8, ci_high: 12, stars: '***', text: '10.000*** (1.000)' },
        { term: 'migration[mother]:best_friends', estimate: -4.327, se: 1.6, t: -2.7, p: 0.006, ci_low: -7, ci_high: -1, stars: '**', text: '−4.327** (1.600)' },
      ],
    },
  } as unknown as SavedModel;
  const published: Published = {
    citation: 'Wang 2023',
    significance: { thresholds: [] },
    table1: null,
    excerpts: [],
    tables: [
      {
        table: 4,
        title: 'Moderation',
        outcome: 'depression',
        controls_note: null,
        models: [
          {
            model: 4,
            formula: 'depression ~ migration * best_friends',
            n: 605,
            r2: 0.1,
            terms: [{ term: 'migration[mother]:best_friends', label: 'Mother away × number of best friends', estimate: -4.383, se: 1.575, stars: '**' }],
          },
        ],
      },
    ],
  };
  it('offers the saved fits without intercepts, then the published models by table', () => {
    const options = resultOptions([saved], published);
    expect(options.map((o) => [o.source, o.model])).toEqual([
      ['model', 'Table 4 model 4'],
      ['published', 'Table 4 model 4'],
    ]);
    expect(options[0]!.terms).toEqual([{ term: 'migration[mother]:best_friends', label: '', estimate: -4.327, se: 1.6, stars: '**' }]);
    expect(options[1]!.terms[0]!.label).toBe('Mother away × number of best friends');
  });
  it('copes with no publication and with a fit that carries no coefficients', () => {
    const broken = { ...saved, fit: { r2: 0.1 } } as unknown as SavedModel;
    expect(coefficientsOf(broken)).toEqual([]);
    expect(resultOptions([broken], null)).toEqual([{ source: 'model', model: 'Table 4 model 4', formula: saved.formula, terms: [] }]);
  });
});

describe('fitText and exportFileName', () => {
  it('names the labels, and an unset one', () => {
    expect(fitText('discordance')).toBe('Discordance');
    expect(fitText(null)).toBe('Unset');
  });
  it('makes a plain file name of a title', () => {
    expect(exportFileName('H3 Peer support', 'html')).toBe('h3-peer-support.html');
    expect(exportFileName('Teacher–student relationships (é)', 'docx')).toBe('teacher-student-relationships-e.docx');
    expect(exportFileName('  ***  ', 'csv')).toBe('display.csv');
  });
});

describe('draftRow', () => {
  const quote = (coding: string) => ({ text: coding, informant: '0803', attribution: 'x', document: '0803', start: 0, end: 1, coding });
  const row = {
    finding: 'f1',
    title: 'Old',
    text: 'old',
    quant: [],
    themes: ['A'],
    excerpts: 3,
    informants_by_type: { child: 2 },
    quotes: [quote('c1'), quote('c2'), quote('c3')],
    fit: 'expansion' as const,
    meta_inference: 'old',
  };
  it('shows the draft words and the exemplars in the draft order, dropping removed ones', () => {
    const draft = { ...findingInput(finding()), title: 'H3', fit: 'discordance' as const, exemplars: ['c3', 'c1'] };
    const out = draftRow(row, draft);
    expect(out.title).toBe('H3');
    expect(out.fit).toBe('discordance');
    expect(out.quotes.map((q) => q.coding)).toEqual(['c3', 'c1']);
    // The counts stay the saved ones: only the core computes them.
    expect(out.excerpts).toBe(3);
  });
});

describe('groupCells', () => {
  const cell = (source: string, model: string, term: string, label = '') => ({
    text: '1.000 (1.000)',
    plot: null,
    plot_file: null,
    source, origin: source.startsWith('Published') ? ('published' as const) : ('model' as const), model, term, label, estimate: 1, se: 1, stars: '', n: null, provenance: '', stale: false, simple_slopes: null,
  });
  it('pairs the published and fitted cells of one term, keeping the first-seen order and the printed label', () => {
    const groups = groupCells([
      cell('Published (Wang 2023)', 'Table 4 model 4', 'a:b', 'Mother away × friends'),
      cell('Braid fit (dataset survey)', 'Table 4 model 4', 'a:b'),
      cell('Published (Wang 2023)', 'Table 4 model 5', 'a:c', 'Mother away × closeness'),
      cell('Braid fit (dataset survey)', 'Table 4 model 5', 'a:c'),
    ]);
    expect(groups.map((g) => [g.model, g.term, g.label, g.cells.length])).toEqual([
      ['Table 4 model 4', 'a:b', 'Mother away × friends', 2],
      ['Table 4 model 5', 'a:c', 'Mother away × closeness', 2],
    ]);
  });
  it('keeps the same term of two models apart, and takes a label from a later cell', () => {
    const groups = groupCells([cell('Braid fit', 'M1', 't'), cell('Braid fit', 'M2', 't'), cell('Published', 'M1', 't', 'T')]);
    expect(groups.map((g) => [g.model, g.label, g.cells.length])).toEqual([
      ['M1', 'T', 2],
      ['M2', '', 1],
    ]);
  });
});

describe('table1Variables', () => {
  it('offers the variables Table 1 prints as means, not the percentages', () => {
    const published = {
      table1: {
        variables: [
          { variable: 'depression', kind: 'mean' },
          { variable: 'girl', kind: 'percent' },
          { variable: 'belonging', kind: 'mean' },
        ],
      },
    } as unknown as Published;
    expect(table1Variables(published)).toEqual(['depression', 'belonging']);
    expect(table1Variables(null)).toEqual([]);
    expect(table1Variables({ table1: null } as unknown as Published)).toEqual([]);
  });
});

describe('mergeDraft', () => {
  const base: FindingInput = {
    title: 'H3 Peer support',
    text: 'Peers buffer.',
    results: [{ source: 'published', model: 'Table 4 model 4', term: 'migration[mother]:best_friends' }],
    codes: ['Peer support/Peer distraction'],
    exemplars: ['a', 'b'],
    fit: 'expansion',
    meta_inference: 'Distraction, not offsetting.',
    memo: '',
  };

  it('takes a link made elsewhere into a draft that changed other fields', () => {
    const draft = { ...base, meta_inference: 'Rewritten.', exemplars: ['b', 'a'] };
    const theirs = { ...base, exemplars: ['a', 'b', 'c'], codes: [...base.codes, 'Peer support/Companionship'] };
    const { merged, conflicts } = mergeDraft(base, draft, theirs);
    expect(merged.meta_inference).toBe('Rewritten.');
    // The draft's order stays; the new exemplar comes last.
    expect(merged.exemplars).toEqual(['b', 'a', 'c']);
    expect(merged.codes).toEqual(['Peer support/Peer distraction', 'Peer support/Companionship']);
    expect(conflicts).toEqual([]);
  });

  it('drops what the other side removed, and keeps what the draft added', () => {
    const draft = { ...base, exemplars: ['a', 'b', 'd'] };
    const theirs = { ...base, exemplars: ['b'], results: [] };
    const { merged } = mergeDraft(base, draft, theirs);
    expect(merged.exemplars).toEqual(['b', 'd']);
    expect(merged.results).toEqual([]);
  });

  it('takes the other side of a prose field the draft left alone, and names real conflicts', () => {
    const draft = { ...base, fit: 'discordance' as const, text: 'Mine.' };
    const theirs = { ...base, fit: 'confirmation' as const, title: 'H3 Peers', text: 'Mine.' };
    const { merged, conflicts } = mergeDraft(base, draft, theirs);
    expect(merged.title).toBe('H3 Peers');
    expect(merged.text).toBe('Mine.');
    expect(merged.fit).toBe('discordance');
    expect(conflicts).toEqual(['fit']);
  });
});

describe('caseDefaults and caseRequest', () => {
  const dataset = (name: string, columns: [string, 'numeric' | 'categorical'][]) =>
    ({ name, summary: { columns: columns.map(([n, kind]) => ({ name: n, kind })) } }) as DatasetInfo;
  const model = (name: string, formula: string, on = 'survey') => ({ name, formula, dataset: on }) as SavedModel;
  const code = (path: string) => ({ path, depth: path.split('/').length - 1 }) as Code;
  const survey = dataset('survey', [['id', 'categorical'], ['migration', 'categorical'], ['depression', 'numeric'], ['belonging', 'numeric']]);
  const models = [model('M0', 'depression ~ migration'), model('M1', 'depression ~ migration * center(belonging) + age'), model('X', 'y ~ a * b', 'other')];
  const codes = [code('A'), code('A/a1'), code('B'), code('C'), code('D')];

  it('reads the first linked dataset against its first model with an interaction, quoting the first three top-level codes', () => {
    expect(caseDefaults(['survey'], [survey], models, codes)).toEqual({
      dataset: 'survey',
      sortBy: 'depression',
      model: 'M1',
      ascending: false,
      scores: ['depression', 'migration', 'belonging'],
      codes: ['A', 'B', 'C'],
    });
  });
  it('falls back to the first numeric column without a model, and to nothing without a link', () => {
    expect(caseDefaults(['survey'], [survey], [], codes)).toMatchObject({ sortBy: 'depression', model: '', scores: ['depression'] });
    expect(caseDefaults([], [survey], models, codes)).toMatchObject({ dataset: '', sortBy: '', model: '', scores: [] });
  });
  it('drops the informant id an attribution starts with', () => {
    expect(shortAttribution('Informant 0602, student in the ethnic Korean secondary school', '0602')).toBe('student in the ethnic Korean secondary school');
    expect(shortAttribution('Teacher 3001, Han school', '3001')).toBe('Teacher 3001, Han school');
    expect(shortAttribution('Informant 0602', '0602')).toBe('');
  });
  it('asks nothing without a dataset, or for residuals without a model', () => {
    const choice = { dataset: 'survey', sortBy: 'residual', model: '', ascending: true, scores: ['depression'], codes: ['A'] };
    expect(caseRequest(choice)).toBeNull();
    expect(caseRequest({ ...choice, dataset: '' })).toBeNull();
    expect(caseRequest({ ...choice, model: 'M1' })).toEqual({ dataset: 'survey', sort_by: 'residual', model: 'M1', ascending: true, scores: ['depression'], codes: ['A'] });
    expect(caseRequest({ ...choice, sortBy: 'depression' })?.model).toBeNull();
  });
});
