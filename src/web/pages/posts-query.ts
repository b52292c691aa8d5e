/**
 * The posts browser's address as a filter: every query parameter read, checked and turned into the
 * store's BrowseFilter, or into sentences that say what is wrong with it. The form's fields keep
 * what was typed, so a mistake is shown next to the values that caused it. Pure.
 */
import { toExclusiveEnd, toIsoUtc } from '../../core/dates';
import { SOURCE_NAME } from '../../core/post';
import { MAX_SEARCH_CHARS } from '../../gate/search';
import { MAX_PAGE_SIZE, type BrowseFilter } from '../../store/browse';
import { DESK_OUTCOMES } from '../outcome-names';

/** The form's fields as typed (strings; '' for not given), for showing the form again and for links. */
export interface ShownQuery {
  readonly outcome: string;
  readonly source: string;
  readonly place: string;
  readonly question: string;
  readonly from: string;
  readonly to: string;
  readonly q: string;
  readonly page: string;
  readonly size: string;
}

export type FieldName = keyof ShownQuery;

export const FIELDS: readonly FieldName[] = ['outcome', 'source', 'place', 'question', 'from', 'to', 'q', 'page', 'size'];

export const PAGE_SIZES: readonly number[] = [20, 50, 100];
export const DEFAULT_PAGE_SIZE = 20;
const MAX_QUESTION_CHARS = 500;
/** Past this the page is surely past the end; the number is kept small enough for SQLite's OFFSET. */
export const LAST_PAGE_ASKABLE = 1_000_000_000;

export interface PostsQuery {
  readonly shown: ShownQuery;
  /** Null when any field is wrong: the page then lists nothing and says why. */
  readonly filter: BrowseFilter | null;
  readonly page: number;
  readonly size: number;
  readonly problems: readonly string[];
}

/** The place labels the gazetteer can give (src/report/places.ts), to check and canonicalise `place`. */
export interface QueryChoices {
  readonly places: readonly string[];
}

export function toPostsQuery(query: unknown, choices: QueryChoices): PostsQuery {
  const problems: string[] = [];
  const shown = readShown(query, problems);
  const filter: Partial<Record<keyof BrowseFilter, unknown>> = {};
  filter.outcome = toOutcome(shown.outcome, problems);
  filter.source = toSource(shown.source, problems);
  filter.place = toPlace(shown.place, choices.places, problems);
  filter.question = toQuestion(shown.question, problems);
  Object.assign(filter, toDates(shown.from, shown.to, problems));
  filter.search = toSearch(shown.q, problems);
  const size = toSize(shown.size, problems);
  const page = toPage(shown.page, problems);
  const defined = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as BrowseFilter;
  return { shown, filter: problems.length === 0 ? defined : null, page, size, problems };
}

/** Each field once, as text: `?source=x&source=y` is a mistake, not a choice of one. */
function readShown(query: unknown, problems: string[]): ShownQuery {
  const fields = (query ?? {}) as Record<string, unknown>;
  const shown: Record<string, string> = {};
  for (const name of FIELDS) {
    const value = fields[name];
    if (Array.isArray(value)) problems.push(`Give one value for “${name}”, not ${value.length}.`);
    shown[name] = typeof value === 'string' ? value.trim() : Array.isArray(value) && typeof value[0] === 'string' ? value[0].trim() : '';
  }
  return shown as unknown as ShownQuery;
}

function toOutcome(value: string, problems: string[]): BrowseFilter['outcome'] {
  if (value === '') return undefined;
  if (value === 'none' || value === 'unclassified') return value;
  const n = /^\d$/.test(value) ? Number(value) : NaN;
  if (DESK_OUTCOMES.includes(n)) return n;
  problems.push(`“${clip(value)}” is not an outcome: choose one of the five, “none of the five” or “not yet classified”.`);
  return undefined;
}

export function toSource(value: string, problems: string[]): string | undefined {
  if (value === '') return undefined;
  if (SOURCE_NAME.test(value)) return value;
  problems.push(`“${clip(value)}” is not a source name (sources are like x, facebook or survey).`);
  return undefined;
}

function toPlace(value: string, places: readonly string[], problems: string[]): string | undefined {
  if (value === '') return undefined;
  const folded = value.toLowerCase();
  const label = places.find((place) => place.toLowerCase() === folded);
  if (label === undefined) problems.push(`“${clip(value)}” is not a place in the gazetteer: choose one from the list.`);
  return label;
}

export function toQuestion(value: string, problems: string[]): string | undefined {
  if (value === '') return undefined;
  const question = value.replace(/\s+/g, ' ');
  if (question.length <= MAX_QUESTION_CHARS) return question;
  problems.push(`The question filter is ${question.length} characters long; give at most ${MAX_QUESTION_CHARS}.`);
  return undefined;
}

export function toDates(fromText: string, toText: string, problems: string[]): Pick<BrowseFilter, 'from' | 'to'> {
  const from = fromText === '' ? undefined : toIsoUtc(fromText);
  if (fromText !== '' && from === undefined) problems.push(`“From” is not a date: “${clip(fromText)}”. Use YYYY-MM-DD, e.g. 2017-04-01.`);
  const to = toText === '' ? undefined : toExclusiveEnd(toText);
  if (toText !== '' && to === undefined) problems.push(`“To” is not a date: “${clip(toText)}”. Use YYYY-MM-DD, e.g. 2017-09-30.`);
  if (from !== undefined && to !== undefined && from >= to) problems.push(`“From” (${fromText}) is after “To” (${toText}): swap the dates.`);
  return { from, to };
}

function toSearch(value: string, problems: string[]): string | undefined {
  if (value === '') return undefined;
  if (value.length <= MAX_SEARCH_CHARS) return value;
  problems.push(`The search is ${value.length} characters long; give at most ${MAX_SEARCH_CHARS}.`);
  return undefined;
}

function toSize(value: string, problems: string[]): number {
  if (value === '') return DEFAULT_PAGE_SIZE;
  const size = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (size >= 1 && size <= MAX_PAGE_SIZE) return size;
  problems.push(`“${clip(value)}” posts a page is not possible: give a number from 1 to ${MAX_PAGE_SIZE}.`);
  return DEFAULT_PAGE_SIZE;
}

/** Any whole number from 1; one past every post just shows that the list ended. */
function toPage(value: string, problems: string[]): number {
  if (value === '') return 1;
  if (!/^\d+$/.test(value) || /^0+$/.test(value)) {
    problems.push(`Page “${clip(value)}” is not a page number: give a whole number from 1.`);
    return 1;
  }
  return value.replace(/^0+/, '').length > 10 ? LAST_PAGE_ASKABLE : Math.min(Number(value), LAST_PAGE_ASKABLE);
}

/** A value quoted back in a message, cut so a pasted essay does not fill the page. */
function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}

/** The address of a page of results: the shown fields, blanks left out, with changes. */
export function toPostsUrl(shown: ShownQuery, changes: Partial<ShownQuery> = {}): string {
  const params = new URLSearchParams();
  const merged = { ...shown, ...changes };
  for (const name of FIELDS) if (merged[name] !== '') params.set(name, merged[name]);
  const search = params.toString();
  return search === '' ? '/posts' : `/posts?${search}`;
}

/** A post's page: `/posts/survey:r-17`, the reference the CLI takes (`onevision explain survey:r-17`). */
export function postUrl(ref: string): string {
  return `/posts/${encodeURIComponent(ref).replace(/%3A/g, ':')}`;
}
