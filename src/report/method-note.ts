/**
 * How the report's figures were made, twice: in plain English for a board (what was collected, how
 * posts were sorted, how far to trust the sorting, what is left out), and with the technical figures
 * (versions, F1 scores) in an appendix for an analyst. Pure.
 */
import { SMALL_NUMBER, SUPPRESSED } from './count-table';
import type { Summary } from './summarise';
import { wordFor } from '../core/words';

export interface MethodItem {
  readonly label: string;
  readonly text: string;
}

export interface MethodInput {
  readonly summary: Summary;
  /** "2017-04-03 to 2017-07-30", or "no posts yet". */
  readonly when: string;
  readonly generatedAt: string;
  readonly classifierScores: readonly string[] | null;
  readonly gazetteerVersion: string;
}

export const SELF_SELECTED_CAVEAT =
  'Hashtag and page responses are a self-selected sample: they show what the people who chose to respond said, not what all children, young people and families in Cornwall and the Isles of Scilly think. Counts are of posts, and some people posted more than once.';

export function toMethod(input: MethodInput): MethodItem[] {
  const t = input.summary.totals;
  const sources = input.summary.sources.map((s) => `${s.key} ${format(s.posts)}`).join(', ');
  return [
    {
      label: 'What was collected',
      text: `Posts with #CIoSOneVision, comments on the CornwallCT Facebook page and survey answers from ${input.when}: ${format(t.posts)} ${wordFor(t.posts, 'post')}${sources ? ` (${sources})` : ''} from ${format(t.voices)} ${wordFor(t.voices, 'person', 'different people')}. Deleted posts are left out. Retweets count as posts but not as extra people.`,
    },
    {
      label: 'How posts were sorted',
      text: `A computer program read each post and sorted it into the five outcomes of the One Vision plan, using a list of words and phrases for each outcome and examples that people had sorted by hand. A post can be about two outcomes, and then counts in both. ${t.labelled === 0 ? 'No post has been checked by a person yet.' : `People checked ${format(t.labelled)} ${wordFor(t.labelled, 'post')} themselves; where they did, their decision is used.`}`,
    },
    { label: 'How reliable the sorting is', text: toReliability(input.classifierScores) },
    { label: 'What is left out, and why', text: toLeftOut(input.summary) },
    { label: 'Who responded', text: SELF_SELECTED_CAVEAT },
  ];
}

export function toAppendix(input: MethodInput): MethodItem[] {
  const { summary } = input;
  const versions = (list: Summary['codebookVersions']) => (list.length === 0 ? 'none yet' : list.map((v) => `${v.version} (${format(v.posts)} ${wordFor(v.posts, 'post')})`).join(', '));
  return [
    { label: 'Collection window', text: `${input.when}; report generated ${input.generatedAt.slice(0, 16).replace('T', ' ')} UTC.` },
    { label: 'Codebook and model', text: `Codebook ${versions(summary.codebookVersions)}; model ${versions(summary.modelVersions)}. A person's label wins over the classifier.` },
    {
      label: "Classifier's measured scores",
      text: input.classifierScores?.length
        ? input.classifierScores.join(' ')
        : 'Not recorded yet. Run `onevision eval` on the held-out test set and record macro-F1 and per-outcome F1 in BENCHMARKS.md (a line naming "macro-F1"); the next report will quote it here.',
    },
    { label: 'Gazetteer', text: `Places are found in the text with the onevision gazetteer (version ${input.gazetteerVersion}); names that are also common words or names elsewhere count only in a place-like context.` },
    { label: 'Terms', text: 'The words and phrases shown for each outcome are those most distinctive of its posts against the other outcomes (weighted log-odds ratio with an uninformative Dirichlet prior), used in at least 3 posts, leaving out generic words.' },
  ];
}

/** The recorded macro-F1 put in words: 0.84 becomes "about 8 in 10". */
function toReliability(scores: readonly string[] | null): string {
  const f1 = readMacroF1(scores);
  if (f1 === null) return 'The sorting has not yet been tested against posts sorted by people, so treat the figures as a first look.';
  return `When the computer's sorting was tested on posts that people had sorted but the computer had not seen, it agreed with people's labels on about ${Math.round(f1 * 10)} in 10 posts. So small differences between outcomes may be down to the sorting; large ones are not. The scores are in the Technical appendix.`;
}

/** The first macro-F1 figure in the recorded score lines (BENCHMARKS.md), or null. */
export function readMacroF1(scores: readonly string[] | null): number | null {
  for (const line of scores ?? []) {
    const match = /macro[- ]?F1\D{0,12}?(0?\.\d+|1(?:\.0+)?)(?!\d)/i.exec(line);
    if (match) return Number(match[1]);
  }
  return null;
}

function toLeftOut(summary: Summary): string {
  const t = summary.totals;
  const parts = [
    toWithheld(t),
    t.ownLeftOut === 0 ? '' : `${format(t.ownLeftOut)} ${wordFor(t.ownLeftOut, 'post')} by the campaign's own accounts ${wordFor(t.ownLeftOut, 'is', 'are')} left out of every figure: they are the question, not the answers.`,
    `Quotes come only from posts checked for safeguarding, one per person; names are replaced by made-up ones and phone numbers, e-mail addresses and links are removed.`,
    `Any count about a place below ${SMALL_NUMBER} is shown as "${SUPPRESSED}", so that nobody can be picked out in a small place.`,
  ];
  return parts.filter(Boolean).join(' ');
}

function toWithheld(t: Summary['totals']): string {
  if (t.withheld === 0) return 'Every post counted could be quoted: none was flagged for the safeguarding lead or is waiting to be checked.';
  const why = [t.flagged > 0 ? `flagged for the safeguarding lead (${format(t.flagged)})` : '', t.awaitingScreening > 0 ? `not yet checked for safeguarding (${format(t.awaitingScreening)})` : ''].filter(Boolean).join(' or ');
  return `${format(t.withheld)} ${wordFor(t.withheld, 'post is', 'posts are')} counted but never quoted or used for the words shown, because ${wordFor(t.withheld, 'it was', 'they were')} ${why}.`;
}

function format(n: number): string {
  return n.toLocaleString('en-GB');
}
