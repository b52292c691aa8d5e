/**
 * What a report says, independent of how it is drawn: the HTML and Markdown renderers both read this,
 * so their figures and wording cannot drift apart. Every outcome goes by one name throughout: the
 * codebook's, passed in. Pure.
 */
import { publishedPlaces, SMALL_NUMBER, SUPPRESSED, withEmptyPeriods } from './count-table';
import { toKeyMessages, type KeyMessage, type OutcomeNames, nameOf } from './key-messages';
import { toAppendix, toMethod, type MethodItem } from './method-note';
import { toPeriodRange } from './periods';
import { toPivot, type Cell, type Pivot } from './pivot';
import type { Bar } from './charts';
import { OUTCOME_COLOURS } from './charts';
import { CODEBOOK_OUTCOME_NAMES } from './outcomes';
import type { Quote } from './quotes';
import type { OutcomeSummary, Summary } from './summarise';
import type { TermScore } from './terms';
import { plural, wordFor } from '../core/words';

export { SELF_SELECTED_CAVEAT } from './method-note';

export interface ReportInput {
  readonly summary: Summary;
  /** The days the report covers, as people name them (inclusive), or null with no posts. */
  readonly period: { readonly from: string; readonly to: string } | null;
  readonly source?: string | undefined;
  /** Only answers to survey questions containing this text. */
  readonly question?: string | undefined;
  readonly generatedAt: string;
  /** Lines with the classifier's measured scores, or null when none are recorded yet. */
  readonly classifierScores: readonly string[] | null;
  readonly gazetteerVersion: string;
  /** The one name each outcome goes by, from the codebook; default the summary's names. */
  readonly outcomeNames?: OutcomeNames | undefined;
}

export interface Figure {
  readonly label: string;
  readonly value: string;
  readonly note?: string;
}

export interface OutcomeSection {
  readonly outcome: number;
  readonly name: string;
  readonly colour: string;
  readonly figures: string;
  readonly terms: readonly TermScore[];
  readonly quotes: readonly Quote[];
}

export interface DataTable {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly Cell[]>;
}

/** One outcome's posts per week, every week of the period (quiet ones as 0), for a small chart. */
export interface TrendPanel {
  readonly outcome: number;
  readonly name: string;
  readonly colour: string;
  readonly weeks: ReadonlyArray<{ readonly key: string; readonly posts: number }>;
}

export interface AreaCount {
  readonly area: string;
  readonly name: string;
  /** Null when below 5: shown as "<5". */
  readonly posts: number | null;
}

export interface ReportContent {
  readonly title: string;
  readonly subtitle: string;
  readonly keyMessages: readonly KeyMessage[];
  readonly headline: readonly Figure[];
  readonly outcomeBars: readonly Bar[];
  readonly outcomeTable: DataTable;
  readonly weeks: Summary['weeks'];
  /** The small multiples: one panel per outcome on a shared y axis up to `max`. */
  readonly trends: { readonly max: number; readonly panels: readonly TrendPanel[]; readonly undated: number } | null;
  readonly sourceBars: readonly Bar[];
  readonly placeBars: readonly Bar[];
  readonly placeNote: string;
  readonly areaPivot: Pivot;
  readonly areaCounts: readonly AreaCount[];
  readonly outcomes: readonly OutcomeSection[];
  readonly method: readonly MethodItem[];
  readonly appendix: readonly MethodItem[];
}

const PLACE_BARS = 15;

/**
 * The content of the report as a document (HTML, Markdown): outcomes go by the codebook's names. The
 * desk's overview calls toReportContent and keeps the summary's names, which its own tables show.
 */
export function toDocumentContent(input: ReportInput): ReportContent {
  return toReportContent({ ...input, outcomeNames: input.outcomeNames ?? CODEBOOK_OUTCOME_NAMES });
}

export function toReportContent(input: ReportInput): ReportContent {
  const { summary } = input;
  const t = summary.totals;
  const names: OutcomeNames = input.outcomeNames ?? Object.fromEntries(summary.outcomes.map((o) => [o.outcome, o.name]));
  const when = input.period ? `${input.period.from} to ${input.period.to}` : 'no posts yet';
  // As the place table publishes them: a place whose count is hidden there is not charted either.
  const shownPlaces = publishedPlaces(summary.places, summary.areas);
  const methodInput = { summary, when, generatedAt: input.generatedAt, classifierScores: input.classifierScores, gazetteerVersion: input.gazetteerVersion };
  return {
    title: 'One Vision: what children, young people and families told us',
    subtitle: `Responses to #CIoSOneVision, the CornwallCT Facebook page and surveys, ${when}${input.source ? ` (source: ${input.source})` : ''}${input.question ? ` (answers to the questions containing "${input.question}")` : ''}.`,
    keyMessages: toKeyMessages(summary, names),
    headline: [
      { label: 'posts', value: format(t.posts), note: `${format(t.retweets)} ${wordFor(t.retweets, 'retweet')}` },
      { label: 'unique voices', value: format(t.voices), note: 'different people, retweets not counted' },
      { label: 'sources', value: format(summary.sources.length), note: summary.sources.map((s) => s.key).join(', ') },
      { label: 'about an outcome', value: format(t.classified - t.noOutcome), note: `${format(t.unclassified)} not yet sorted` },
    ],
    outcomeBars: summary.outcomes.map((o, i) => ({ label: nameOf(names, o.outcome), value: o.posts, colour: OUTCOME_COLOURS[i] })),
    outcomeTable: {
      columns: ['Outcome', 'Posts', 'Share', 'Voices'],
      rows: summary.outcomes.map((o) => [nameOf(names, o.outcome), format(o.posts), `${Math.round(o.share * 100)}%`, format(o.voices)]),
    },
    weeks: summary.weeks,
    trends: toTrends(summary, names),
    sourceBars: summary.sources.map((s) => ({ label: s.key, value: s.posts })),
    placeBars: shownPlaces.slice(0, PLACE_BARS).map((p) => ({ label: p.key, value: p.posts })),
    placeNote: toPlaceNote(summary, shownPlaces.length),
    areaPivot: toAreaPivot(summary, names),
    areaCounts: summary.areas.map((a) => ({ area: a.key, name: a.label ?? a.key, posts: a.posts >= SMALL_NUMBER ? a.posts : null })),
    outcomes: summary.outcomes.map((o, i) => toOutcomeSection(o, nameOf(names, o.outcome), OUTCOME_COLOURS[i] ?? OUTCOME_COLOURS[0])),
    method: toMethod(methodInput),
    appendix: toAppendix(methodInput),
  };
}

function toTrends(summary: Summary, names: OutcomeNames): ReportContent['trends'] {
  const known = summary.weeks.filter((w) => w.key !== 'unknown');
  if (known.length === 0) return null;
  const weeks = withEmptyPeriods(known, toPeriodRange('week', known[0]!.key, known[known.length - 1]!.key));
  const panels = summary.outcomes.map((o, i) => ({
    outcome: o.outcome,
    name: nameOf(names, o.outcome),
    colour: OUTCOME_COLOURS[i] ?? OUTCOME_COLOURS[0],
    weeks: weeks.map((w) => ({ key: w.key, posts: w.outcomes[o.outcome - 1] ?? 0 })),
  }));
  const max = Math.max(1, ...panels.flatMap((p) => p.weeks.map((w) => w.posts)));
  return { max, panels, undated: summary.weeks.find((w) => w.key === 'unknown')?.posts ?? 0 };
}

/** The area × outcome table, headed by the outcomes' names rather than their numbers. */
function toAreaPivot(summary: Summary, names: OutcomeNames): Pivot {
  const pivot = toPivot(summary, 'area');
  const heading = (column: string) => {
    const outcome = /^outcome_(\d)$/.exec(column);
    if (outcome) return nameOf(names, Number(outcome[1]));
    return ({ area: 'Area', posts: 'Posts', no_outcome: 'No outcome', unclassified: 'Not yet sorted' } as Record<string, string>)[column] ?? column;
  };
  return { ...pivot, columns: pivot.columns.map(heading) };
}

function toOutcomeSection(o: OutcomeSummary, name: string, colour: string): OutcomeSection {
  return {
    outcome: o.outcome,
    name,
    colour,
    figures: `${format(o.posts)} ${wordFor(o.posts, 'post')} (${Math.round(o.share * 100)}% of sorted posts) from ${format(o.voices)} ${wordFor(o.voices, 'person', 'different people')}`,
    terms: o.terms,
    quotes: o.quotes,
  };
}

function toPlaceNote(summary: Summary, shown: number): string {
  const hidden = summary.places.length - shown;
  const named =
    summary.places.length === 0
      ? 'No post named a place in the gazetteer.'
      : shown === 0
        ? 'No place was named in 5 or more posts, so none is charted.'
        : `Posts naming each place (a post naming two places counts in both); the ${Math.min(shown, PLACE_BARS)} most named are charted.`;
  return `${named}${hidden > 0 && shown > 0 ? ` ${plural(hidden, 'place')} ${wordFor(hidden, 'is', 'are')} not shown: named in fewer than ${SMALL_NUMBER} posts, or kept back so that such a count cannot be worked out from its area's.` : ''} In the table, any count below ${SMALL_NUMBER} shows as "${SUPPRESSED}", so that nobody can be picked out in a small place.`;
}

export function format(n: number): string {
  return n.toLocaleString('en-GB');
}
