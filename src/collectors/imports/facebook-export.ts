/**
 * A Facebook "Download Your Information" JSON export: the posts file (`your_posts_1.json`, an array of
 * `{timestamp, data: [{post}], attachments?, title}`) or a comments file (`comments.json`:
 * `{comments_v2: [...]}`, older exports `{comments: [...]}`; `your_comments_in_groups.json`:
 * `{group_comments_v2: [...]}`). Items without text (stickers, photos, reactions) are counted and
 * skipped; a field of the wrong type is a problem naming its line and JSON path. Meta writes UTF-8
 * bytes as `\u00XX` escapes (mojibake); that is undone only when the file shows it. The export has no
 * Graph ids or permalinks, so each item's id is a hash of its kind, time and text: re-importing
 * changes nothing.
 */
import { createHash } from 'node:crypto';
import type { Post } from '../../core/post';
import { readExportItem } from './facebook-export-items';
import { findElementLines } from './json-lines';
import type { ImportFormat, ParsedImport, RowProblem } from './types';

export const FACEBOOK_EXPORT_SOURCE = 'facebook-export';

export const facebookExportFormat: ImportFormat = {
  name: 'facebook-export',
  description: 'a Facebook "Download Your Information" JSON file (posts, comments or comments in groups)',
  ownSource: FACEBOOK_EXPORT_SOURCE,
  extensions: [],
  sniff: (text) => {
    const head = text.slice(0, 4000);
    if (COMMENTS_FILE.test(head)) return true;
    return /^\s*\[\s*\{/.test(head) && /"timestamp"\s*:\s*\d/.test(head) && /"(?:post|update_timestamp)"\s*:/.test(head);
  },
  parse: parseExport,
};

/** `{"comments_v2": [...]}`; `comments` in exports before 2020; `group_comments_v2` for comments in groups. */
const COMMENTS_FILE = /^\uFEFF?\s*\{\s*"(comments_v2|group_comments_v2|comments)"\s*:\s*\[/;

function parseExport(text: string): ParsedImport {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { format: 'facebook-export', rowsRead: 0, posts: [], problems: [], fatal: { line: 1, problem: `not valid JSON: ${(error as Error).message}` } };
  }
  const found = findItems(text, value);
  if (!found) return { format: 'facebook-export', rowsRead: 0, posts: [], problems: [], fatal: { line: 1, problem: 'expected the posts file (an array) or the comments file ({"comments_v2": [...]})' } };
  const { items, key, kind, arrayStart } = found;
  const fix = hasMojibake(items) ? fixMojibake : (s: string) => s;
  const lines = arrayStart === undefined ? [] : findElementLines(text.replace(/^\uFEFF/, ''), arrayStart);
  const posts = new Map<string, Post>();
  const postLines = new Map<string, number>();
  const problems: RowProblem[] = [];
  const withoutText: Record<string, number> = {};
  items.forEach((item, index) => {
    const path = `${key}[${index}]`;
    const read = readExportItem(item, path, kind, fix);
    const line = lines[index] ?? 1;
    if (read.kind === 'malformed') return void problems.push({ line, problem: `item ${index + 1} (${read.path}): ${read.problem}` });
    if (read.kind === 'without-text') {
      withoutText[read.what] = (withoutText[read.what] ?? 0) + 1;
      return undefined;
    }
    const createdAt = toIso(read.timestamp);
    if (!createdAt) return void problems.push({ line, problem: `item ${index + 1}: no timestamp` });
    const post = toPost(kind, createdAt, read.text, read.author, item);
    posts.set(post.sourceId, post);
    postLines.set(post.sourceId, line);
    return undefined;
  });
  return { format: 'facebook-export', rowsRead: items.length, posts: [...posts.values()], problems, withoutText, postLines };
}

/** The item list, what its items are, and where it starts in the text (for line numbers). */
function findItems(text: string, value: unknown): { items: unknown[]; key: string; kind: 'post' | 'comment'; arrayStart: number | undefined } | undefined {
  const body = text.replace(/^\uFEFF/, '');
  if (Array.isArray(value)) return { items: value, key: '', kind: 'post', arrayStart: body.indexOf('[') };
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const key = ['comments_v2', 'group_comments_v2', 'comments'].find((k) => Array.isArray(record[k]));
  if (!key) return undefined;
  const opening = COMMENTS_FILE.exec(body);
  return { items: record[key] as unknown[], key, kind: 'comment', arrayStart: opening?.[1] === key ? opening[0].length - 1 : undefined };
}

function toPost(kind: 'post' | 'comment', createdAt: string, text: string, author: string | null, raw: unknown): Post {
  const id = createHash('sha256').update(`${kind}\u0000${createdAt}\u0000${text.normalize('NFC').trim()}`).digest('hex').slice(0, 20);
  return {
    source: FACEBOOK_EXPORT_SOURCE,
    sourceId: `${kind}-${id}`,
    kind,
    createdAt,
    author: author ? { sourceAuthorId: author.toLowerCase(), handle: null, name: author } : null,
    text,
    url: null,
    lang: null,
    parentSourceId: null,
    conversationId: null,
    metrics: null,
    raw,
  };
}

function toIso(timestamp: unknown): string | null {
  return typeof timestamp === 'number' && Number.isFinite(timestamp) && timestamp > 0 ? new Date(timestamp * 1000).toISOString() : null;
}

/**
 * Mojibake: strings made only of code points below 256 that hold UTF-8 lead/continuation byte pairs
 * and decode as valid UTF-8. A file with any real non-Latin-1 character was written correctly.
 */
export function hasMojibake(value: unknown): boolean {
  let suspicious = false;
  let clean = true;
  visitStrings(value, (s) => {
    if (/[\u0100-\uffff]/.test(s)) clean = false;
    else if (/[\u00c2-\u00f4][\u0080-\u00bf]/.test(s) && decodes(s)) suspicious = true;
  });
  return suspicious && clean;
}

export function fixMojibake(s: string): string {
  if (!/[\u0080-\u00ff]/.test(s) || !decodes(s)) return s;
  return Buffer.from(s, 'latin1').toString('utf8');
}

function decodes(s: string): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(s, 'latin1'));
    return true;
  } catch {
    return false; // not UTF-8 bytes: real Latin-1 text, left alone
  }
}

function visitStrings(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const v of value) visitStrings(v, visit);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) visitStrings(v, visit);
}
