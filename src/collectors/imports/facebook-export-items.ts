/**
 * One item of a Facebook "Download Your Information" posts or comments file, read field by field.
 * Pure. An item is one of three things:
 * - text: a post or comment with something to classify;
 * - without text: a sticker, photo, GIF, shared link, check-in or reaction alone. Facebook lists these
 *   in the same files (a sticker reply is `"comment": ""` with the sticker as an attachment), so they
 *   are counted and skipped, never a failure;
 * - malformed: a field of the wrong type (a number where text belongs), named by its JSON path.
 */

export type WithoutTextKind = 'sticker' | 'photo' | 'video' | 'gif' | 'link' | 'event' | 'check-in' | 'reaction' | 'note' | 'empty';

export type ExportItemRead =
  | { readonly kind: 'text'; readonly timestamp: unknown; readonly text: string; readonly author: string | null }
  | { readonly kind: 'without-text'; readonly what: WithoutTextKind }
  | { readonly kind: 'malformed'; readonly path: string; readonly problem: string };

type Obj = Record<string, unknown>;

/** A field of the wrong type, thrown while reading and caught once per item. */
class Malformed extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(problem);
  }
}

export function readExportItem(value: unknown, path: string, kind: 'post' | 'comment', fix: (s: string) => string): ExportItemRead {
  try {
    const item = asObject(value, path);
    optional(item, 'timestamp', 'number', path);
    optional(item, 'title', 'string', path);
    const data = list(item, 'data', path);
    const attachments = list(item, 'attachments', path).flatMap((a, i) => list(a, 'data', `${path}.attachments[${i}]`).map((d, j) => ({ d, at: `${path}.attachments[${i}].data[${j}]` })));
    const found = kind === 'post' ? readPost(item, data, attachments, path, fix) : readComment(item, data, path, fix);
    return found ?? { kind: 'without-text', what: toWithoutTextKind(data, attachments.map((a) => a.d)) };
  } catch (error) {
    if (error instanceof Malformed) return { kind: 'malformed', path: error.path, problem: error.problem };
    throw error;
  }
}

function readPost(item: Obj, data: Obj[], attachments: Array<{ d: Obj; at: string }>, path: string, fix: (s: string) => string): ExportItemRead | undefined {
  const parts = data.map((d, i) => optional(d, 'post', 'string', `${path}.data[${i}]`) ?? '').map(fix).filter((p) => p.trim());
  for (const { d, at } of attachments) {
    const media = optionalObject(d, 'media', at);
    const description = fix((media && optional(media, 'description', 'string', `${at}.media`)) ?? '');
    // A photo's caption is usually the post's text again.
    if (description.trim() && !parts.some((p) => p.includes(description))) parts.push(description);
    const note = optionalObject(d, 'note', at);
    const noteText = fix((note && optional(note, 'text', 'string', `${at}.note`)) ?? '');
    if (noteText.trim()) parts.push(noteText);
  }
  return parts.length === 0 ? undefined : { kind: 'text', timestamp: item.timestamp, text: parts.join('\n\n'), author: null };
}

function readComment(item: Obj, data: Obj[], path: string, fix: (s: string) => string): ExportItemRead | undefined {
  for (const [i, d] of data.entries()) {
    const at = `${path}.data[${i}].comment`;
    const comment = optionalObject(d, 'comment', `${path}.data[${i}]`);
    if (!comment) continue;
    const timestamp = optional(comment, 'timestamp', 'number', at);
    const text = optional(comment, 'comment', 'string', at);
    const author = optional(comment, 'author', 'string', at);
    optional(comment, 'group', 'string', at);
    if (text?.trim()) return { kind: 'text', timestamp: timestamp ?? item.timestamp, text: fix(text), author: author ? fix(author) : null };
  }
  return undefined;
}

/** What an item without text holds, from its attachments (the first that says). */
function toWithoutTextKind(data: readonly Obj[], attachments: readonly Obj[]): WithoutTextKind {
  if (data.some((d) => 'reaction' in d)) return 'reaction';
  for (const a of attachments) {
    const media = a.media as Obj | undefined;
    const uri = typeof media?.uri === 'string' ? media.uri.toLowerCase() : '';
    if (uri.includes('stickers_used') || 'sticker' in a) return 'sticker';
    if (/\.gif(?:$|\?)/.test(uri)) return 'gif';
    if (media && (/\.(?:mp4|mov|webm)(?:$|\?)/.test(uri) || (media.media_metadata as Obj | undefined)?.video_metadata)) return 'video';
    if (media) return 'photo';
    const url = String((a.external_context as Obj | undefined)?.url ?? '').toLowerCase();
    if (/tenor\.|giphy\.|\.gif(?:$|\?)/.test(url)) return 'gif';
    if ('external_context' in a) return 'link';
    if ('event' in a) return 'event';
    if ('place' in a) return 'check-in';
    if ('note' in a) return 'note';
  }
  return 'empty';
}

function asObject(value: unknown, path: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Malformed(path, `expected an object, found ${describe(value)}`);
  return value as Obj;
}

/** An optional array of objects. */
function list(parent: Obj, key: string, path: string): Obj[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Malformed(`${path}.${key}`, `expected a list, found ${describe(value)}`);
  return value.map((v, i) => asObject(v, `${path}.${key}[${i}]`));
}

function optionalObject(parent: Obj, key: string, path: string): Obj | undefined {
  const value = parent[key];
  return value === undefined || value === null ? undefined : asObject(value, `${path}.${key}`);
}

function optional(parent: Obj, key: string, type: 'string', path: string): string | undefined;
function optional(parent: Obj, key: string, type: 'number', path: string): number | undefined;
function optional(parent: Obj, key: string, type: 'string' | 'number', path: string): string | number | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type || (type === 'number' && !Number.isFinite(value))) throw new Malformed(`${path}.${key}`, `expected ${type === 'string' ? 'text' : 'a number'}, found ${describe(value)}`);
  return value as string | number;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `text "${value.length > 20 ? `${value.slice(0, 20)}…` : value}"`;
  if (typeof value === 'number') return `the number ${value}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

const LABELS: Readonly<Record<WithoutTextKind, readonly [string, string]>> = {
  sticker: ['sticker', 'stickers'],
  photo: ['photo', 'photos'],
  video: ['video', 'videos'],
  gif: ['GIF', 'GIFs'],
  link: ['link', 'links'],
  event: ['event', 'events'],
  'check-in': ['check-in', 'check-ins'],
  reaction: ['reaction', 'reactions'],
  note: ['note', 'notes'],
  empty: ['empty item', 'empty items'],
};

/** What X shows instead of a post (src/collectors/x/placeholders.ts), skipped by the X imports. */
const X_PLACEHOLDER_LABELS: Readonly<Record<string, readonly [string, string]>> = {
  withheld: ['withheld notice', 'withheld notices'],
  unavailable: ['"unavailable" notice', '"unavailable" notices'],
};

/** "3 stickers, 2 photos", most first. */
export function describeWithoutText(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => `${n} ${(LABELS[kind as WithoutTextKind] ?? X_PLACEHOLDER_LABELS[kind])?.[n === 1 ? 0 : 1] ?? kind}`)
    .join(', ');
}
