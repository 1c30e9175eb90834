import { describe, expect, it } from 'vitest';
import type { JohnsonNeyman, SavedModel } from './bindings';
import { buildFormula, formulaVariables, johnsonNeymanSentence, modelsVariables, num, pValue, stars } from './survey';

describe('buildFormula', () => {
  it('builds the Table 4 model 1 formula', () => {
    expect(
      buildFormula({
        outcome: 'depression',
        focal: 'migration',
        moderator: 'belonging',
        controls: ['girl', 'age', 'grade', 'siblings', 'korean', 'mother_edu', 'father_edu'],
      }),
    ).toBe('depression ~ migration * belonging + girl + age + grade + siblings + korean + mother_edu + father_edu');
  });
  it('enters a focal or a moderator alone as a main effect', () => {
    expect(buildFormula({ outcome: 'y', focal: 'g', moderator: '', controls: ['x'] })).toBe('y ~ g + x');
    expect(buildFormula({ outcome: 'y', focal: '', moderator: 'm', controls: [] })).toBe('y ~ m');
  });
  it('drops controls that repeat a variable already in the model', () => {
    expect(buildFormula({ outcome: 'y', focal: 'g', moderator: 'm', controls: ['y', 'g', 'm', 'x', 'x'] })).toBe('y ~ g * m + x');
  });
  it('fits the intercept alone without predictors, and nothing without an outcome', () => {
    expect(buildFormula({ outcome: 'y', focal: '', moderator: '', controls: [] })).toBe('y ~ 1');
    expect(buildFormula({ outcome: '', focal: 'g', moderator: '', controls: [] })).toBe('');
  });
});

describe('formulaVariables', () => {
  it('splits on ~ + * : and whitespace', () => {
    expect(formulaVariables('depression ~ migration * belonging + girl + age')).toEqual(['depression', 'migration', 'belonging', 'girl', 'age']);
    expect(formulaVariables('y~a:b+a')).toEqual(['y', 'a', 'b']);
  });
  it('unwraps factor() and drops constants', () => {
    expect(formulaVariables('y ~ factor(grade) + x - 1')).toEqual(['y', 'grade', 'x']);
    expect(formulaVariables('y ~ 1')).toEqual(['y']);
  });
  it('unions the variables of the saved models on one dataset', () => {
    const model = (formula: string, dataset = 'survey') => ({ formula, dataset }) as SavedModel;
    expect(modelsVariables([model('y ~ a + b'), model('y ~ b * c'), model('z ~ q', 'other')], 'survey')).toEqual(['y', 'a', 'b', 'c']);
  });
});

describe('formatting', () => {
  it('stars p-values', () => {
    expect([0.0001, 0.005, 0.03, 0.2, Number.NaN].map(stars)).toEqual(['***', '**', '*', '', '']);
  });
  it('prints numbers and p-values', () => {
    expect(num(-0.12345)).toBe('−0.123');
    expect(num(null)).toBe('–');
    expect(pValue(0.0004)).toBe('< .001');
    expect(pValue(0.0432)).toBe('.043');
  });
});

describe('johnsonNeymanSentence', () => {
  const jn = (over: Partial<JohnsonNeyman>): JohnsonNeyman => ({
    alpha: 0.05,
    t_crit: 1.96,
    bounds: [],
    significant: 'nowhere',
    range: { low: 1, high: 5 },
    regions: [],
    ...over,
  });
  it('says where the effect is significant', () => {
    expect(johnsonNeymanSentence('migration[mother]', 'belonging', jn({ significant: 'below', bounds: [2.5], regions: [{ low: 1, high: 2.5 }] }))).toBe(
      'The effect of migration[mother] is significant (p < .05) when belonging is below 2.50; within the observed range 1.00 to 5.00, that is 1.00 to 2.50.',
    );
    expect(johnsonNeymanSentence('x', 'm', jn({ significant: 'outside', bounds: [-9, 9] }))).toBe(
      'The effect of x is significant (p < .05) when m is below −9.00 or above 9.00; none of it within the observed range 1.00 to 5.00.',
    );
  });
  it('covers everywhere and nowhere', () => {
    expect(johnsonNeymanSentence('x', 'm', jn({ significant: 'everywhere' }))).toBe('The effect of x is significant (p < .05) at every value of m.');
    expect(johnsonNeymanSentence('x', 'm', jn({}))).toBe('The effect of x is not significant (p < .05) at any value of m.');
  });
});
