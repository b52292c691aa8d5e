/**
 * What a report says, independent of how it is drawn: the HTML and Markdown renderers both read this,
 * so their figures and wording cannot drift apart. Pure.
 */
import { SMALL_NUMBER, SUPPRESSED } from './count-table';
import { OUTCOME_SHORT_NAMES } from './outcomes';
import { toPivot, type Pivot } from './pivot';
import type { Bar } from './charts';
import { OUTCOME_COLOURS } from './charts';
import type { Quote } from './quotes';
import type { OutcomeSummary, Summary } from './summarise';
import type { TermScore } from './terms';

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

export interface ReportContent {
  readonly title: string;
  readonly subtitle: string;
  readonly headline: readonly Figure[];
  readonly outcomeBars: readonly Bar[];
  readonly outcomeTable: { readonly columns: readonly string[]; readonly rows: ReadonlyArray<readonly string[]> };
  readonly weeks: Summary['weeks'];
  readonly sourceBars: readonly Bar[];
  readonly placeBars: readonly Bar[];
  readonly placeNote: string;
  readonly areaPivot: Pivot;
  readonly outcomes: readonly OutcomeSection[];
  readonly method: ReadonlyArray<{ readonly label: string; readonly text: string }>;
}

const PLACE_BARS = 15;

export const SELF_SELECTED_CAVEAT =
  'Hashtag and page responses are a self-selected sample: they show what the people who chose to respond said, not what all children, young people and families in Cornwall and the Isles of Scilly think. Counts are of posts, and some people posted more than once.';

export function toReportContent(input: ReportInput): ReportContent {
  const { summary } = input;
  const t = summary.totals;
  const when = input.period ? `${input.period.from} to ${input.period.to}` : 'no posts yet';
  const shownPlaces = summary.places.filter((p) => p.posts >= SMALL_NUMBER);
  return {
    title: 'One Vision: what children, young people and families told us',
    subtitle: `Responses to #CIoSOneVision, the CornwallCT Facebook page and surveys, ${when}${input.source ? ` (source: ${input.source})` : ''}${input.question ? ` (answers to the questions containing "${input.question}")` : ''}.`,
    headline: [
      { label: 'posts', value: format(t.posts), note: `${format(t.retweets)} retweets` },
      { label: 'unique voices', value: format(t.voices), note: 'different people, retweets not counted' },
      { label: 'sources', value: format(summary.sources.length), note: summary.sources.map((s) => s.key).join(', ') },
      { label: 'about an outcome', value: format(t.classified - t.noOutcome), note: `${format(t.unclassified)} not yet classified` },
    ],
    outcomeBars: summary.outcomes.map((o, i) => ({ label: OUTCOME_SHORT_NAMES[o.outcome] ?? String(o.outcome), value: o.posts, colour: OUTCOME_COLOURS[i] })),
    outcomeTable: {
      columns: ['Outcome', 'Posts', 'Share', 'Voices'],
      rows: summary.outcomes.map((o) => [`${o.outcome}. ${o.name}`, format(o.posts), `${Math.round(o.share * 100)}%`, format(o.voices)]),
    },
    weeks: summary.weeks,
    sourceBars: summary.sources.map((s) => ({ label: s.key, value: s.posts })),
    placeBars: shownPlaces.slice(0, PLACE_BARS).map((p) => ({ label: p.key, value: p.posts })),
    placeNote: toPlaceNote(summary, shownPlaces.length),
    areaPivot: toPivot(summary, 'area'),
    outcomes: summary.outcomes.map((o, i) => toOutcomeSection(o, OUTCOME_COLOURS[i] ?? OUTCOME_COLOURS[0])),
    method: toMethod(input, when),
  };
}

function toOutcomeSection(o: OutcomeSummary, colour: string): OutcomeSection {
  return {
    outcome: o.outcome,
    name: o.name,
    colour,
    figures: `${format(o.posts)} posts (${Math.round(o.share * 100)}% of classified posts) from ${format(o.voices)} voices`,
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
  return `${named}${hidden > 0 && shown > 0 ? ` ${hidden} ${hidden === 1 ? 'place' : 'places'} named in fewer than ${SMALL_NUMBER} posts ${hidden === 1 ? 'is' : 'are'} not shown.` : ''} In the table, any count below ${SMALL_NUMBER} shows as "${SUPPRESSED}", so that nobody can be picked out in a small place.`;
}

function toMethod(input: ReportInput, when: string): Array<{ label: string; text: string }> {
  const { summary } = input;
  const t = summary.totals;
  const versions = (list: Summary['codebookVersions']) => (list.length === 0 ? 'none yet' : list.map((v) => `${v.version} (${format(v.posts)} posts)`).join(', '));
  return [
    { label: 'Collection window', text: `${when}; report generated ${input.generatedAt.slice(0, 16).replace('T', ' ')} UTC.` },
    { label: 'Sources', text: summary.sources.length === 0 ? 'none' : summary.sources.map((s) => `${s.key} (${format(s.posts)} posts)`).join(', ') + '. Deleted posts are left out; retweets count as posts but not as voices.' },
    { label: 'Classification', text: `Codebook ${versions(summary.codebookVersions)}; model ${versions(summary.modelVersions)}. ${format(t.labelled)} posts were labelled by a person, whose decision wins over the classifier. A post with two outcomes counts in both.` },
    { label: "Classifier's measured scores", text: input.classifierScores?.length ? input.classifierScores.join(' ') : 'Not recorded yet. Run `onevision eval` on the held-out test set and record macro-F1 and per-outcome F1 in BENCHMARKS.md (a line naming "macro-F1"); the next report will quote it here.' },
    { label: 'Sample', text: SELF_SELECTED_CAVEAT },
    { label: 'Quotes', text: `Chosen from posts screened clear for safeguarding that a person confirmed or the classifier is surest of, one per author; authors are pseudonyms, people's handles and names in the text are replaced by their pseudonyms, and phone numbers, e-mail addresses, links and mentions are removed. ${format(t.withheld)} posts whose text is withheld (${format(t.flagged)} flagged for safeguarding, ${format(t.awaitingScreening)} not yet screened) are counted but never quoted, and never used for the terms.` },
    { label: "The campaign's own posts", text: t.ownLeftOut === 0 ? 'None were left out.' : `${format(t.ownLeftOut)} posts by the campaign's own accounts (CornwallCT's tweets and page posts, and retweets of them) are left out of every count, chart, quote and term: they are the question, not the answers.` },
    { label: 'Places', text: `Places are found in the text with the onevision gazetteer (version ${input.gazetteerVersion}); names that are also common words or names elsewhere count only in a place-like context. Counts below ${SMALL_NUMBER} are shown as "${SUPPRESSED}".` },
  ];
}

export function format(n: number): string {
  return n.toLocaleString('en-GB');
}
