/**
 * Finding posts by what they say, without the finding itself leaking what the reader may not read.
 * Pure. The store narrows with its full-text index over the stored text (migration 12); this module
 * decides which of those posts a reader may be shown.
 *
 * The rule, in words: anyone but the safeguarding lead finds a post by its text only when the gate
 * releases that text to them and the released text itself matches. So a withheld post (flagged, or
 * awaiting screening) is never found by its words, and neither is a post whose only match was a
 * handle, a name, an e-mail address, a phone number or a link that the gate replaced. The same holds
 * for places: a post is found under a place when the report would count it there and the reader can
 * read the place in its released text. The lead reads everything as stored, so finds everything.
 *
 * Words are cut and stemmed as SQLite's FTS5 `porter unicode61 remove_diacritics 2` tokenizer cuts
 * them (letters, digits and private-use characters make words; case and accents are folded; Porter
 * stems), so the check here and the index agree on what matches.
 */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import { toWithheldReason, type Audience, type Gate, type HeldPost } from './release';
import { SCREENING_STATES, type ScreeningState } from './screening';

/** The tokenizer migration 12 builds the index with; a test checks the two agree. */
export const SEARCH_TOKENIZER = 'porter unicode61 remove_diacritics 2';

/** One thing to look for: a word, or words that must follow one another (typed in quotes, or joined by punctuation: "St.Austell"). */
export interface SearchTerm {
  /** Folded words as typed, for the index's query. */
  readonly words: readonly string[];
  /** Their stems, for matching released text. */
  readonly stems: readonly string[];
}

/** Every term must match (AND). */
export interface SearchQuery {
  readonly terms: readonly SearchTerm[];
}

/** Longer input is cut: a search box is not a place for essays, and each term costs a pass over the index. */
export const MAX_SEARCH_CHARS = 200;
export const MAX_SEARCH_TERMS = 12;

const WORD = /[\p{L}\p{N}\p{Co}]+/gu;
const MARKS = /\p{M}/gu;
/** FTS5's Porter tokenizer leaves tokens longer than this many bytes unstemmed. */
const PORTER_MAX_BYTES = 64;

/** The words of a text, folded as the index folds them. */
export function toSearchWords(text: string): string[] {
  return (text.match(WORD) ?? []).map((word) => word.normalize('NFD').replace(MARKS, '').toLowerCase()).filter((word) => word !== '');
}

const stems = new Map<string, string>();
const STEM_MEMO_LIMIT = 100_000;

export function toSearchStem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = Buffer.byteLength(word, 'utf8') > PORTER_MAX_BYTES ? word : PorterStemmer.stem(word);
    if (stems.size < STEM_MEMO_LIMIT) stems.set(word, stemmed);
  }
  return stemmed;
}

/**
 * What a person typed, as terms: each space-separated chunk is one term, and text in double quotes
 * is one term. Punctuation, operators and column names mean nothing here. Null when nothing in it is
 * a word (the search is then no filter at all).
 */
export function toSearchQuery(input: string): SearchQuery | null {
  const terms: SearchTerm[] = [];
  for (const match of input.slice(0, MAX_SEARCH_CHARS).matchAll(/"([^"]*)"?|[^\s"]+/g)) {
    const words = toSearchWords(match[1] ?? match[0]);
    if (words.length === 0 || terms.length >= MAX_SEARCH_TERMS) continue;
    terms.push({ words, stems: words.map(toSearchStem) });
  }
  return terms.length === 0 ? null : { terms };
}

/** Whether a text holds every term, each term's words in a row. */
export function matchesSearch(text: string, query: SearchQuery): boolean {
  const textStems = toSearchWords(text).map(toSearchStem);
  return query.terms.every((term) => containsRun(textStems, term.stems));
}

function containsRun(haystack: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= haystack.length; i += 1) {
    if (run.every((stem, j) => haystack[i + j] === stem)) return true;
  }
  return false;
}

/** Whether a post in this state may be found by its words: only when its text is released to the reader. */
export function isSearchableState(state: ScreeningState, audience: Audience): boolean {
  if (audience.kind === 'safeguarding-lead') return true;
  if (audience.kind === 'analyst' && audience.includeWithheld === true) return true;
  return toWithheldReason(state) === null;
}

/** The states a reader's text search may look in, for the store's query. */
export function searchableStates(audience: Audience): ScreeningState[] {
  return SCREENING_STATES.filter((state) => isSearchableState(state, audience));
}

/** A post may be found by a fact read from its text only when the text the reader is given shows it. */
export function mayFindByText(gate: Gate, post: HeldPost, audience: Audience, holds: (readableText: string) => boolean): boolean {
  if (!isSearchableState(post.screening, audience)) return false;
  const released = gate.release(post, audience);
  return released.withheld === null && holds(released.text);
}

/** Found by a search: the store's index matched the stored text, and this checks the released text. */
export function mayFindBySearch(gate: Gate, post: HeldPost, audience: Audience, query: SearchQuery): boolean {
  return mayFindByText(gate, post, audience, (text) => matchesSearch(text, query));
}

/**
 * The places a reader may find a post under: those the report counts it under (the place tagger over
 * the gate's counting text, as src/report/summarise.ts counts) that the reader can also read in its
 * released text. `placesOf` is the report's tagger.
 */
export function findablePlaces<P extends { readonly label: string }>(gate: Gate, post: HeldPost, audience: Audience, placesOf: (text: string) => readonly P[]): P[] {
  const counted = placesOf(gate.toCountingFacts(post).placesText);
  if (counted.length === 0 || !isSearchableState(post.screening, audience)) return [];
  const released = gate.release(post, audience);
  if (released.withheld !== null) return [];
  const readable = new Set(placesOf(released.text).map((place) => place.label));
  return counted.filter((place) => readable.has(place.label));
}
