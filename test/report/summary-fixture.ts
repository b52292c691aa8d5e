/** Summaries written by hand for the report's pure tests: just the counts a test is about. */
import type { CountRow } from '../../src/report/count-table';
import { OUTCOME_NAMES } from '../../src/report/outcomes';
import type { ReportInput } from '../../src/report/report-content';
import type { Summary } from '../../src/report/summarise';

/** A count row; `outcomes` are posts per outcome 1..5, all classified. */
export function row(key: string, outcomes: readonly number[], extra: Partial<CountRow> = {}): CountRow {
  const posts = extra.posts ?? Math.max(outcomes.reduce((a, b) => a + b, 0), 0);
  return { key, posts, outcomes: [0, 1, 2, 3, 4].map((i) => outcomes[i] ?? 0), none: 0, unclassified: 0, ...extra };
}

/** Weeks from `firstMonday`, one per entry of `perWeek` (posts per outcome 1..5 that week). */
export function weeks(firstMonday: string, perWeek: ReadonlyArray<readonly number[]>): CountRow[] {
  return perWeek.map((outcomes, i) => row(new Date(Date.parse(firstMonday) + i * 7 * 86_400_000).toISOString().slice(0, 10), outcomes));
}

export function makeSummary(parts: Partial<Summary> & { weeks?: readonly CountRow[] } = {}): Summary {
  const weekRows = parts.weeks ?? [];
  const perOutcome = [0, 1, 2, 3, 4].map((i) => weekRows.reduce((sum, w) => sum + (w.outcomes[i] ?? 0), 0));
  const posts = weekRows.reduce((sum, w) => sum + w.posts, 0);
  const classified = weekRows.reduce((sum, w) => sum + w.posts - w.unclassified, 0);
  return {
    first: weekRows[0] ? `${weekRows[0].key}T09:00:00.000Z` : null,
    last: weekRows.length > 0 ? `${weekRows[weekRows.length - 1]!.key}T09:00:00.000Z` : null,
    totals: { posts, retweets: 0, voices: posts, classified, unclassified: posts - classified, noOutcome: 0, labelled: 0, flagged: 0, awaitingReview: 0, awaitingScreening: 0, withheld: 0, ownLeftOut: 0 },
    outcomes: [1, 2, 3, 4, 5].map((n) => ({ outcome: n, name: OUTCOME_NAMES[n]!, posts: perOutcome[n - 1]!, share: classified === 0 ? 0 : perOutcome[n - 1]! / classified, voices: perOutcome[n - 1]!, terms: [], quotes: [] })),
    sources: posts > 0 ? [row('x', perOutcome, { posts })] : [],
    weeks: weekRows,
    months: [],
    places: [],
    areas: [],
    questions: [],
    codebookVersions: [{ version: '2017.1.1', posts }],
    modelVersions: [{ version: '2017.1.1+abc', posts }],
    ...parts,
  };
}

export function makeInput(summary: Summary, extra: Partial<ReportInput> = {}): ReportInput {
  return {
    summary,
    period: summary.first && summary.last ? { from: summary.first.slice(0, 10), to: summary.last.slice(0, 10) } : null,
    generatedAt: '2017-10-01T08:00:00.000Z',
    classifierScores: ['2017.1.1+4126ae90c15b; A macro-F1 0.838, B 0.876; per outcome 0.86 / 0.84 / 0.80 / 0.79 / 0.81'],
    gazetteerVersion: 'g-2026.1',
    ...extra,
  };
}
