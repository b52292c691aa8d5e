/**
 * What a change of machine outcomes means per outcome: how many posts gained it, lost it, and the net
 * move of its headline count. Used by `classify --all` (this run) and `changes` (a version pair), so
 * both say the same thing about the same posts. Pure.
 */
import { OUTCOMES, type OutcomeNumber } from './codebook';

export interface OutcomeChange {
  /** As stored: outcome numbers ascending, ';'-joined, '' for none. */
  readonly from: string;
  readonly to: string;
}

export interface OutcomeTally {
  readonly outcome: OutcomeNumber;
  readonly gained: number;
  readonly lost: number;
  /** gained − lost: how far the outcome's count moved. */
  readonly net: number;
}

export function parseOutcomes(stored: string): Set<OutcomeNumber> {
  return new Set(stored.split(';').filter(Boolean).map(Number).filter((o): o is OutcomeNumber => OUTCOMES.includes(o as OutcomeNumber)));
}

/** One row per outcome, all five, in order, zeros included: a table that always has the same shape. */
export function tallyOutcomeChanges(changes: Iterable<OutcomeChange>): OutcomeTally[] {
  const gained = OUTCOMES.map(() => 0);
  const lost = OUTCOMES.map(() => 0);
  for (const change of changes) {
    const from = parseOutcomes(change.from);
    const to = parseOutcomes(change.to);
    OUTCOMES.forEach((outcome, i) => {
      if (to.has(outcome) && !from.has(outcome)) gained[i] = (gained[i] ?? 0) + 1;
      if (from.has(outcome) && !to.has(outcome)) lost[i] = (lost[i] ?? 0) + 1;
    });
  }
  return OUTCOMES.map((outcome, i) => ({ outcome, gained: gained[i] ?? 0, lost: lost[i] ?? 0, net: (gained[i] ?? 0) - (lost[i] ?? 0) }));
}

/** "1 +2 −1, 4 +0 −3": only the outcomes that moved; '' when none did. */
export function describeTallies(tallies: readonly OutcomeTally[]): string {
  return tallies
    .filter((t) => t.gained > 0 || t.lost > 0)
    .map((t) => `outcome ${t.outcome} +${t.gained} −${t.lost}`)
    .join(', ');
}

/** Adds two tallies outcome by outcome (a run's pages, summed). */
export function sumTallies(a: readonly OutcomeTally[], b: readonly OutcomeTally[]): OutcomeTally[] {
  return a.map((t, i) => {
    const gained = t.gained + (b[i]?.gained ?? 0);
    const lost = t.lost + (b[i]?.lost ?? 0);
    return { outcome: t.outcome, gained, lost, net: gained - lost };
  });
}
