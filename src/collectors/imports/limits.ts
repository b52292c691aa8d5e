/**
 * What an import accepts besides its format: a size limit per line and per post, and no control
 * characters in posts. Pure: the command passes the limits in and says the notes.
 */
import type { Post } from '../../core/post';
import type { ParsedImport, RowProblem } from './types';
import { plural } from '../../core/words';

export interface ImportLimits {
  /** Characters (UTF-16 code units, as the store counts them) in one post's text. */
  readonly maxPostChars: number;
  /** Bytes (UTF-8) in one line of a line-based file (CSV, NDJSON, twarc, twarc 1.x). */
  readonly maxLineBytes: number;
}

/**
 * 100,000 characters is four times the longest X note tweet and beyond any real survey answer; a
 * line of 16 MB holds a whole twarc2 page of 500 tweets with their includes.
 */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxPostChars: 100_000, maxLineBytes: 16 * 1024 * 1024 };

/** C0 controls except tab, newline and carriage return; DEL; C1 controls. Invisible, and NUL breaks CSV readers. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** The text without control characters, and how many were removed. */
export function stripControlCharacters(text: string): { text: string; removed: number } {
  let removed = 0;
  const stripped = text.replace(CONTROL_CHARACTERS, () => {
    removed += 1;
    return '';
  });
  return { text: stripped, removed };
}

/** The notice for removed control characters, or undefined when none were. */
export function describeStripped(removed: number, where: string, what = 'NUL and the like'): string | undefined {
  if (removed === 0) return undefined;
  return `removed ${plural(removed, 'control character')} (${what}, invisible in text) from ${where}; tabs and line breaks are kept`;
}

/** The first line longer than `maxBytes` in UTF-8, with its length, or undefined. */
export function findOverlongLine(text: string, maxBytes: number): { line: number; bytes: number } | undefined {
  let start = 0;
  for (let line = 1; start <= text.length; line += 1) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    // A UTF-16 code unit is at most 3 UTF-8 bytes, so short lines need no counting.
    if ((stop - start) * 3 > maxBytes) {
      const bytes = Buffer.byteLength(text.slice(start, stop), 'utf8');
      if (bytes > maxBytes) return { line, bytes };
    }
    if (end === -1) break;
    start = end + 1;
  }
  return undefined;
}

export function describeOverlongLine(bytes: number, maxBytes: number): string {
  return `line is ${formatBytes(bytes)}, over the limit of ${formatBytes(maxBytes)} per line (--max-line-bytes)`;
}

export function describeOverlongPost(chars: number, maxChars: number, id: string): string {
  return `post "${quote(id)}" has ${chars.toLocaleString('en-GB')} characters of text, over the limit of ${maxChars.toLocaleString('en-GB')} (--max-post-chars)`;
}

/**
 * Removes control characters from every post's text and author, and turns a post over the length
 * limit into a problem. Formats that know lines check the length first (with the line); here the
 * line is the one the format gave (`postLines`), else where the post's id first appears in the file.
 */
export function screenPosts(parsed: ParsedImport, text: string, limits: ImportLimits): ParsedImport {
  let removed = 0;
  const posts: Post[] = [];
  const problems: RowProblem[] = [...parsed.problems];
  for (const post of parsed.posts) {
    const cleaned = stripPost(post);
    removed += cleaned.removed;
    if (cleaned.post.text.length > limits.maxPostChars) {
      problems.push({ line: parsed.postLines?.get(post.sourceId) ?? lineOf(text, post.sourceId), problem: describeOverlongPost(cleaned.post.text.length, limits.maxPostChars, post.sourceId) });
    } else posts.push(cleaned.post);
  }
  problems.sort((a, b) => a.line - b.line);
  const note = describeStripped(removed, 'the posts');
  const notes = note ? [...(parsed.notes ?? []), note] : parsed.notes;
  return { ...parsed, posts, problems, ...(notes ? { notes } : {}) };
}

function stripPost(post: Post): { post: Post; removed: number } {
  const text = stripControlCharacters(post.text);
  const author = post.author;
  if (!author) return { post: text.removed ? { ...post, text: text.text } : post, removed: text.removed };
  const handle = author.handle === null ? null : stripControlCharacters(author.handle);
  const name = author.name === null ? null : stripControlCharacters(author.name);
  const removed = text.removed + (handle?.removed ?? 0) + (name?.removed ?? 0);
  if (removed === 0) return { post, removed };
  return { post: { ...post, text: text.text, author: { ...author, handle: handle?.text ?? null, name: name?.text ?? null } }, removed };
}

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at === -1) return 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** Anything quoted from the file in a message: at most 80 characters, so a huge cell never floods the terminal. */
export function quote(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
