/** What `onevision summary` shows and `--json` prints: the summary with its trend and one breakdown. Pure. */
import { toPivot, type Pivot, type PivotBy } from './pivot';
import { toDayWindow, toLastDay, toPreviousWindow, type Window } from './periods';
import type { Summary, Totals } from './summarise';
import { plural, wordFor } from '../core/words';

/** Posts per outcome in a window: what the trend compares against. */
export interface OutcomeCounts {
  readonly posts: number;
  /** Posts per outcome number; a post with two outcomes counts in both. */
  readonly byOutcome: Readonly<Record<number, number>>;
}

export function toOutcomeCounts(summary: Summary): OutcomeCounts {
  return { posts: summary.totals.posts, byOutcome: Object.fromEntries(summary.outcomes.map((o) => [o.outcome, o.posts])) };
}

export interface SummaryFilter {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly source?: string | undefined;
  /** Only answers to questions containing this text. */
  readonly question?: string | undefined;
}

export interface OutcomeLine {
  readonly outcome: number;
  readonly name: string;
  readonly posts: number;
  readonly share: number;
  readonly voices: number;
  /** Posts about the outcome in the window of the same length just before. */
  readonly previousPosts: number;
  /** (posts − previous) / previous; null when there was nothing before to compare with. */
  readonly change: number | null;
  readonly terms: readonly string[];
}

export interface SummaryModel {
  readonly filter: SummaryFilter;
  /** The days compared: the user's --from/--to, else the first to the last post. */
  readonly period: { readonly from: string; readonly to: string } | null;
  readonly previousPeriod: { readonly from: string; readonly to: string } | null;
  /**
   * True when nothing was posted in the previous period (always so without --from, since the period
   * then starts at the first post): there is no trend, and previousPosts' zeros mean "no data".
   */
  readonly noPreviousPosts: boolean;
  readonly totals: Totals;
  readonly outcomes: readonly OutcomeLine[];
  readonly notes: readonly string[];
  readonly by: Pivot | null;
}

export const MULTI_OUTCOME_NOTE = 'A post with two outcomes counts in both, so shares add up to more than 100%.';
export const VOICES_NOTE = 'Unique voices: different authors, not counting retweets; a survey respondent counts once however many questions they answered; anonymous posts with the same text count once.';

/** What the counts include that nobody may read, and what they leave out. */
export function toGateNotes(t: Totals): string[] {
  const notes: string[] = [];
  if (t.withheld > 0) notes.push(`${plural(t.withheld, 'counted post')} ${wordFor(t.withheld, 'has its', 'have their')} text withheld (${t.flagged} flagged for safeguarding, ${t.awaitingScreening} not yet screened): ${wordFor(t.withheld, 'it is', 'they are')} counted, but never quoted and never used for terms.`);
  if (t.ownLeftOut > 0) notes.push(`${plural(t.ownLeftOut, 'post')} by the campaign's own accounts (and retweets of them) ${wordFor(t.ownLeftOut, 'is', 'are')} left out; --include-own counts them.`);
  return notes;
}

/** The window a trend compares: the user's bounds where given, else the days the posts span. */
export function toSummaryWindow(filter: SummaryFilter, summary: Summary): Window | null {
  if (summary.first === null || summary.last === null) return filter.from && filter.to ? { from: filter.from, to: filter.to } : null;
  const days = toDayWindow(summary.first, summary.last);
  return { from: filter.from ?? days.from, to: filter.to ?? days.to };
}

export function toSummaryModel(filter: SummaryFilter, summary: Summary, window: Window | null, previous: OutcomeCounts | null, by: PivotBy | undefined): SummaryModel {
  const previousWindow = window ? toPreviousWindow(window) : null;
  return {
    filter,
    period: window ? { from: window.from.slice(0, 10), to: toLastDay(window.to) } : null,
    previousPeriod: previousWindow ? { from: previousWindow.from.slice(0, 10), to: toLastDay(previousWindow.to) } : null,
    noPreviousPosts: (previous?.posts ?? 0) === 0,
    totals: summary.totals,
    outcomes: summary.outcomes.map((o) => {
      const before = previous?.byOutcome[o.outcome] ?? 0;
      return {
        outcome: o.outcome,
        name: o.name,
        posts: o.posts,
        share: o.share,
        voices: o.voices,
        previousPosts: before,
        change: before === 0 ? null : (o.posts - before) / before,
        terms: o.terms.map((t) => t.term),
      };
    }),
    notes: [MULTI_OUTCOME_NOTE, VOICES_NOTE, ...toGateNotes(summary.totals)],
    by: by === undefined ? null : toPivot(summary, by),
  };
}
