// Pure helpers of the Triangulate tab: reordering findings and exemplars, the results a finding can
// cite, and how a joint display's numbers are printed. No I/O here, so all of it is unit-tested.

import type {
  CaseDisplayRequest,
  Code,
  Coefficient,
  DatasetInfo,
  DisplayRow,
  Finding,
  FindingInput,
  FitLabel,
  Moderation,
  Published,
  QuantCell,
  ResultRef,
  ResultSource,
  SavedModel,
  ThemeStatsRequest,
} from './bindings';
import { FIT_LABELS } from './bindings';
import { formulaOutcome, interactionVariables, num } from './survey';

export { FIT_LABELS };

/** A fit label for display; `Unset` when the researcher has not judged the fit yet. */
export function fitText(fit: FitLabel | null): string {
  return FIT_LABELS.find(([id]) => id === fit)?.[1] ?? 'Unset';
}

/** `list` with the item at `from` moved to index `to` (clamped); the same list when nothing moves. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length) return [...list];
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (target === from) return [...list];
  const out = [...list];
  out.splice(target, 0, ...out.splice(from, 1));
  return out;
}

/**
 * The order after dragging `dragged` onto `target`: it takes the target's place, and the items
 * between shift by one, as in every list that reorders by drag. Unknown keys leave it as it is.
 */
export function dropOrder(keys: readonly string[], dragged: string, target: string): string[] {
  const from = keys.indexOf(dragged);
  const to = keys.indexOf(target);
  if (from < 0 || to < 0) return [...keys];
  return moveItem(keys, from, to);
}

/** Whether two orders are the same, so that a drop in place writes nothing (and adds no undo step). */
export function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** The editable part of a finding, as `update_finding` takes it. */
export function findingInput(f: Finding): FindingInput {
  return {
    title: f.title,
    text: f.text,
    results: f.results.map((r) => ({ ...r })),
    codes: [...f.codes],
    exemplars: [...f.exemplars],
    fit: f.fit,
    meta_inference: f.meta_inference,
    memo: f.memo,
  };
}

const resultKey = (r: ResultRef) => `${r.source}\u0000${r.model}\u0000${r.term}`;

/** Whether two inputs would save the same finding: the Save button is live only when they differ. */
export function sameInput(a: FindingInput, b: FindingInput): boolean {
  const list = (x: readonly string[], y: readonly string[]) => sameOrder(x, y);
  return (
    a.title === b.title &&
    a.text === b.text &&
    a.fit === b.fit &&
    a.meta_inference === b.meta_inference &&
    a.memo === b.memo &&
    list(a.codes, b.codes) &&
    list(a.exemplars, b.exemplars) &&
    list(a.results.map(resultKey), b.results.map(resultKey))
  );
}

/** `results` with `r` added at the end, unless the same source, model and term is there already. */
export function addResult(results: readonly ResultRef[], r: ResultRef): ResultRef[] {
  return results.some((x) => resultKey(x) === resultKey(r)) ? [...results] : [...results, r];
}

/** A published model's name as findings cite it, e.g. `Table 4 model 1`. */
export const publishedModelName = (table: number, model: number) => `Table ${table} model ${model}`;

/** A term a finding can cite, with what the picker shows beside it. */
export interface TermOption {
  term: string;
  /** The printed label of a published term; empty for fitted terms. */
  label: string;
  estimate: number;
  se: number;
  stars: string;
}

/** A model whose terms a finding can cite. */
export interface ModelOption {
  source: ResultSource;
  model: string;
  /** The formula, shown as a hint. */
  formula: string;
  terms: TermOption[];
}

/** The coefficients of a saved model's fit, which travels as untyped JSON (`braid fit --json`). */
export function coefficientsOf(model: SavedModel): Coefficient[] {
  const fit = model.fit as { coefficients?: unknown } | null;
  if (!fit || !Array.isArray(fit.coefficients)) return [];
  return fit.coefficients.filter(
    (c): c is Coefficient => typeof c === 'object' && c !== null && typeof (c as Coefficient).term === 'string',
  );
}

/**
 * Every model a finding can cite, saved fits first (intercepts left out: no finding rests on
 * one), then the published tables in table and model order.
 */
export function resultOptions(models: readonly SavedModel[], published: Published | null): ModelOption[] {
  const fitted: ModelOption[] = models.map((m) => ({
    source: 'model',
    model: m.name,
    formula: m.formula,
    terms: coefficientsOf(m)
      .filter((c) => c.term !== '(Intercept)')
      .map((c) => ({ term: c.term, label: '', estimate: c.estimate, se: c.se, stars: c.stars })),
  }));
  const printed: ModelOption[] = (published?.tables ?? []).flatMap((t) =>
    t.models.map((m) => ({
      source: 'published' as const,
      model: publishedModelName(t.table, m.model),
      formula: m.formula,
      terms: m.terms.map((x) => ({ term: x.term, label: x.label, estimate: x.estimate, se: x.se, stars: x.stars })),
    })),
  );
  return [...fitted, ...printed];
}

/** An estimate with its stars, e.g. `−3.244*`; `–` when the term is missing from the model. */
export function estimateText(estimate: number | null, stars: string, digits = 3): string {
  if (estimate === null || !Number.isFinite(estimate)) return '–';
  return `${num(estimate, digits)}${stars}`;
}

/** Whether a cell's number is the publication's rather than Braid's own fit. */
export const isPublished = (cell: Pick<QuantCell, 'origin'>) => cell.origin === 'published';

/** A model term and its cells, published and fitted side by side. */
export interface TermGroup {
  model: string;
  term: string;
  /** The printed label, when a published cell gives one. */
  label: string;
  cells: QuantCell[];
}

/** A row's cells grouped by model and term, in the order the terms first appear. */
export function groupCells(cells: readonly QuantCell[]): TermGroup[] {
  const groups: TermGroup[] = [];
  for (const cell of cells) {
    let g = groups.find((x) => x.model === cell.model && x.term === cell.term);
    if (!g) groups.push((g = { model: cell.model, term: cell.term, label: '', cells: [] }));
    g.cells.push(cell);
    g.label ||= cell.label;
  }
  return groups;
}

/** One simple slope in a line, e.g. `+1 SD (4.12): 0.026 (1.52)`. */
export interface SlopeLine {
  label: string;
  text: string;
  significant: boolean;
}

/**
 * A moderation probe in a few lines: the focal effect at −1 SD, the mean and +1 SD of the
 * moderator, and where Johnson–Neyman finds it significant.
 */
export function slopeSummary(m: Moderation, alpha = 0.05): { slopes: SlopeLine[]; jn: string } {
  const slopes = m.slopes.map((s) => ({
    label: `${s.label || 'at'} (${num(s.at, 2)})`,
    text: s.text,
    significant: s.p < alpha,
  }));
  return { slopes, jn: m.sentence };
}

/**
 * A display row as the editor's draft would print it: the draft's words, fit and exemplar order
 * over the saved row's numbers, which only the core computes (they change on Save).
 */
export function draftRow(row: DisplayRow, draft: FindingInput): DisplayRow {
  const quotes = draft.exemplars.flatMap((uuid) => row.quotes.filter((q) => q.coding === uuid));
  return { ...row, title: draft.title, text: draft.text, fit: draft.fit, meta_inference: draft.meta_inference, quotes };
}

/** Informants by type in one line, largest group first: `15 child · 8 teacher`. */
export function informantsLine(byType: { [key in string]?: number }): string {
  return Object.entries(byType)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type, n]) => `${n} ${type}`)
    .join(' · ');
}

/** Every code the findings use, in the findings' order, each once: the default rows of a display. */
export function findingCodes(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const f of findings) for (const c of f.codes) if (!out.includes(c)) out.push(c);
  return out;
}

/** Where the group statistic of a theme table comes from: nowhere, a survey dataset, or the paper's Table 1. */
export type GroupSource = { from: 'none' } | { from: 'dataset'; dataset: string; variable: string } | { from: 'table1'; variable: string };

/**
 * The statistics-by-theme request of the board's choices. A source without a variable adds no
 * survey row: the core needs both a source and a variable, and takes one source only.
 */
export function themeRequest(attribute: string, codes: readonly string[], source: GroupSource): ThemeStatsRequest {
  const fromDataset = source.from === 'dataset' && source.dataset !== '' && source.variable !== '';
  const fromTable1 = source.from === 'table1' && source.variable !== '';
  return {
    attribute,
    codes: [...codes],
    dataset: fromDataset ? source.dataset : null,
    variable: fromDataset ? source.variable : null,
    group_column: null,
    complete_on: [],
    subset: [],
    table1_variable: fromTable1 ? source.variable : null,
  };
}

/** The variables the paper's Table 1 prints as mean (SD), the only kind a theme table can show. */
export function table1Variables(published: Published | null): string[] {
  return (published?.table1?.variables ?? []).filter((v) => v.kind === 'mean').map((v) => v.variable);
}

/** A file name for an exported display: `H3 Peer support` → `h3-peer-support.html`. */
export function exportFileName(title: string, extension: string): string {
  const stem = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return `${stem || 'display'}.${extension}`;
}

/** The fields of a finding a person writes, which a merge cannot combine when both sides change. */
const PROSE_FIELDS = ['title', 'text', 'fit', 'meta_inference', 'memo'] as const;
type ProseField = (typeof PROSE_FIELDS)[number];

/**
 * Merge a change made elsewhere (`theirs`: a link, an undo) into an open draft, both starting
 * from `base`. Lists take the other side's additions and removals and keep the draft's order;
 * a prose field takes the other side's value when the draft left it alone. A prose field both
 * sides changed differently keeps the draft's value and is named in `conflicts`.
 */
export function mergeDraft(base: FindingInput, draft: FindingInput, theirs: FindingInput): { merged: FindingInput; conflicts: ProseField[] } {
  const list = <T>(b: readonly T[], d: readonly T[], t: readonly T[], key: (x: T) => string): T[] => {
    const [inBase, inTheirs] = [new Set(b.map(key)), new Set(t.map(key))];
    const kept = d.filter((x) => !(inBase.has(key(x)) && !inTheirs.has(key(x))));
    const have = new Set(kept.map(key));
    return [...kept, ...t.filter((x) => !inBase.has(key(x)) && !have.has(key(x)))];
  };
  const same = (x: string) => x;
  const merged: FindingInput = {
    ...draft,
    codes: list(base.codes, draft.codes, theirs.codes, same),
    exemplars: list(base.exemplars, draft.exemplars, theirs.exemplars, same),
    results: list(base.results, draft.results, theirs.results, resultKey),
  };
  const conflicts: ProseField[] = [];
  for (const f of PROSE_FIELDS) {
    if (draft[f] === base[f]) (merged[f] as FindingInput[ProseField]) = theirs[f];
    else if (theirs[f] !== base[f] && theirs[f] !== draft[f]) conflicts.push(f);
  }
  return { merged, conflicts };
}

/** The case-ordered display's choices; an empty model means none (no residuals). */
export interface CaseChoice {
  dataset: string;
  sortBy: string;
  model: string;
  ascending: boolean;
  scores: string[];
  codes: string[];
}

/**
 * The first case-ordered display of a project: its first linked dataset; the first saved model on
 * it with an interaction (the moderation the cases are read against), else its first model;
 * sorted by that model's outcome, with the outcome and the interaction's variables as scores;
 * quoting the first three top-level codes (a quote of a code may come from its sub-codes, so
 * broad themes quote most cases).
 */
export function caseDefaults(linked: readonly string[], datasets: readonly DatasetInfo[], models: readonly SavedModel[], codes: readonly Code[]): CaseChoice {
  const dataset = linked[0] ?? '';
  const columns = datasets.find((d) => d.name === dataset)?.summary.columns ?? [];
  const has = (c: string) => columns.some((col) => col.name === c);
  const onData = models.filter((m) => m.dataset === dataset);
  const model = onData.find((m) => interactionVariables(m.formula).length > 0) ?? onData[0] ?? null;
  const outcome = model ? formulaOutcome(model.formula) : '';
  const sortBy = has(outcome) ? outcome : (columns.find((c) => c.kind === 'numeric')?.name ?? columns[0]?.name ?? '');
  const scores: string[] = [];
  for (const v of [sortBy, ...(model ? interactionVariables(model.formula) : [])]) if (v && has(v) && !scores.includes(v)) scores.push(v);
  return {
    dataset,
    sortBy,
    model: model?.name ?? '',
    ascending: false,
    scores,
    codes: codes.filter((c) => c.depth === 0).slice(0, 3).map((c) => c.path),
  };
}

/** The core's request for a case-ordered display; null while it cannot be asked (no dataset, or residuals without a model). */
export function caseRequest(choice: CaseChoice): CaseDisplayRequest | null {
  if (!choice.dataset || !choice.sortBy || (choice.sortBy === 'residual' && !choice.model)) return null;
  return {
    dataset: choice.dataset,
    sort_by: choice.sortBy,
    model: choice.model || null,
    ascending: choice.ascending,
    scores: [...choice.scores],
    codes: [...choice.codes],
  };
}

/** An attribution without the `Informant 0602, ` its row already shows. */
export function shortAttribution(attribution: string, informant: string): string {
  const head = `Informant ${informant}`;
  if (!attribution.startsWith(head)) return attribution;
  return attribution.slice(head.length).replace(/^[,;:]?\s*/, '');
}
