import { describe, expect, it } from 'vitest';
import type { SavedModel } from './bindings';
import { buildFormula, caseEnd, value, conditionsText, formulaOutcome, interactionVariables, modelsVariables, num, parseCondition, parseConditions, pValue } from './survey';

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
    expect(value(16)).toBe('16');
    expect(value(-3)).toBe('−3');
    expect(value(12.345)).toBe('12.35');
    expect(value(null)).toBe('–');
  });
});


describe('parseConditions', () => {
  it('splits each condition at its first operator, reading two-character operators whole', () => {
    expect(parseCondition('sample=questionnaire')).toEqual({ column: 'sample', op: '=', value: 'questionnaire' });
    expect(parseCondition(' depression >= 20 ')).toEqual({ column: 'depression', op: '>=', value: '20' });
    expect(parseCondition('age<=12')).toEqual({ column: 'age', op: '<=', value: '12' });
    expect(parseCondition('migration!=none')).toEqual({ column: 'migration', op: '!=', value: 'none' });
    expect(parseCondition('age>12')).toEqual({ column: 'age', op: '>', value: '12' });
    expect(parseCondition('age<12')).toEqual({ column: 'age', op: '<', value: '12' });
    // Only the first operator splits: the rest belongs to the value.
    expect(parseCondition('note=a>b')).toEqual({ column: 'note', op: '=', value: 'a>b' });
  });
  it('says what is wrong with a part it cannot read', () => {
    expect(parseCondition('questionnaire')).toMatch(/needs the form column=value/);
    expect(parseCondition('a!b')).toMatch(/needs the form/);
    expect(parseCondition('=mother')).toMatch(/no column name before =/);
  });
  it('reads a comma-separated list, skipping empty parts, and stops at the first bad one', () => {
    expect(parseConditions('migration=mother, age>=12,')).toEqual({
      conditions: [
        { column: 'migration', op: '=', value: 'mother' },
        { column: 'age', op: '>=', value: '12' },
      ],
      error: null,
    });
    expect(parseConditions('  ')).toEqual({ conditions: [], error: null });
    expect(parseConditions('a=1, b').error).toMatch(/“b”/);
    expect(conditionsText(parseConditions('migration=mother, age>=12').conditions)).toBe('migration=mother, age>=12');
  });
});

describe('cases', () => {
  it('names the ends of a case list in words', () => {
    expect(caseEnd('residual', 'high')).toMatch(/^Above the prediction/);
    expect(caseEnd('residual', 'low')).toMatch(/^Below the prediction/);
    expect(caseEnd('moderator', 'high', 'belonging')).toBe('Highest belonging');
    expect(caseEnd('predicted', 'low')).toBe('Lowest predicted value');
  });
  it('reads the outcome and the first interaction of a formula', () => {
    expect(formulaOutcome('depression ~ migration * belonging + age')).toBe('depression');
    expect(interactionVariables('depression ~ migration * center(belonging) + age')).toEqual(['migration', 'belonging']);
    expect(interactionVariables('y ~ a + b:c')).toEqual(['b', 'c']);
    expect(interactionVariables('y ~ a + b')).toEqual([]);
  });
});
