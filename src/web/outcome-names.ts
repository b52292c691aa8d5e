/**
 * One name per outcome on every desk page: the names the overview, the report and the summary use
 * (src/report/outcomes.ts), so a reviewer ticks the same words an officer reads in the report. Pure.
 */
import { OUTCOME_NAMES, OUTCOME_NUMBERS, toOutcomeList } from '../report/outcomes';

export const DESK_OUTCOMES: readonly number[] = OUTCOME_NUMBERS;

export function outcomeName(outcome: number): string {
  return OUTCOME_NAMES[outcome] ?? `Outcome ${outcome}`;
}

/** Stored outcomes (`2;3`, '' for none) or a list, as words: "A and B", or "none of these". */
export function describeOutcomes(outcomes: string | readonly number[]): string {
  const names = (typeof outcomes === 'string' ? toOutcomeList(outcomes) : [...outcomes].sort((a, b) => a - b)).map(outcomeName);
  if (names.length === 0) return 'none of these';
  return names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join('; ')} and ${names[names.length - 1] ?? ''}`;
}
