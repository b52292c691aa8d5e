/**
 * Finding what identifies a person in a post's text: mentions, profile links, other links, e-mail
 * addresses, phone numbers, and known people's handles and full names. Pure.
 *
 * The people in this data are often children. One scan (`findIdentifiers`) finds every span; one
 * replacer (`replaceIdentifiers`) lets each output decide what goes in a span's place: a pseudonym
 * in a CSV, a placeholder in a report, a blank. Where spans overlap, the longest wins (a name inside
 * an e-mail address is part of the address; a handle inside a link is part of the link).
 *
 * Rules chosen here, each tested in test/gate/identifiers.test.ts:
 * - Mentions: `@handle`, `＠handle`, `.@handle` (the dot stays). `@ handle` with a space counts only
 *   for a distinctive handle (below) or a known one that is not an everyday word, so "meet @ the
 *   youth club", "@ 7pm" and "ask @ help desk" stay even when someone's handle is `help`.
 *   `word@handle` that is not an e-mail address counts only for a known handle, and so do a number
 *   or a time ("meet @7pm", "@10:30", "@2017"). A handle is
 *   `[A-Za-z0-9_]{1,30}`; dotted Instagram-style handles (`@jenny.pascoe`) are one span.
 * - Bare handles (no `@`) are matched only for known people whose handle is distinctive: it has an
 *   underscore, or is CamelCase ("KernowKid"), or mixes at least three letters with digits and is not
 *   a school year, time or the like ("year11", "covid19", "a30", "7pm"). So a handle `help`,
 *   `kernow`, `family` or `jenny` never turns the ordinary word into a pseudonym. Hashtags are topics:
 *   `#jenny_p99` is left alone.
 * - Names: known display names of two words or more, matched on whole words, case- and
 *   accent-insensitively, across any whitespace or a hyphen/apostrophe/full stop; a possessive 's
 *   stays outside the span. A name of three words or more is also matched as first + last word.
 *   One-word names are never matched. A name made only of generic words (organisation, place and
 *   function words: "Youth Club", "Cornwall Council", "St Ives") is never matched; a name made only of
 *   ordinary English words ("Summer Rose", "Will Green") is matched only when each word is written
 *   with a capital, so "summer rose to 30 degrees" stays.
 * - Phones: see phone section below. Links: see link section below.
 */

export interface KnownPerson {
  readonly key: string;
  readonly handle: string | null;
  readonly name: string | null;
}

export type IdentifierKind = 'mention' | 'profile-link' | 'link' | 'email' | 'phone' | 'handle' | 'name';

export interface IdentifierMatch {
  readonly kind: IdentifierKind;
  /** The span as written. */
  readonly text: string;
  /** For mentions, profile links and bare handles: the account name without `@`, as written. */
  readonly handle?: string;
  /** The known person the handle or name belongs to (handles compared case-insensitively). */
  readonly person?: KnownPerson;
}

/** A match with its place in the text: `text.slice(start, end)`. */
export interface IdentifierSpan extends IdentifierMatch {
  readonly start: number;
  readonly end: number;
}

export interface IndexOptions {
  /** More generic words (e.g. a gazetteer's place names): a name made only of these is never matched. */
  readonly genericWords?: Iterable<string>;
}

/** The known people, indexed once per export by lower-cased handle and by first word of their name. */
export interface PeopleIndex {
  readonly size: number;
}

interface NameEntry {
  readonly words: readonly string[];
  readonly person: KnownPerson;
  readonly capitalised: boolean;
}

class Index implements PeopleIndex {
  constructor(
    readonly size: number,
    readonly byHandle: ReadonlyMap<string, KnownPerson>,
    readonly bareHandles: ReadonlyMap<string, KnownPerson>,
    /** Names by their first word, then their second: most words miss at the first look-up. */
    readonly byFirstWords: ReadonlyMap<string, ReadonlyMap<string, readonly NameEntry[]>>,
  ) {}
}

// ---------------------------------------------------------------- the index

export function indexPeople(people: Iterable<KnownPerson>, options: IndexOptions = {}): PeopleIndex {
  const generic = new Set(GENERIC_WORDS);
  for (const word of options.genericWords ?? []) for (const part of toNameWords(word)) generic.add(part);
  const byHandle = new Map<string, KnownPerson>();
  const bareHandles = new Map<string, KnownPerson>();
  const byFirstWords = new Map<string, Map<string, NameEntry[]>>();
  const seenNames = new Set<string>();
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
      const [first = '', second = ''] = words;
      const seconds = byFirstWords.get(first) ?? new Map<string, NameEntry[]>();
      const entries = seconds.get(second) ?? [];
      entries.push({ words, person, capitalised });
      seconds.set(second, entries);
      byFirstWords.set(first, seconds);
    }
  }
  for (const seconds of byFirstWords.values()) {
    for (const entries of seconds.values()) entries.sort((a, b) => b.words.length - a.words.length);
  }
  return new Index(size, byHandle, bareHandles, byFirstWords);
}

function toIndex(people: PeopleIndex): Index {
  if (!(people instanceof Index)) throw new TypeError('A PeopleIndex must come from indexPeople().');
  return people;
}

/**
 * A handle that cannot be an ordinary word, name, number or code: an underscore; CamelCase; or at
 * least three letters mixed with digits, other than a school year, time, road or the like.
 */
function isDistinctiveHandle(handle: string): boolean {
  if (handle.length < 4 || !/[A-Za-z]/.test(handle)) return false;
  if (handle.includes('_')) return true;
  if (/^[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+$/.test(handle)) return true;
  const lower = handle.toLowerCase();
  return /\d/.test(lower) && lower.replace(/[^a-z]/g, '').length >= 3 && !ORDINARY_ALPHANUMERIC.test(lower);
}

const ORDINARY_ALPHANUMERIC =
  /^(?:year|yr|covid|gcse|level|grade|top|under|over|page|xbox|iphone|windows|web|fifa)\d+s?$|^\d+(?:am|pm|st|nd|rd|th|mins|hrs|yrs|years|mph|kg|km|gb|mb)$/;

/** A display name's words; a name of three words or more is also known by its first and last. */
function toNameForms(name: string | null): string[][] {
  const words = toNameWords(name ?? '');
  if (words.length < 2) return [];
  return words.length > 2 ? [words, [words[0] as string, words[words.length - 1] as string]] : [words];
}

function toNameWords(name: string): string[] {
  return (name.match(NAME_WORD) ?? []).map(toFolded);
}

/** null: never matched (generic); true: matched only when capitalised (ordinary words); false: always. */
function toNameTier(words: readonly string[], generic: ReadonlySet<string>): boolean | null {
  const minor = (word: string) => word.length === 1 || /^\d+$/.test(word);
  if (words.every((word) => generic.has(word) || minor(word))) return null;
  return words.every((word) => generic.has(word) || ORDINARY_WORDS.has(word) || minor(word));
}

/** Lower-cased, accents off, so "SIÂN" and "sian" are the same word. */
function toFolded(word: string): string {
  return toUnaccented(word.toLowerCase());
}

function toUnaccented(lower: string): string {
  return NOT_ASCII.test(lower) ? lower.normalize('NFD').replace(/\p{M}/gu, '') : lower;
}

const NOT_ASCII = /[^\t\n\x20-\x7e]/;

// ---------------------------------------------------------------- the scan

/** Every identifying span in the text, in order, none overlapping. */
export function findIdentifiers(text: string, people: PeopleIndex): IdentifierSpan[] {
  const index = toIndex(people);
  const found: IdentifierSpan[] = [];
  if (MAY_HOLD_LINK.test(text)) findLinks(text, index, found);
  if (text.includes('@') || text.includes('＠')) {
    findEmails(text, found);
    findMentions(text, index, found);
  }
  findPhones(text, found);
  findNamesAndHandles(text, index, found);
  return toLongestFirst(text, found);
}

/** The text with each identifying span replaced by what `replace` returns for it. */
export function replaceIdentifiers(text: string, people: PeopleIndex, replace: (match: IdentifierSpan) => string): string {
  const spans = findIdentifiers(text, people);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + replace(span);
    at = span.end;
  }
  return out + text.slice(at);
}

const MAY_HOLD_LINK = /:\/\/|www\.|\.com\//i;

const KIND_ORDER: readonly IdentifierKind[] = ['email', 'profile-link', 'link', 'mention', 'phone', 'name', 'handle'];

/** Longest span wins an overlap; at equal length, the kind earlier in KIND_ORDER. */
function toLongestFirst(text: string, found: IdentifierSpan[]): IdentifierSpan[] {
  if (found.length < 2) return found;
  const ranked = [...found].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.start - b.start,
  );
  const kept: IdentifierSpan[] = [];
  if (found.length < 16) {
    for (const span of ranked) if (kept.every((k) => span.end <= k.start || span.start >= k.end)) kept.push(span);
    return kept.sort((a, b) => a.start - b.start);
  }
  // Many spans: each detector's own spans barely overlap, so marking taken characters stays linear.
  const taken = new Uint8Array(text.length);
  for (const span of ranked) {
    if (taken.subarray(span.start, span.end).includes(1)) continue;
    taken.fill(1, span.start, span.end);
    kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function span(text: string, start: number, end: number, kind: IdentifierKind, extra: Partial<IdentifierMatch> = {}): IdentifierSpan {
  return { kind, text: text.slice(start, end), start, end, ...extra };
}

// ---------------------------------------------------------------- links

/*
 * A link starts with http(s):// or www., or is a bare x.com / twitter.com / facebook.com /
 * instagram.com / tiktok.com address with a path ("x.com/jenny_p99"; "x.com" alone is not a link).
 * Trailing punctuation and an unbalanced closing bracket are not part of it.
 * It is a profile link when it names an account: the first path segment on x.com or twitter.com
 * (any of www., mobile., m.) when that is a handle and not a site path (x.com/jenny_p99/status/1 is
 * a profile link, x.com/hashtag/kernow is not); a first segment on facebook.com or instagram.com that
 * is not a site path; any `/@name` segment (tiktok, youtube, threads, medium). Only X handles are
 * looked up among known people.
 */
const URL_CHAR = "[\\p{L}\\p{N}\\-._~:/?#\\[\\]@!$&'()*+,;=%]";
const NOT_BEFORE_BARE = '(?<![\\p{L}\\p{N}_.@/-])';
const LINK = new RegExp(
  `https?://${URL_CHAR}+|${NOT_BEFORE_BARE}(?:www\\.(?=[\\p{L}\\p{N}])|(?:(?:mobile|m)\\.)?(?:x|twitter|facebook|instagram|tiktok)\\.com/(?=[\\p{L}\\p{N}_@]))${URL_CHAR}*`,
  'giu',
);
const X_HOSTS = new Set(['x.com', 'twitter.com']);
const PROFILE_HOSTS = new Set(['facebook.com', 'fb.com', 'instagram.com']);
const SITE_PATHS = new Set(
  `i home search hashtag explore intent share settings notifications messages login logout signup tos privacy about
  download compose account groups events watch photo photo.php photos story.php permalink.php sharer sharer.php reel
  reels marketplace gaming pages notes ads business help policies p tv accounts direct stories legal`.split(/\s+/),
);

function findLinks(text: string, index: Index, found: IdentifierSpan[]): void {
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    const end = start + toTrimmedUrl(match[0]).length;
    const url = text.slice(start, end);
    // Old links put the path after a hash-bang: twitter.com/#!/jenny_p99.
    const [, host = '', path = ''] = /^(?:https?:\/\/)?([^/?#]*)([^?#]*)/i.exec(url.replace('/#!/', '/')) ?? [];
    const site = host.toLowerCase().replace(/:\d+$/, '').replace(/^(?:www|mobile|m)\./, '');
    const segment = path.split('/')[1] ?? '';
    const isSitePath = SITE_PATHS.has(segment.toLowerCase());
    if (/^@[\w.]+$/.test(segment)) {
      found.push(span(text, start, end, 'profile-link', { handle: segment.slice(1) }));
    } else if (X_HOSTS.has(site) && /^\w{1,30}$/.test(segment) && !isSitePath) {
      const person = index.byHandle.get(segment.toLowerCase());
      found.push(span(text, start, end, 'profile-link', person ? { handle: segment, person } : { handle: segment }));
    } else if (PROFILE_HOSTS.has(site) && (/^[\w.]+$/.test(segment) || segment === 'profile.php') && !isSitePath) {
      found.push(span(text, start, end, 'profile-link', segment === 'profile.php' ? {} : { handle: segment }));
    } else {
      found.push(span(text, start, end, 'link'));
    }
  }
}

/** The URL without trailing punctuation or closing brackets it did not open. */
function toTrimmedUrl(url: string): string {
  const unopened = { ')': count(url, ')') - count(url, '('), ']': count(url, ']') - count(url, '[') };
  let end = url.length;
  for (;;) {
    const last = url[end - 1] ?? '';
    if (last === ')' || last === ']') {
      if (unopened[last] <= 0) break;
      unopened[last] -= 1;
    } else if (!".,;:!?'*".includes(last) || last === '') break;
    end -= 1;
  }
  return url.slice(0, end);
}

function count(text: string, char: string): number {
  let n = 0;
  for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) n += 1;
  return n;
}

// ---------------------------------------------------------------- e-mail addresses and mentions

// Parts bounded by the lengths e-mail allows (64 before @, 63 a label), so no text makes the scan
// slow; the look-behind starts an address only at the start of a word.
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const EMAIL = new RegExp(
  `(?<![\\p{L}\\p{N}_%+-])[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}._%+'-]{0,62}[\\p{L}\\p{N}_%+-])?@${LABEL}(?:\\.${LABEL}){1,8}`,
  'gu',
);
const MENTION = /[@＠]([ \u00a0](?=\w))?(\w{1,30}(?:\.\w{1,30}){0,3})(?![\p{L}\p{N}_])/gu;
const WORD_BEFORE = /[\p{L}\p{N}_]$/u;
const NUMBER_OR_TIME = /^\d+(?:am|pm|st|nd|rd|th)?$/i;

function findEmails(text: string, found: IdentifierSpan[]): void {
  for (const match of text.matchAll(EMAIL)) found.push(span(text, match.index, match.index + match[0].length, 'email'));
}

function isEverydayWord(word: string): boolean {
  const lower = word.toLowerCase();
  return GENERIC_WORDS.has(lower) || ORDINARY_WORDS.has(lower);
}

function findMentions(text: string, index: Index, found: IdentifierSpan[]): void {
  for (const match of text.matchAll(MENTION)) {
    const start = match.index;
    const spaced = match[1] !== undefined;
    const written = match[2] ?? '';
    // "@jenny_p99.thanks" or Instagram's "@jenny.pascoe": one span; the part before the dot is
    // looked up when the whole is not a known handle.
    const person = index.byHandle.get(written.toLowerCase()) ?? index.byHandle.get((written.split('.')[0] ?? '').toLowerCase());
    const glued = WORD_BEFORE.test(text.slice(Math.max(0, start - 2), start));
    const isMention = person
      ? !spaced || !isEverydayWord(written)
      : spaced
        ? isDistinctiveHandle(written)
        : !glued && !NUMBER_OR_TIME.test(written);
    if (!isMention) continue;
    const end = start + match[0].length;
    const handle = written;
    found.push(span(text, start, end, 'mention', person ? { handle, person } : { handle }));
  }
}

// ---------------------------------------------------------------- phone numbers

/*
 * UK numbers as people write them: a national number is 10 or 11 digits starting 0 then 1, 2, 3, 5,
 * 7, 8 or 9 (07700 900123, 01872-123-456, (01872) 123456, 0800 111 222, 020 7946 0000); an
 * international one is +44 or 0044, an optional trunk 0 or (0), then 9 or 10 digits starting the
 * same way. Other +country numbers count at 10 to 15 digits. Digits may be split into groups by up to
 * three spaces, hyphens, dots or brackets. The first group of a national number has three digits or
 * more (or is a bracketed (0)), later groups two or more, so dates ("01.05.2017"), years
 * ("2016 2017 2018"), counts ("1,200"), times ("0930 1030") and short numbers (999, 101) never match.
 */
const DIGIT_RUN = /(?<!\d[.,]?)[+(]?\d(?:[ \t\u00a0().-]{0,3}\d)*\)?/g;
const NATIONAL = /^0[1235789]\d{8,9}$/;
const AFTER_44 = /^0?[1235789]\d{8,9}$/;

interface Group {
  readonly start: number;
  readonly end: number;
  readonly digits: string;
}

type PhoneForm = 'national' | 'uk' | 'international';

function findPhones(text: string, found: IdentifierSpan[]): void {
  for (const run of text.matchAll(DIGIT_RUN)) {
    const groups = [...run[0].matchAll(/\d+/g)].map((g) => {
      const start = run.index + g.index;
      return { start, end: start + g[0].length, digits: g[0] };
    });
    for (let i = 0; i < groups.length; i += 1) {
      const last = toPhoneEnd(text, groups, i);
      if (last < 0) continue;
      const first = groups[i] as Group;
      const start = /[+(]/.test(text[first.start - 1] ?? '') ? first.start - 1 : first.start;
      let end = (groups[last] as Group).end;
      const inside = text.slice(start, end);
      if (text[end] === ')' && inside.split('(').length > inside.split(')').length) end += 1;
      found.push(span(text, start, end, 'phone'));
      i = last;
    }
  }
}

/** The index of the last group of the longest phone number starting at group i, or -1. */
function toPhoneEnd(text: string, groups: readonly Group[], i: number): number {
  const first = groups[i] as Group;
  const form = toPhoneForm(text, first);
  if (!form) return -1;
  let digits = '';
  let best = -1;
  for (let j = i; j < groups.length && j < i + 6; j += 1) {
    const group = groups[j] as Group;
    const trunk = j === i + 1 && group.digits === '0' && form === 'uk';
    if (j > i && group.digits.length < 2 && !trunk && form !== 'international') break;
    digits += group.digits;
    if (digits.length > 15) break;
    if (isPhoneNumber(form, digits)) best = j;
  }
  return best;
}

function toPhoneForm(text: string, first: Group): PhoneForm | null {
  const before = text[first.start - 1];
  const bracketed = before === '(' && text[first.end] === ')';
  if (before === '+') return first.digits.startsWith('44') ? 'uk' : 'international';
  if (first.digits.startsWith('0044')) return 'uk';
  if (first.digits.startsWith('00') || first.digits[0] !== '0') return null;
  return first.digits.length >= 3 || bracketed ? 'national' : null;
}

function isPhoneNumber(form: PhoneForm, digits: string): boolean {
  if (form === 'national') return NATIONAL.test(digits);
  if (form === 'uk') return AFTER_44.test(digits.replace(/^(?:00)?44/, ''));
  return digits.length >= 10 && digits.length <= 15;
}

// ---------------------------------------------------------------- names and bare handles

const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
const NAME_WORD = /[\p{L}\p{M}\p{N}]+/gu;
const NAME_GAP = /^(?:\s+|\s*['’‘\-‐‑–.]\s*)$/u;
const CAPITAL = /^\p{Lu}/u;

interface Word {
  readonly start: number;
  readonly end: number;
  readonly folded: string;
}

function findNamesAndHandles(text: string, index: Index, found: IdentifierSpan[]): void {
  // Lower-case the post once and slice it, unless lower-casing changes its length (rare letters).
  const lower = text.toLowerCase();
  const sliceable = lower.length === text.length;
  const ascii = sliceable && !NOT_ASCII.test(text);
  const words: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    const folded = ascii ? lower.slice(start, end) : sliceable ? toUnaccented(lower.slice(start, end)) : toFolded(match[0]);
    words.push({ start, end, folded });
  }
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as Word;
    const person = index.bareHandles.get(word.folded);
    if (person && !/[#@＠]/.test(text[word.start - 1] ?? '')) {
      found.push(span(text, word.start, word.end, 'handle', { handle: text.slice(word.start, word.end), person }));
    }
    const seconds = index.byFirstWords.get(word.folded);
    for (const entry of seconds?.get(words[i + 1]?.folded ?? '') ?? []) {
      const last = toNameEnd(text, words, i, entry);
      if (last < 0) continue;
      found.push(span(text, word.start, (words[last] as Word).end, 'name', { person: entry.person }));
      break;
    }
  }
}

/** The index of the name's last word when the words from i on spell it, or -1. */
function toNameEnd(text: string, words: readonly Word[], i: number, entry: NameEntry): number {
  for (let k = 0; k < entry.words.length; k += 1) {
    const word = words[i + k];
    if (!word || word.folded !== entry.words[k]) return -1;
    if (entry.capitalised && !CAPITAL.test(text.slice(word.start, word.end)) && !/^\d/.test(word.folded)) return -1;
    if (k > 0 && !NAME_GAP.test(text.slice((words[i + k - 1] as Word).end, word.start))) return -1;
  }
  return i + entry.words.length - 1;
}

// ---------------------------------------------------------------- word lists

const toWordList = (list: string): string[] => list.trim().split(/\s+/);

/** Organisation, place and function words: a display name made only of these names no child. */
const GENERIC_WORDS = new Set(toWordList(`
  a an and the of for in on at to by with from or my our your their this that we us me you i is are be it not no new all
  st saint mr mrs ms miss dr official team group club clubs youth young people kids children family families council
  councils school schools academy college university uni trust service services centre center hub project forum network
  partnership charity foundation society association church chapel parish town city county village community news radio
  fm tv media page info online live ltd cic plc uk nhs police fire rescue library sports sport fc afc rfc surf lifesaving
  scouts guides cadets health care support action voice voices board committee office campaign plan vision one events
  festival theatre arts cafe shop pool leisure hall south west north east local rural coast beach park skate band choir
  drama dance cornwall cornish kernow scilly isles isle truro penzance newquay falmouth bodmin redruth camborne bude looe
  ives austell helston launceston liskeard saltash hayle padstow wadebridge torpoint callington fowey mevagissey
  perranporth just agnes columb newlyn mousehole porthleven marazion camelford tintagel tresco bryher
`));

/** Everyday English words, many of them also first names or surnames ("Summer", "Rose", "Will", "Green"). */
const ORDINARY_WORDS = new Set(toWordList(`
  about after again air also always am amber angel april art ash august autumn baker ball bank bay bear bell berry best
  big bill bird black bloom blue bond book bow boy brave bread bridge bright brook brown bush but can cash chase cherry
  clay cliff cloud cole cook cool cotton crane cross crown crystal dale dawn day dean deer dew diamond dove down drake duke
  dusk earl eve even every fair faith fall far field finch fish fisher flint ford forest fox frank free frost gale garden
  gem gift glad glen gold golden good grace grand grant gray great green grey grove guy hale happy hardy harmony hart hawk
  hazel heart heath help here hill holly home honey hope house hunt hunter iris ivy jade jay jewel joy judge june king
  lake lamb lane lark laurel lea lee light lily lion little long love lucky mark marsh mason may meadow mercy mill miller
  moon moor moss more much nash night noble oak ocean olive paris parker patience peace pearl penny pepper pike pine pink
  poppy pound power pride prince queen rain raven ray read red reed rich ridge river robin rock rose ross ruby rush rust
  sage salmon sand savage scarlet sea shaw shell short silver sky skye slate small smart smith snow sole sparrow spring
  star steel stone storm story strong summer sun sunny swan sweet temple thorn tiger true wade walker ward warren waters
  wave way well wheeler white wild will willow win winter wise wolf wood woods wren york agree totally thanks thank yes
  really bus buses train job jobs money need want like think know save stop keep friends friend open better future
  together make build go let fun kind safe clean fresh wish dream bold happy fast first last next top world
`));

/** The empty index: contact details and links are still found, no handles or names are known. */
export const NO_PEOPLE: PeopleIndex = indexPeople([]);
