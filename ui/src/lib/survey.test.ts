import { describe, expect, it } from 'vitest';
import type { SavedModel } from './bindings';
import { buildFormula, modelsVariables, num, pValue } from './survey';

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
  it('centres the moderator when asked, as papers report moderation', () => {
    expect(buildFormula({ outcome: 'y', focal: 'g', moderator: 'm', controls: ['x'], centre: true })).toBe('y ~ g * center(m) + x');
    expect(buildFormula({ outcome: 'y', focal: '', moderator: 'm', controls: [], centre: true })).toBe('y ~ center(m)');
  });
  it('drops controls that repeat a variable already in the model', () => {
    expect(buildFormula({ outcome: 'y', focal: 'g', moderator: 'm', controls: ['y', 'g', 'm', 'x', 'x'] })).toBe('y ~ g * m + x');
  });
  it('fits the intercept alone without predictors, and nothing without an outcome', () => {
    expect(buildFormula({ outcome: 'y', focal: '', moderator: '', controls: [] })).toBe('y ~ 1');
    expect(buildFormula({ outcome: '', focal: 'g', moderator: '', controls: [] })).toBe('');
  });
});

describe('modelsVariables', () => {
  it('unions the variables of the saved models on one dataset', () => {
    // The core lists each model's variables (`SavedModel.variables`); the pane unions them.
    const model = (variables: string[], dataset = 'survey') => ({ variables, dataset }) as SavedModel;
    expect(modelsVariables([model(['y', 'a', 'b']), model(['y', 'b', 'c']), model(['z', 'q'], 'other')], 'survey')).toEqual(['y', 'a', 'b', 'c']);
  });
});

describe('formatting', () => {
  it('prints numbers and p-values', () => {
    expect(num(-0.12345)).toBe('−0.123');
    expect(num(null)).toBe('–');
    expect(pValue(0.0004)).toBe('< .001');
    expect(pValue(0.0432)).toBe('.043');
  });
});

