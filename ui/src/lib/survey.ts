// Pure helpers of the Survey tab: building a formula from the model builder's choices, reading the
// variables a formula uses, and formatting statistics. No I/O here, so all of it is unit-tested.

import type { JohnsonNeyman, Region, SavedModel } from './bindings';

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

/** A p-value as papers print it: `< .001`, else three places without the leading zero. */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  if (p < 0.001) return '< .001';
  return p.toFixed(3).replace(/^0/, '');
}

