/**
 * The known people, indexed once per export, and which of their handles and names are looked for at
 * all. Every handle is indexed, lower-cased and without `@`, for mentions and profile links. A handle
 * is also looked for bare (no `@`) only when it is distinctive: it has an underscore, or is CamelCase
 * ("KernowKid"), or mixes at least three letters with digits and is not a school year, time or the
 * like ("year11", "covid19", "a30", "7pm"); so a handle `help`, `kernow`, `family` or `jenny` never
 * turns the ordinary word into a pseudonym. A display name is looked for only when it has two words or
 * more (one-word names never are); a name of three words or more is also looked for as first + last
 * word. A name of two words is also looked for surname first with a comma ("Pascoe, Jenny"). A name
 * made only of generic words is never looked for, and one made only of ordinary words only when
 * capitalised (./word-lists.ts). Words are compared lower-cased and without accents. Pure.
 */

import { GENERIC_WORDS, ORDINARY_WORDS } from './word-lists';

export interface KnownPerson {
  readonly key: string;
  readonly handle: string | null;
  readonly name: string | null;
}

export interface IndexOptions {
  /** More generic words (e.g. a gazetteer's place names): a name made only of these is never matched. */
  readonly genericWords?: Iterable<string>;
}

/** The known people, indexed once per export by lower-cased handle and by first word of their name. */
export interface PeopleIndex {
  readonly size: number;
}

export interface NameEntry {
  readonly words: readonly string[];
  readonly person: KnownPerson;
  readonly capitalised: boolean;
  /** Surname first, as a register writes it ("Pascoe, Jenny"): matched only with the comma between. */
  readonly reversed?: boolean;
}

export class Index implements PeopleIndex {
  constructor(
    readonly size: number,
    readonly byHandle: ReadonlyMap<string, KnownPerson>,
    readonly bareHandles: ReadonlyMap<string, KnownPerson>,
    /** Names by their first word, then their second: most words miss at the first look-up. */
    readonly byFirstWords: ReadonlyMap<string, ReadonlyMap<string, readonly NameEntry[]>>,
    /**
     * Names written as one word: run together, from `GLUED_NAME` letters ("JennyPascoe", or with an
     * invisible space between), or joined by underscores as a handle would be ("jenny_pascoe").
     */
    readonly gluedNames: ReadonlyMap<string, KnownPerson> = new Map(),
  ) {}
}

export function indexPeople(people: Iterable<KnownPerson>, options: IndexOptions = {}): PeopleIndex {
  const generic = new Set(GENERIC_WORDS);
  for (const word of options.genericWords ?? []) for (const part of toNameWords(word)) generic.add(part);
  const byHandle = new Map<string, KnownPerson>();
  const bareHandles = new Map<string, KnownPerson>();
  const byFirstWords = new Map<string, Map<string, NameEntry[]>>();
  const seenNames = new Set<string>();
  const gluedNames = new Map<string, KnownPerson>();
  let size = 0;
  for (const person of people) {
    size += 1;
    const handle = person.handle?.replace(/^[@＠]/, '');
    if (handle) {
      const key = handle.toLowerCase();
      if (!byHandle.has(key)) byHandle.set(key, person);
      if (isDistinctiveHandle(handle) && !bareHandles.has(key)) bareHandles.set(key, person);
    }
    for (const words of toNameForms(person.name)) {
      const capitalised = toNameTier(words, generic);
      const key = words.join(' ');
      if (capitalised === null || seenNames.has(key)) continue;
      seenNames.add(key);
      if (mayWordsRunTogether(words, capitalised) && !gluedNames.has(words.join(''))) gluedNames.set(words.join(''), person);
      if (capitalised === false && !gluedNames.has(words.join('_'))) gluedNames.set(words.join('_'), person);
      addNameEntry(byFirstWords, { words, person, capitalised });
      if (words.length === 2) addNameEntry(byFirstWords, { words: [words[1] as string, words[0] as string], person, capitalised, reversed: true });
    }
  }
  for (const seconds of byFirstWords.values()) {
    for (const entries of seconds.values()) entries.sort((a, b) => b.words.length - a.words.length);
  }
  return new Index(size, byHandle, bareHandles, byFirstWords, gluedNames);
}

function addNameEntry(byFirstWords: Map<string, Map<string, NameEntry[]>>, entry: NameEntry): void {
  const [first = '', second = ''] = entry.words;
  const seconds = byFirstWords.get(first) ?? new Map<string, NameEntry[]>();
  const entries = seconds.get(second) ?? [];
  entries.push(entry);
  seconds.set(second, entries);
  byFirstWords.set(first, seconds);
}

/** Letters a name written as one word must have to be looked for: fewer, and it may be an ordinary word. */
const GLUED_NAME = 8;

/**
 * Whether a name may be looked for written as one word ("JennyPascoe"): two words or more, eight letters
 * or more together, and not made only of everyday or generic words ("Rose Mary" would find "rosemary",
 * "Kit Chen" "kitchen").
 */
export function mayRunTogether(name: string): boolean {
  const words = toNameWords(name);
  return mayWordsRunTogether(words, toNameTier(words, GENERIC_WORDS));
}

/** `mayRunTogether` for a name's folded words and its tier (`toNameTier`: false means not only everyday words). */
function mayWordsRunTogether(words: readonly string[], tier: boolean | null): boolean {
  return tier === false && words.length >= 2 && words.join('').length >= GLUED_NAME;
}

export function toIndex(people: PeopleIndex): Index {
  if (!(people instanceof Index)) throw new TypeError('A PeopleIndex must come from indexPeople().');
  return people;
}

/**
 * A handle that cannot be an ordinary word, name, number or code: an underscore; CamelCase; or at
 * least three letters mixed with digits, other than a school year, time, road or the like.
 */
export function isDistinctiveHandle(handle: string): boolean {
  if (handle.length < 4 || !/[A-Za-z]/.test(handle)) return false;
  if (handle.includes('_')) return true;
  if (/^[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+$/.test(handle)) return true;
  const lower = handle.toLowerCase();
  return /\d/.test(lower) && lower.replace(/[^a-z]/g, '').length >= 3 && !ORDINARY_ALPHANUMERIC.test(lower);
}

const ORDINARY_ALPHANUMERIC =
  /^(?:year|yr|covid|gcse|level|grade|top|under|over|page|xbox|iphone|windows|web|fifa)\d+s?$|^\d+(?:am|pm|st|nd|rd|th|mins|hrs|yrs|years|mph|kg|km|gb|mb)$/;

const NAME_WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** A display name's words; a name of three words or more is also known by its first and last. */
function toNameForms(name: string | null): string[][] {
  const words = toNameWords(name ?? '');
  if (words.length < 2) return [];
  return words.length > 2 ? [words, [words[0] as string, words[words.length - 1] as string]] : [words];
}

/** A name's words, lower-cased and without accents. */
export function toNameWords(name: string): string[] {
  return (name.match(NAME_WORD) ?? []).map(toFolded);
}

/** null: never matched (generic); true: matched only when capitalised (ordinary words); false: always. */
function toNameTier(words: readonly string[], generic: ReadonlySet<string>): boolean | null {
  const minor = (word: string) => word.length === 1 || /^\d+$/.test(word);
  if (words.every((word) => generic.has(word) || minor(word))) return null;
  return words.every((word) => generic.has(word) || ORDINARY_WORDS.has(word) || minor(word));
}

/** Lower-cased, accents off, so "SIÂN" and "sian" are the same word. */
export function toFolded(word: string): string {
  return toUnaccented(word.toLowerCase());
}

export function toUnaccented(lower: string): string {
  return NOT_ASCII.test(lower) ? lower.normalize('NFD').replace(/\p{M}/gu, '') : lower;
}

export const NOT_ASCII = /[^\t\n\x20-\x7e]/;
