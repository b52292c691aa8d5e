import { toIsoUtc } from '../../core/dates';
import { describeBadImportSource, type AuthorRef, type Post } from '../../core/post';
import { describeOverlongPost, quote } from './limits';

/** The normalised import fields shared by the CSV and NDJSON formats. */
export interface ImportFields {
  readonly id?: unknown;
  readonly text?: unknown;
  readonly created_at?: unknown;
  readonly author?: unknown;
  readonly url?: unknown;
  readonly source?: unknown;
}

export type FieldsResult = { ok: true; post: Post } | { ok: false; problem: string };

/**
 * Validates one row of import fields and turns it into a post, or says what is wrong with it. `raw`
 * is the row as read; `rawJson` its JSON text when the file held it as such (see Post.rawJson).
 */
export function toPostFromFields(fields: ImportFields, defaultSource: string, raw: unknown, rawJson?: string, maxPostChars = Infinity): FieldsResult {
  if (typeof fields.id === 'number' && Number.isInteger(fields.id) && !Number.isSafeInteger(fields.id)) {
    return { ok: false, problem: describeInexactId(fields.id, rawJson) };
  }
  const id = asText(fields.id);
  const wrongType = describeWrongType(fields, id);
  if (wrongType) return { ok: false, problem: wrongType };
  if (!id) return { ok: false, problem: 'missing id' };
  // The text is kept exactly as written; only its emptiness is judged without surrounding space.
  const text = typeof fields.text === 'string' ? fields.text : asText(fields.text);
  if (!text.trim()) return { ok: false, problem: `row "${quote(id)}" has no text` };
  if (text.length > maxPostChars) return { ok: false, problem: describeOverlongPost(text.length, maxPostChars, id) };
  const source = asText(fields.source) || defaultSource;
  const badSource = describeBadImportSource(source);
  if (badSource !== undefined) return { ok: false, problem: `row "${quote(id)}": source ${quote(badSource)}` };
  let createdAt: string | null = null;
  const created = asText(fields.created_at);
  if (created) {
    const iso = toIsoUtc(created);
    if (!iso) return { ok: false, problem: `row "${quote(id)}" has an unparseable created_at "${quote(created)}" (use ISO 8601 or YYYY-MM-DD)` };
    createdAt = iso;
  }
  const url = asText(fields.url) || null;
  return {
    ok: true,
    post: {
      source,
      sourceId: id,
      kind: 'response',
      createdAt,
      author: toAuthor(fields.author),
      text,
      url,
      lang: null,
      parentSourceId: null,
      conversationId: null,
      metrics: null,
      raw: rawJson === undefined ? raw : undefined,
      rawJson,
    },
  };
}

/**
 * JSON.parse has already rounded a number this large (872020292695430122 reads as …100), so the id read
 * would not be the one written. The message quotes the digits as the file has them, so they can be found.
 */
function describeInexactId(id: number, rawJson: string | undefined): string {
  const written = [...(rawJson ?? '').matchAll(/"id"\s*:\s*(-?\d+)/g)].map((m) => m[1]).find((digits) => Number(digits) === id) ?? String(id);
  return `id ${written} is too large to be read exactly as a number (it reads as ${id}): write it as a string, "id":"${written}"`;
}

const FIELD_NAMES = ['id', 'text', 'created_at', 'author', 'url', 'source'] as const;

/**
 * A field given as an object, list or true/false (NDJSON) would be read as if it were missing: an
 * author `{"name": "Jess K"}` stored as nobody (so never found by the gate or by forget), a date
 * dropped. The row is refused instead, naming the field. A number is taken as its digits.
 */
function describeWrongType(fields: ImportFields, id: string): string | undefined {
  const wrong = FIELD_NAMES.find((name) => {
    const value = fields[name];
    return value !== undefined && value !== null && typeof value !== 'string' && typeof value !== 'number';
  });
  if (wrong === undefined) return undefined;
  const value = fields[wrong];
  const kind = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `${String(value)}`;
  const row = id ? `row "${quote(id)}": ` : '';
  const hint = wrong === 'author' ? ', a handle ("@JessK") or a name ("Jess K")' : '';
  return `${row}"${wrong}" is ${kind}; write it as text${hint}`;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

function toAuthor(value: unknown): AuthorRef | null {
  return toTypedAuthor(asText(value));
}

/**
 * A free-text author ("@JessK", "Jess K") as stored: a stable id (`toTypedAuthorId`), and what was typed,
 * in its case, as a handle when it is one word and as a name when it is more. A name is what the gate
 * looks for in other people's posts and what an erasure keeps out of later ones ("Tamsin Rowe runs it"),
 * as it does for a Facebook name; a one-word handle is matched as handles are.
 */
export function toTypedAuthor(typed: string): AuthorRef | null {
  const shown = toTypedName(typed);
  if (!shown) return null;
  const sourceAuthorId = toTypedAuthorId(shown);
  return shown.includes(' ') ? { sourceAuthorId, handle: null, name: shown } : { sourceAuthorId, handle: shown, name: null };
}

/**
 * The id a typed author is stored under, and looked up by (`forget --author`): case, a leading @ and how
 * the words are spaced do not matter ("Jess  K" is Jess K), so a forgotten respondent typed another way
 * stays forgotten.
 */
export function toTypedAuthorId(typed: string): string {
  return toTypedName(typed).toLowerCase();
}

/** What was typed, without surrounding space or a leading @, each run of white space one space. */
function toTypedName(typed: string): string {
  return typed.trim().replace(/^@/, '').replace(/\s+/g, ' ');
}
