/**
 * A Facebook Page's "Download Your Information" JSON export: the posts file (an array of
 * `{timestamp, data: [{post}], attachments?, title}`) or the comments file (`{comments_v2: [...]}`,
 * older exports `{comments: [...]}`). Meta writes UTF-8 bytes as `\u00XX` escapes (mojibake); that is
 * undone only when the file shows it. The export has no Graph ids or permalinks, so each item's id is a
 * hash of its kind, time and text: re-importing changes nothing.
 */
import { createHash } from 'node:crypto';
import type { Post } from '../../core/post';
import type { ImportFormat, ParsedImport, RowProblem } from './types';

export const FACEBOOK_EXPORT_SOURCE = 'facebook-export';

export const facebookExportFormat: ImportFormat = {
  name: 'facebook-export',
  description: 'a Facebook Page "Download Your Information" JSON file (posts or comments)',
  extensions: [],
  sniff: (text) => {
    const head = text.slice(0, 4000);
    if (/^\s*\{\s*"comments(?:_v2)?"\s*:\s*\[/.test(head)) return true;
    return /^\s*\[\s*\{/.test(head) && /"timestamp"\s*:\s*\d/.test(head) && /"(?:post|update_timestamp)"\s*:/.test(head);
  },
  parse: parseExport,
};

interface ExportItem {
  timestamp?: unknown;
  title?: unknown;
  data?: Array<{ post?: unknown; comment?: { timestamp?: unknown; comment?: unknown; author?: unknown } }>;
  attachments?: Array<{ data?: Array<{ media?: { description?: unknown; title?: unknown } }> }>;
}

function parseExport(text: string): ParsedImport {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { format: 'facebook-export', rowsRead: 0, posts: [], problems: [], fatal: { line: 1, problem: `not valid JSON: ${(error as Error).message}` } };
  }
  const comments = Array.isArray(value) ? undefined : ((value as Record<string, unknown>).comments_v2 ?? (value as Record<string, unknown>).comments);
  const items = Array.isArray(value) ? value : comments;
  if (!Array.isArray(items)) return { format: 'facebook-export', rowsRead: 0, posts: [], problems: [], fatal: { line: 1, problem: 'expected the posts file (an array) or the comments file ({"comments_v2": [...]})' } };
  const fix = hasMojibake(items) ? fixMojibake : (s: string) => s;
  const posts = new Map<string, Post>();
  const problems: RowProblem[] = [];
  items.forEach((item: ExportItem, index) => {
    const result = Array.isArray(value) ? toExportPost(item, fix) : toExportComment(item, fix);
    if (typeof result === 'string') problems.push({ line: index + 1, problem: `item ${index + 1}: ${result}` });
    else if (result) posts.set(result.sourceId, result);
  });
  return { format: 'facebook-export', rowsRead: items.length, posts: [...posts.values()], problems };
}

/** A post, undefined for one with no text (a photo alone), or what is wrong with it. */
function toExportPost(item: ExportItem, fix: (s: string) => string): Post | undefined | string {
  const createdAt = toIso(item.timestamp);
  if (!createdAt) return 'no timestamp';
  const parts = (item.data ?? []).map((d) => (typeof d.post === 'string' ? fix(d.post) : '')).filter(Boolean);
  for (const media of (item.attachments ?? []).flatMap((a) => a.data ?? []).map((d) => d.media)) {
    const description = typeof media?.description === 'string' ? fix(media.description) : '';
    if (description && !parts.some((p) => p.includes(description))) parts.push(description);
  }
  if (parts.length === 0) return undefined;
  return toPost('post', createdAt, parts.join('\n\n'), null, item);
}

function toExportComment(item: ExportItem, fix: (s: string) => string): Post | undefined | string {
  const comment = (item.data ?? []).map((d) => d.comment).find((c) => c !== undefined);
  if (!comment) return 'no comment in "data"';
  const createdAt = toIso(comment.timestamp ?? item.timestamp);
  if (!createdAt) return 'no timestamp';
  if (typeof comment.comment !== 'string' || !comment.comment.trim()) return undefined;
  const author = typeof comment.author === 'string' ? fix(comment.author) : null;
  return toPost('comment', createdAt, fix(comment.comment), author, item);
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
