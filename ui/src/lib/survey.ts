// Pure helpers of the Survey tab: building a formula from the model builder's choices, reading the
// variables a formula uses, and formatting statistics. No I/O here, so all of it is unit-tested.

import type { CaseOrder, Condition, Extreme, JohnsonNeyman, Region, SavedModel } from './bindings';

/** What the model builder has picked. Empty strings mean "none". */
export interface BuilderChoice {
  outcome: string;
  focal: string;
  moderator: string;
  controls: string[];
  /** Centre the moderator at its mean over the rows the model uses: `center(moderator)`. */
  centre?: boolean;
}

/**
 * The R-style formula of the builder's choices: `outcome ~ focal * moderator + c1 + c2`, the
 * moderator written `center(moderator)` when it is to be centred. A focal
 * without a moderator (or the reverse) enters as a main effect; controls that repeat the outcome,
 * the focal or the moderator are dropped; with no predictors the model is `outcome ~ 1`.
 */
export function buildFormula(choice: BuilderChoice): string {
  const outcome = choice.outcome.trim();
  if (!outcome) return '';
  const focal = choice.focal.trim();
  const moderator = choice.moderator.trim();
  const written = moderator && choice.centre ? `center(${moderator})` : moderator;
  const terms: string[] = [];
  if (focal && moderator && focal !== moderator) terms.push(`${focal} * ${written}`);
  else if (focal || moderator) terms.push(focal || written);
  const used = new Set([outcome, focal, moderator]);
  for (const c of choice.controls) {
    const name = c.trim();
    if (name && !used.has(name)) {
      used.add(name);
      terms.push(name);
    }
  }
  return `${outcome} ~ ${terms.length ? terms.join(' + ') : '1'}`;
}

/** Every variable of the saved models fitted on `dataset`: their common analytic sample. */
export function modelsVariables(models: SavedModel[], dataset: string): string[] {
  const out: string[] = [];
  for (const m of models) {
    if (m.dataset !== dataset) continue;
    for (const v of m.variables) if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** A number to `digits` places, with a true minus sign; `–` when missing. */
export function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const s = x.toFixed(digits);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** A value as data hold it: whole numbers as they are (`16`), others to `digits` places. */
export function value(x: number | null | undefined, digits = 2): string {
  return x !== null && x !== undefined && Number.isInteger(x) ? num(x, 0) : num(x, digits);
}

/** A p-value as papers print it: `< .001`, else three places without the leading zero. */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  if (p < 0.001) return '< .001';
  return p.toFixed(3).replace(/^0/, '');
}


/**
 * One condition on a dataset's rows, `column OP value`, split at its first operator as the core
 * splits it (`depression>=20` → depression, `>=`, 20): the first of `=`, `<`, `>`, `!`, read as
 * the two-character operator when it starts one. Column and value are trimmed. A string is the
 * reason it cannot be read.
 */
export function parseCondition(text: string): Condition | string {
  const at = text.search(/[=<>!]/);
  if (at < 0) return `condition “${text.trim()}” needs the form column=value or column>=number, e.g. sample=questionnaire`;
  const rest = text.slice(at);
  const op = (['>=', '<=', '!=', '>', '<', '='] as const).find((o) => rest.startsWith(o));
  if (!op) return `condition “${text.trim()}” needs the form column=value or column>=number, e.g. sample=questionnaire`;
  const column = text.slice(0, at).trim();
  if (!column) return `condition “${text.trim()}” has no column name before ${op}`;
  return { column, op, value: text.slice(at + op.length).trim() };
}

/**
 * Comma-separated conditions as the Rows and Where fields take them (`sample=questionnaire,
 * age>=12`); empty parts are skipped. `error` names the first part that cannot be read.
 */
export function parseConditions(text: string): { conditions: Condition[]; error: string | null } {
  const conditions: Condition[] = [];
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const c = parseCondition(part);
    if (typeof c === 'string') return { conditions: [], error: c };
    conditions.push(c);
  }
  return { conditions, error: null };
}

/** Conditions as written in the fields: `sample=questionnaire, age>=12`. */
export function conditionsText(conditions: readonly Condition[]): string {
  return conditions.map((c) => `${c.column}${c.op}${c.value}`).join(', ');
}

/**
 * What an end of a case list means, in words: for residuals the respondents whose outcome is
 * furthest above the model's prediction and furthest below it (which end is "worse" depends on
 * the outcome, so neither is called so); else the highest and lowest of what the cases were
 * ranked by.
 */
export function caseEnd(by: CaseOrder, extreme: Extreme, moderator: string | null = null): string {
  if (by === 'residual') return extreme === 'high' ? 'Above the prediction (largest positive residuals)' : 'Below the prediction (largest negative residuals)';
  const what = by === 'predicted' ? 'predicted value' : (moderator ?? 'moderator');
  return `${extreme === 'high' ? 'Highest' : 'Lowest'} ${what}`;
}

/** The outcome of an R-style formula: `depression ~ a + b` → `depression`. */
export function formulaOutcome(formula: string): string {
  const i = formula.indexOf('~');
  return i < 0 ? '' : formula.slice(0, i).trim();
}

/**
 * The variables of a formula's first interaction, `migration * center(belonging)` →
 * [migration, belonging]; none when the formula has no interaction.
 */
export function interactionVariables(formula: string): string[] {
  const rhs = formula.slice(formula.indexOf('~') + 1);
  const term = rhs.split('+').find((t) => /[*:]/.test(t));
  if (!term) return [];
  return term
    .split(/[*:]/)
    .map((v) => v.trim().replace(/^\w+\((.*)\)$/, '$1').trim())
    .filter(Boolean);
}
