/**
 * The summary every reporting command shows: counts per outcome, period, source and place, unique
 * voices, flags awaiting review, distinctive terms and quotable posts. Pure and streaming: rows go in
 * one at a time, so 100,000 posts cost their counts, not their text.
 */
import type { Gate } from '../gate/release';
import { isFlagState } from '../gate/screening';
import type { SummaryRow } from '../store/summaries';
import { OUTCOME_NAMES, OUTCOME_NUMBERS, toOutcomeList } from './outcomes';
import { toMonthKey, toWeekKey } from './periods';
import type { PlaceTagger } from './places';
import { QuotePool, type Quote } from './quotes';
import { createTermCounter, toTerms, type TermScore } from './terms';
import { CountTable, type CountRow } from './count-table';

export interface SummaryOptions {
  readonly tagger: PlaceTagger;
  /** Decides what of each post may be counted, quoted or mined for terms. */
  readonly gate: Gate;
  /** Count the campaign's own posts as if they were residents' (default: left out). */
  readonly includeOwn?: boolean;
  readonly quotesPerOutcome?: number;
  readonly termsPerOutcome?: number;
  /** False to skip terms and quotes, when only the counts are wanted (pivots). */
  readonly words?: boolean;
}

export interface Totals {
  /** Every post counted: the same rows an export with the same filter writes. */
  readonly posts: number;
  readonly retweets: number;
  /** Different people among the posts that are not retweets; anonymous duplicates count once. */
  readonly voices: number;
  /** Posts with a classification or a human label. */
  readonly classified: number;
  readonly unclassified: number;
  /** Classified, but about none of the five outcomes. */
  readonly noOutcome: number;
  readonly labelled: number;
  /** Flagged for safeguarding by a person, or by the classifier with no human decision yet. */
  readonly flagged: number;
  /** Flagged by the classifier and not yet reviewed by a person, the campaign's own posts included (the lead reviews those too). */
  readonly awaitingReview: number;
  /** Not yet screened for safeguarding (never classified, or changed since). */
  readonly awaitingScreening: number;
  /** Counted but never quoted nor mined for terms: flagged or awaiting screening. */
  readonly withheld: number;
  /** The campaign's own posts, left out of every count (unless includeOwn). */
  readonly ownLeftOut: number;
}

export interface OutcomeSummary {
  readonly outcome: number;
  readonly name: string;
  readonly posts: number;
  /** Of classified posts; shares add up to more than 1 because a post can have two outcomes. */
  readonly share: number;
  readonly voices: number;
  readonly terms: readonly TermScore[];
  readonly quotes: readonly Quote[];
}

export interface VersionCount {
  readonly version: string;
  readonly posts: number;
}

export interface Summary {
  /** First and last post date (ISO UTC) among the counted posts, null when there are none. */
  readonly first: string | null;
  readonly last: string | null;
  readonly totals: Totals;
  readonly outcomes: readonly OutcomeSummary[];
  readonly sources: readonly CountRow[];
  readonly weeks: readonly CountRow[];
  readonly months: readonly CountRow[];
  /** Per gazetteer place; a post naming two places counts in both. */
  readonly places: readonly CountRow[];
  readonly areas: readonly CountRow[];
  /** Per survey question; posts that answer none are counted under NO_QUESTION. */
  readonly questions: readonly CountRow[];
  readonly codebookVersions: readonly VersionCount[];
  readonly modelVersions: readonly VersionCount[];
}

/** The key `summary --by question` counts posts under when they answer no survey question. */
export const NO_QUESTION = '(not a survey answer)';

export interface Summariser {
  add(row: SummaryRow): void;
  finish(): { summary: Summary; postIds: number[] };
}

export function createSummariser(options: SummaryOptions): Summariser {
  const state = newState();
  return {
    add: (row) => addRow(state, row, options),
    finish: () => ({ summary: finishState(state, options), postIds: state.postIds }),
  };
}

function newState() {
  return {
    postIds: [] as number[],
    first: null as string | null,
    last: null as string | null,
    counts: { retweets: 0, classified: 0, noOutcome: 0, labelled: 0, flagged: 0, awaitingReview: 0, awaitingScreening: 0, withheld: 0, ownLeftOut: 0 },
    voices: new Set<string>(),
    outcomeVoices: OUTCOME_NUMBERS.map(() => new Set<string>()),
    outcomePosts: OUTCOME_NUMBERS.map(() => 0),
    sources: new CountTable(),
    weeks: new CountTable(),
    months: new CountTable(),
    places: new CountTable(),
    areas: new CountTable(),
    questions: new CountTable(),
    terms: createTermCounter(),
    quotes: OUTCOME_NUMBERS.map(() => new QuotePool()),
    codebooks: new Map<string, number>(),
    models: new Map<string, number>(),
  };
}
type State = ReturnType<typeof newState>;

function addRow(state: State, row: SummaryRow, options: SummaryOptions): void {
  // A flag on the campaign's own post (a reply to a disclosure) awaits the lead like any other: the
  // count matches \`onevision safeguarding\`, though the post is left out of every other figure.
  if (row.screening === 'machine-flagged') state.counts.awaitingReview += 1;
  if (!options.includeOwn && options.gate.isOwn(row)) {
    state.counts.ownLeftOut += 1;
    return;
  }
  state.postIds.push(row.postId);
  const counting = options.gate.toCountingFacts(row);
  if (row.createdAt !== null) {
    if (state.first === null || row.createdAt < state.first) state.first = row.createdAt;
    if (state.last === null || row.createdAt > state.last) state.last = row.createdAt;
  }
  const outcomes = toOutcomeList(row.outcomes);
  countDecision(state, row, outcomes);
  const voice = row.kind === 'retweet' ? null : toVoiceKey(row, counting.placesText);
  if (voice === null) state.counts.retweets += 1;
  else state.voices.add(voice);
  for (const outcome of outcomes) {
    state.outcomePosts[outcome - 1]! += 1;
    if (voice !== null) state.outcomeVoices[outcome - 1]!.add(voice);
  }
  const classified = row.outcomes !== null;
  state.sources.add(row.source, outcomes, classified);
  state.weeks.add(row.createdAt === null ? 'unknown' : toWeekKey(row.createdAt), outcomes, classified);
  state.months.add(row.createdAt === null ? 'unknown' : toMonthKey(row.createdAt), outcomes, classified);
  const places = options.tagger.tag(counting.placesText);
  for (const place of places) state.places.add(place.label, outcomes, classified, place.area);
  for (const area of new Set(places.map((p) => p.area))) state.areas.add(area, outcomes, classified);
  state.questions.add(row.question ?? NO_QUESTION, outcomes, classified);
  collectWords(state, row, outcomes, voice, options);
}

function countDecision(state: State, row: SummaryRow, outcomes: readonly number[]): void {
  if (row.outcomes !== null) state.counts.classified += 1;
  if (row.outcomes !== null && outcomes.length === 0) state.counts.noOutcome += 1;
  if (row.labelled) state.counts.labelled += 1;
  if (isFlagState(row.screening)) state.counts.flagged += 1;
  if (row.screening === 'awaiting') state.counts.awaitingScreening += 1;
  if (row.screening === 'awaiting' || isFlagState(row.screening)) state.counts.withheld += 1;
  if (row.codebookVersion !== null) state.codebooks.set(row.codebookVersion, (state.codebooks.get(row.codebookVersion) ?? 0) + 1);
  if (row.modelVersion !== null) state.models.set(row.modelVersion, (state.models.get(row.modelVersion) ?? 0) + 1);
}

/** Terms and quotes come only from what the gate lets the public read: withheld words never reach a report. */
function collectWords(state: State, row: SummaryRow, outcomes: readonly number[], voice: string | null, options: SummaryOptions): void {
  if (options.words === false || voice === null || outcomes.length === 0) return;
  const termsText = options.gate.toTermsText(row);
  if (termsText === null) return;
  state.terms.add(toTerms(termsText), outcomes);
  const released = options.gate.release(row, { kind: 'public' });
  const candidate = {
    postId: row.postId,
    source: row.source,
    createdAt: row.createdAt,
    text: released.text,
    confirmed: Boolean(row.labelled),
    confidence: row.confidence ?? 0,
    authorKey: voice,
    author: released.author || 'anonymous',
  };
  for (const outcome of outcomes) state.quotes[outcome - 1]!.offer(candidate);
}

/**
 * An author is one voice; a survey respondent is one voice however many questions they answered
 * (their answers' ids are `<respondent>:<question>`); any other post with no author is one voice per
 * distinct text, so copies count once.
 */
function toVoiceKey(row: SummaryRow, text: string): string {
  if (row.authorId !== null) return `a${row.authorId}`;
  if (row.question !== null && row.sourceId.includes(':')) return `r${row.source}\u0000${row.sourceId.slice(0, row.sourceId.lastIndexOf(':'))}`;
  return `t${hashText(text.toLowerCase().replace(/\s+/g, ' ').trim())}`;
}

function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`;
}

function finishState(state: State, options: SummaryOptions): Summary {
  const posts = state.postIds.length;
  const terms = state.terms.top(OUTCOME_NUMBERS, options.termsPerOutcome ?? 10);
  const outcomes = OUTCOME_NUMBERS.map((n) => ({
    outcome: n,
    name: OUTCOME_NAMES[n] ?? `Outcome ${n}`,
    posts: state.outcomePosts[n - 1]!,
    share: state.counts.classified === 0 ? 0 : state.outcomePosts[n - 1]! / state.counts.classified,
    voices: state.outcomeVoices[n - 1]!.size,
    terms: terms.get(n) ?? [],
    quotes: state.quotes[n - 1]!.choose(options.quotesPerOutcome ?? 5),
  }));
  const { counts } = state;
  return {
    first: state.first,
    last: state.last,
    totals: { posts, voices: state.voices.size, unclassified: posts - counts.classified, ...counts },
    outcomes,
    sources: state.sources.rows('posts'),
    weeks: state.weeks.rows('key'),
    months: state.months.rows('key'),
    places: state.places.rows('posts'),
    areas: state.areas.rows('posts').map((row) => ({ ...row, label: options.tagger.areaName(row.key) })),
    questions: state.questions.rows('posts'),
    codebookVersions: toVersionCounts(state.codebooks),
    modelVersions: toVersionCounts(state.models),
  };
}

function toVersionCounts(map: ReadonlyMap<string, number>): VersionCount[] {
  return [...map].map(([version, posts]) => ({ version, posts })).sort((a, b) => b.posts - a.posts);
}
