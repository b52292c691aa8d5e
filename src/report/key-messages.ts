/**
 * The report's key messages: three or four short sentences a board reads first, written from the
 * figures (the biggest outcome, the biggest change, where), each saying plainly when the figures are
 * too few to say it. Pure.
 */
import { publishedPlaces, SMALL_NUMBER, withEmptyPeriods, type CountRow } from './count-table';
import { toPeriodRange } from './periods';
import type { Summary } from './summarise';

/** The one name each outcome goes by in the report. */
export type OutcomeNames = Readonly<Record<number, string>>;

export interface KeyMessage {
  readonly about: 'outcome' | 'change' | 'place' | 'sample';
  readonly text: string;
}

/** Below these, a half of the period says more about chance than about a change. */
export const MIN_CHANGE_WEEKS = 4;
export const MIN_HALF_POSTS = 20;
/** A share that moves less than this (5 percentage points) is "much the same". */
const NOTABLE_CHANGE = 0.05;

export function toKeyMessages(summary: Summary, names: OutcomeNames): KeyMessage[] {
  return [
    { about: 'outcome', text: toBiggestOutcome(summary, names) },
    { about: 'change', text: toBiggestChange(summary, names) },
    { about: 'place', text: toWhere(summary) },
    { about: 'sample', text: 'These are the views of the people who chose to respond, not a survey of everyone.' },
  ];
}

function toBiggestOutcome(summary: Summary, names: OutcomeNames): string {
  const most = Math.max(0, ...summary.outcomes.map((o) => o.posts));
  if (most === 0) return 'No post has been sorted into one of the five outcomes yet.';
  const top = summary.outcomes.filter((o) => o.posts === most);
  const share = `${Math.round((top[0]!.share ?? 0) * 100)}%`;
  const of = `${format(summary.totals.classified)} sorted posts`;
  if (top.length > 1) return `${joinNames(top.map((o) => nameOf(names, o.outcome)))} have the most posts: ${format(most)} each, ${share} of ${of}.`;
  return `${nameOf(names, top[0]!.outcome)} has the most posts: ${format(most)}, ${share} of ${of}.`;
}

interface Half {
  readonly from: string;
  readonly to: string;
  readonly classified: number;
  readonly outcomes: readonly number[];
}

function toBiggestChange(summary: Summary, names: OutcomeNames): string {
  const halves = toHalves(summary.weeks);
  if (halves === null) return `There is too little data to speak of change yet: it takes at least ${MIN_CHANGE_WEEKS} weeks, and ${MIN_HALF_POSTS} sorted posts in each half of the period.`;
  const [first, second] = halves;
  const changes = first.outcomes.map((n, i) => ({ outcome: i + 1, before: n / first.classified, after: (second.outcomes[i] ?? 0) / second.classified }));
  changes.sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || a.outcome - b.outcome);
  const biggest = changes[0]!;
  // The halves are whole weeks; the period starts and ends on the first and last post's day.
  const from = summary.first && summary.first.slice(0, 10) > first.from ? summary.first.slice(0, 10) : first.from;
  const to = summary.last && summary.last.slice(0, 10) < second.to ? summary.last.slice(0, 10) : second.to;
  const halvesNamed = `the first half of the period (${formatDays(from, first.to)})`;
  const secondNamed = `the second (${formatDays(second.from, to)})`;
  if (Math.abs(biggest.after - biggest.before) < NOTABLE_CHANGE) return `The mix of outcomes stayed much the same between ${halvesNamed} and ${secondNamed}.`;
  const verb = biggest.after > biggest.before ? 'rose' : 'fell';
  return `The biggest change: ${nameOf(names, biggest.outcome)} ${verb} from ${percent(biggest.before)} of sorted posts in ${halvesNamed} to ${percent(biggest.after)} in ${secondNamed}.`;
}

/** The known weeks, gaps filled, split into an earlier and a later half; null when either is too thin. */
function toHalves(weeks: readonly CountRow[]): [Half, Half] | null {
  const known = weeks.filter((w) => w.key !== 'unknown');
  if (known.length === 0) return null;
  const filled = withEmptyPeriods(known, toPeriodRange('week', known[0]!.key, known[known.length - 1]!.key));
  if (filled.length < MIN_CHANGE_WEEKS) return null;
  const middle = Math.floor(filled.length / 2);
  const halves: [Half, Half] = [toHalf(filled.slice(0, middle)), toHalf(filled.slice(middle))];
  return halves.every((h) => h.classified >= MIN_HALF_POSTS) ? halves : null;
}

function toHalf(rows: readonly CountRow[]): Half {
  const lastMonday = Date.parse(rows[rows.length - 1]!.key);
  return {
    from: rows[0]!.key,
    to: new Date(lastMonday + 6 * 86_400_000).toISOString().slice(0, 10),
    classified: rows.reduce((sum, r) => sum + r.posts - r.unclassified, 0),
    outcomes: rows[0]!.outcomes.map((_, i) => rows.reduce((sum, r) => sum + (r.outcomes[i] ?? 0), 0)),
  };
}

/** Only an area or place named in 5 or more posts is named: a smaller count could point at a person. */
function toWhere(summary: Summary): string {
  const area = summary.areas.find((a) => a.posts >= SMALL_NUMBER);
  const [place] = publishedPlaces(summary.places, summary.areas);
  if (!area && !place) return `No place was named in ${SMALL_NUMBER} or more posts, so no place is singled out here.`;
  const parts: string[] = [];
  if (area) parts.push(`More posts name places in the ${area.label ?? area.key} area than in any other (${format(area.posts)} posts)`);
  if (place) parts.push(`${area ? 'the' : 'The'} place named most often is ${place.key} (${format(place.posts)} posts)`);
  return `${parts.join('; ')}.`;
}

export function nameOf(names: OutcomeNames, outcome: number): string {
  return names[outcome] ?? `Outcome ${outcome}`;
}

function joinNames(list: readonly string[]): string {
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** "3 April to 25 June 2017": the first year is left out when both days share it. */
function formatDays(from: string, to: string): string {
  const start = formatDay(from);
  const end = formatDay(to);
  if (from.slice(0, 7) === to.slice(0, 7)) return `${start.split(' ')[0]} to ${end}`;
  return from.slice(0, 4) === to.slice(0, 4) ? `${start.replace(/ \d{4}$/, '')} to ${end}` : `${start} to ${end}`;
}

/** "3 April 2017": how a board writes a date. */
export function formatDay(isoDay: string): string {
  return new Date(`${isoDay.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function format(n: number): string {
  return n.toLocaleString('en-GB');
}
