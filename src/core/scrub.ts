/**
 * Scrubbing a forgotten person out of other people's rows: an X reply keeps the post it answers (its
 * text, its author's id) in its raw JSON, and mentions the person by handle. Pure.
 */
import { toMatchingText, toWrittenSpan } from './matching-text';
import { exactIdOf, isExactNumber, parseRawJson, stringifyRawJson } from './raw-json';

export interface ForgottenPerson {
  /** Platform ids of the person (X user ids, Facebook ids, imported names' keys). */
  readonly ids: readonly string[];
  readonly handles: readonly string[];
  /** Display names of two words or more (one-word names are ordinary words in other people's text). */
  readonly names: readonly string[];
  /** Source ids of the posts being erased: referenced copies of them are dropped. */
  readonly postIds: readonly string[];
  /**
   * Of `handles`, those distinctive enough to erase where written without `@` (gate/identifiers/people.ts):
   * a handle that is an everyday word ("summer", "will") goes only as a mention (`@summer`) or a whole
   * value, never as the word in other people's sentences. Absent: every handle.
   */
  readonly bareHandles?: readonly string[];
  /** Of `names`, those distinctive enough to erase written run together ("SamJones"; not "Kit Chen" in "kitchen"). */
  readonly gluedNames?: readonly string[];
}

export const ERASED = '[erased]';

/**
 * The person's handles, names and ids in a text, and links to the posts being erased, replaced by a
 * placeholder. Matched as core/matching-text.ts reads text, so an invisible character, full-width or
 * look-alike letters or an accent do not hide them ("jenny\u200b_p99", "Sám Jones"); a name's words may
 * be joined by any spacing, a hyphen, an apostrophe, a full stop or an underscore ("Sam-Jones"), with a
 * middle initial ("Sam R. Jones"), or written surname first with a comma ("Jones, Sam"), and a distinctive name by
 * nothing ("SamJones"), any case; a handle that is an everyday word goes only as a mention or a whole value. An erased
 * post's id goes where a link puts it (`x.com/[erased]/status/[erased]`), so the link no longer leads to it.
 */
export function scrubText(text: string, person: ForgottenPerson): string {
  const matching = toMatchingText(text);
  const spans: Array<[number, number]> = [];
  const collect = (pattern: RegExp) => {
    for (const match of matching.text.matchAll(pattern)) spans.push(toWrittenSpan(matching, match.index, match.index + match[0].length));
  };
  for (const handle of person.handles) {
    const read = readable(handle).replace(/^[@＠]+/, '');
    if (read === '') continue;
    if (matching.text.trim().toLowerCase() === read.toLowerCase()) spans.push([0, text.length]);
    const bare = person.bareHandles === undefined || person.bareHandles.includes(handle);
    collect(new RegExp(`(?<![\\p{L}\\p{N}_])${bare ? '(?:[@＠]\\s?)?' : '[@＠]\\s?'}${escape(read)}(?![\\p{L}\\p{N}_])`, 'giu'));
  }
  for (const name of person.names) {
    const words = readable(name).split(NAME_GAP).filter(Boolean).map(escape);
    if (words.length === 0) continue;
    // "Sam Jones", "Sam R. Jones", "Sam_Jones"; and surname first with a comma, "Jones, Sam".
    collect(new RegExp(`(?<![\\p{L}\\p{N}])${words.join(`${NAME_GAP.source}(?:\\p{L}\\.?${NAME_GAP.source})?`)}(?![\\p{L}\\p{N}])`, 'giu'));
    if (words.length >= 2) collect(new RegExp(`(?<![\\p{L}\\p{N}])${words[words.length - 1] ?? ''}\\s*,\\s*${words[0] ?? ''}(?![\\p{L}\\p{N}])`, 'giu'));
  }
  // "Sam\u200bJones" reads "SamJones".
  for (const name of person.gluedNames ?? []) collect(new RegExp(`(?<![\\p{L}\\p{N}])${escape(readable(name).split(NAME_GAP).join(''))}(?![\\p{L}\\p{N}])`, 'giu'));
  // Platform ids are numbers; a typed import's author id is the name as written, found above as a name or handle.
  for (const id of person.ids) if (id.length >= 4 && /\d/.test(id)) collect(new RegExp(`(?<![\\p{L}\\p{N}_])${escape(id)}(?![\\p{L}\\p{N}_])`, 'gu'));
  for (const id of person.postIds) if (id.length >= 4) collect(new RegExp(`(?<=[/=])${escape(id)}(?![\\p{L}\\p{N}_])`, 'gu'));
  return replaceSpans(text, spans);
}

/** A post's link without the person: one that names them is dropped whole ("https://x.com/[erased]" leads nowhere useful). */
export function scrubUrl(url: string | null, person: ForgottenPerson): string | null {
  return url === null || scrubText(url, person) === url ? url : null;
}

/** What may join a name's words: spacing, a hyphen, an apostrophe, a full stop. */
// Underscores too: a name written as a handle would be ("Sam_Jones").
const NAME_GAP = /[\s'’‘\-‐‑–._]+/u;

const readable = (text: string) => toMatchingText(text).text;

/** The text with each span, overlapping ones merged, replaced by `ERASED`. */
function replaceSpans(text: string, spans: Array<[number, number]>): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let at = 0;
  let open: [number, number] | undefined;
  for (const [start, end] of spans) {
    if (open && start < open[1]) {
      open[1] = Math.max(open[1], end);
      continue;
    }
    if (open) {
      out += text.slice(at, open[0]) + ERASED;
      at = open[1];
    }
    open = [start, end];
  }
  if (open) {
    out += text.slice(at, open[0]) + ERASED;
    at = open[1];
  }
  return out + text.slice(at);
}

/**
 * Other people's raw JSON without the person: referenced posts they wrote or that are being erased
 * are dropped whole (their text goes with them), their user objects dropped, and every remaining
 * string that names them scrubbed, as is every number that is one of their ids. Numbers read with
 * parseRawJson (raw-json.ts) stay exactly as written.
 */
export function scrubRaw(value: unknown, person: ForgottenPerson): unknown {
  const ids = new Set(person.ids);
  const postIds = new Set(person.postIds);
  // A v1.1 id is written twice, `in_reply_to_user_id` beside `in_reply_to_user_id_str`: the number
  // would still name them once its string twin is scrubbed, so it goes the same way.
  const isTheirId = (digits: string) => digits.length >= 4 && ids.has(digits);
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return scrubText(node, person);
    if (isExactNumber(node)) return isTheirId(node.value) ? ERASED : node;
    if (typeof node === 'number') return Number.isSafeInteger(node) && isTheirId(String(node)) ? ERASED : node;
    if (Array.isArray(node)) return node.filter((item) => !isTheirs(item, ids, postIds)).map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      if (isTheirs(child, ids, postIds)) continue;
      out[key] = walk(child);
    }
    return out;
  };
  return walk(value);
}

/** scrubRaw over stored JSON text, every number in what stays kept as written. Throws on text that is not JSON. */
export function scrubRawJson(json: string, person: ForgottenPerson): string {
  return stringifyRawJson(scrubRaw(parseRawJson(json), person));
}

/** A post they wrote, a post being erased, or their user object. */
function isTheirs(node: unknown, ids: ReadonlySet<string>, postIds: ReadonlySet<string>): boolean {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
  const record = node as Record<string, unknown>;
  // A v1.1 status or user also gives its id as id_str, exact even where a numeric id was read rounded.
  const id = exactIdOf(record.id) ?? exactIdOf(record.id_str);
  if (id !== undefined && (postIds.has(id) || ids.has(id)) && ('text' in record || 'full_text' in record || 'username' in record || 'screen_name' in record || 'message' in record || 'name' in record)) return true;
  for (const key of ['author_id', 'from', 'user']) {
    const author = record[key] as { id?: unknown; id_str?: unknown } | string | null | undefined;
    const authorId = typeof author === 'string' ? author : (exactIdOf(author?.id) ?? exactIdOf(author?.id_str));
    if (authorId !== undefined && ids.has(authorId) && ('text' in record || 'full_text' in record || 'message' in record)) return true;
  }
  return false;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
