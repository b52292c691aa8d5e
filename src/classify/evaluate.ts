/**
 * Multi-label evaluation: per-outcome precision, recall and F1, micro and macro F1, exact match,
 * safeguarding recall and precision, how flags' levels (S4) fell, and which outcomes get confused with which. Pure.
 */
import { OUTCOMES, type OutcomeNumber, type SafeguardingLevel } from './codebook';

export interface Judgement {
  readonly outcomes: readonly OutcomeNumber[];
  /** null when the gold file has no safeguarding column (or the row no decision). */
  readonly safeguarding: boolean | null;
}

export interface OutcomeFigures {
  readonly outcome: OutcomeNumber;
  readonly support: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface Evaluation {
  readonly rows: number;
  readonly outcomes: readonly OutcomeFigures[];
  readonly microF1: number;
  readonly macroF1: number;
  readonly exactMatch: number;
  readonly safeguarding: { readonly support: number; readonly flagged: number; readonly truePositives: number; readonly recall: number | null; readonly precision: number | null } | null;
  /** Rows: gold outcome or "none"; columns: predicted outcome or "none"; counts of (gold, predicted) pairs. */
  readonly confusion: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1Of = (tp: number, fp: number, fn: number): number => ratio(2 * tp, 2 * tp + fp + fn);

export function evaluate(gold: readonly Judgement[], predicted: readonly Judgement[]): Evaluation {
  if (gold.length !== predicted.length) throw new Error('gold and predicted differ in length');
  const outcomes = OUTCOMES.map((outcome) => outcomeFigures(outcome, gold, predicted));
  const tp = sum(outcomes.map((o) => o.truePositives));
  const fp = sum(outcomes.map((o) => o.falsePositives));
  const fn = sum(outcomes.map((o) => o.falseNegatives));
  const exact = gold.filter((g, i) => sameSet(g.outcomes, predicted[i]?.outcomes ?? [])).length;
  return {
    rows: gold.length,
    outcomes,
    microF1: f1Of(tp, fp, fn),
    macroF1: macroF1Of(outcomes),
    exactMatch: ratio(exact, gold.length),
    safeguarding: safeguardingFigures(gold, predicted),
    confusion: confusionOf(gold, predicted),
  };
}

/**
 * The mean F1 of the outcomes the set says anything about: an outcome no gold row has and the model
 * never gave scores 0 by the formula, and averaging that in would call a perfect run on a small file
 * poor. Every outcome of the bundled and sealed sets has gold rows, so their figures are unchanged.
 */
function macroF1Of(outcomes: readonly OutcomeFigures[]): number {
  const scored = outcomes.filter(isScored);
  return ratio(sum(scored.map((o) => o.f1)), scored.length);
}

/** Whether an outcome has gold rows or predictions: one with neither has no F1 to speak of. */
export function isScored(o: OutcomeFigures): boolean {
  return o.truePositives + o.falsePositives + o.falseNegatives > 0;
}

function outcomeFigures(outcome: OutcomeNumber, gold: readonly Judgement[], predicted: readonly Judgement[]): OutcomeFigures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    const isGold = g.outcomes.includes(outcome);
    const isPredicted = predicted[i]?.outcomes.includes(outcome) ?? false;
    if (isGold && isPredicted) tp += 1;
    else if (isPredicted) fp += 1;
    else if (isGold) fn += 1;
  });
  return { outcome, support: tp + fn, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1: f1Of(tp, fp, fn) };
}

function safeguardingFigures(gold: readonly Judgement[], predicted: readonly Judgement[]): Evaluation['safeguarding'] {
  const decided = gold.map((g, i) => ({ g: g.safeguarding, p: predicted[i]?.safeguarding ?? false })).filter((r) => r.g !== null);
  if (decided.length === 0) return null;
  const support = decided.filter((r) => r.g).length;
  const flagged = decided.filter((r) => r.p).length;
  const tp = decided.filter((r) => r.g && r.p).length;
  return { support, flagged, truePositives: tp, recall: support === 0 ? null : tp / support, precision: flagged === 0 ? null : tp / flagged };
}

/**
 * Error-focused: a hit counts on the diagonal; a missed gold outcome is charged to each wrongly
 * predicted outcome (or to "none" when nothing wrong was predicted); a wrong extra outcome on a
 * post with no gold outcome is charged to "none".
 */
function confusionOf(gold: readonly Judgement[], predicted: readonly Judgement[]): Record<string, Record<string, number>> {
  const names = [...OUTCOMES.map(String), 'none'];
  const table: Record<string, Record<string, number>> = {};
  for (const row of names) table[row] = Object.fromEntries(names.map((c) => [c, 0]));
  const add = (r: string, c: string) => ((table[r] as Record<string, number>)[c] = ((table[r] as Record<string, number>)[c] ?? 0) + 1);
  gold.forEach((g, i) => {
    const p = predicted[i]?.outcomes ?? [];
    const wrong = p.filter((o) => !g.outcomes.includes(o));
    const missed = g.outcomes.filter((o) => !p.includes(o));
    for (const o of g.outcomes) {
      if (p.includes(o)) add(String(o), String(o));
      else if (wrong.length === 0) add(String(o), 'none');
      else for (const w of wrong) add(String(o), String(w));
    }
    if (g.outcomes.length === 0) {
      if (p.length === 0) add('none', 'none');
      for (const w of p) add('none', String(w));
    } else if (missed.length === 0) {
      for (const w of wrong) for (const o of g.outcomes) add(String(o), String(w));
    }
  });
  return table;
}

/** The largest off-diagonal cells of the confusion table: "gold 1, predicted 3: 7 posts". */
export function topConfusions(evaluation: Evaluation, limit = 6): Array<{ gold: string; predicted: string; count: number }> {
  const cells: Array<{ gold: string; predicted: string; count: number }> = [];
  for (const [gold, row] of Object.entries(evaluation.confusion)) {
    for (const [predicted, count] of Object.entries(row)) if (gold !== predicted && count > 0) cells.push({ gold, predicted, count });
  }
  return cells.sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted)).slice(0, limit);
}

export function sameSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

export interface LevelFigures {
  /** Per gold level: how many rows, and how the model flagged them. */
  readonly disclosure: { readonly rows: number; readonly asDisclosure: number; readonly asConcern: number; readonly missed: number };
  readonly concern: { readonly rows: number; readonly asDisclosure: number; readonly asConcern: number; readonly missed: number };
  /** Unflagged gold rows the model called a disclosure: the noise at the top of the lead's queue. */
  readonly falseDisclosures: number;
}

/** Null when the file has no levels. */
export function levelFigures(gold: ReadonlyArray<Judgement & { readonly level?: SafeguardingLevel }>, predicted: ReadonlyArray<SafeguardingLevel | null>): LevelFigures | null {
  if (!gold.some((row) => row.level !== undefined)) return null;
  const count = (level: SafeguardingLevel) => {
    const rows = gold.map((row, i) => ({ row, p: predicted[i] ?? null })).filter(({ row }) => row.safeguarding === true && row.level === level);
    return { rows: rows.length, asDisclosure: rows.filter((r) => r.p === 'disclosure').length, asConcern: rows.filter((r) => r.p === 'concern').length, missed: rows.filter((r) => r.p === null).length };
  };
  const falseDisclosures = gold.filter((row, i) => row.safeguarding === false && predicted[i] === 'disclosure').length;
  return { disclosure: count('disclosure'), concern: count('concern'), falseDisclosures };
}

/** How many posts a flag list `caught` cases deep holds, and what share of them are cases. */
export interface FlagDepth {
  readonly caught: number;
  readonly flagged: number;
  readonly precision: number;
}

/**
 * Precision if the flag were set just deep enough to catch `caught` of the gold cases, reading posts
 * from the highest `ranks` down; posts tied on a rank are flagged together. Comparing two recipes at
 * the same depth asks which ranks the cases better, whatever their thresholds: two thresholds a hair
 * apart move precision more than most changes do. Rows without a decision are left out. Null when
 * fewer than `caught` cases are ranked.
 */
export function flagPrecisionAt(gold: readonly Judgement[], ranks: readonly number[], caught: number): FlagDepth | null {
  const order = gold.flatMap((row, i) => (row.safeguarding === null ? [] : [i])).sort((a, b) => (ranks[b] as number) - (ranks[a] as number) || a - b);
  let cases = 0;
  for (let k = 0; k < order.length; ) {
    const rank = ranks[order[k] as number] as number;
    // The block of posts tied with this one.
    for (; k < order.length && ranks[order[k] as number] === rank; k += 1) if (gold[order[k] as number]?.safeguarding === true) cases += 1;
    if (cases >= caught) return { caught: cases, flagged: k, precision: cases / k };
  }
  return null;
}
