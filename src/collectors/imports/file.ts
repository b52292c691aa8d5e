import fs from 'node:fs';
import path from 'node:path';
import { InputError, UserError } from '../../errors';
import { describeStripped } from './limits';

/** An import file's text, decoded, with what the user should know about how it was read. */
export interface ImportText {
  readonly text: string;
  readonly notes: readonly string[];
}

/**
 * Reads an import file as text, refusing what cannot be a text export: a missing or empty file,
 * binary content, or bytes that are not UTF-8. UTF-16 (Excel's "Unicode Text", with or without a
 * byte-order mark) is converted. A stray NUL is removed with a notice (an older export of a post
 * holding one has it raw); posts lose their other control characters later (limits.ts screenPosts),
 * while other fields keep them, shown visibly in messages. The problem names the file and, where it
 * can, the line.
 */
export function readImportFile(file: string): ImportText {
  const bytes = readBytes(file);
  const utf16 = detectUtf16(bytes);
  const decoded = utf16 ? decodeUtf16(file, bytes, utf16) : decodeUtf8(file, bytes);
  const stripped = stripNuls(decoded);
  if (/^\uFEFF?\s*$/.test(stripped.text)) throw new InputError(file, undefined, 'the file is empty', 'Export the data again; nothing was imported.');
  const notes = [utf16 ? `read as ${utf16.toUpperCase()} (converted to UTF-8)` : '', describeStripped(stripped.removed, 'the file', 'NUL') ?? ''].filter(Boolean);
  return { text: stripped.text, notes };
}

/** The text alone, for callers that have nowhere to say the notes. */
export function readImportText(file: string): string {
  return readImportFile(file).text;
}

/** A companion file beside an export (an archive's note-tweet.js), or undefined when there is none. */
export function readBesideText(file: string, name: string): string | undefined {
  const companion = path.join(path.dirname(file), name);
  return fs.existsSync(companion) ? readImportText(companion) : undefined;
}

function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}: no such file`, 'Check the path.');
    if (code === 'EISDIR') throw new UserError(`${file} is a folder, not a file`, 'Name the export file itself.');
    throw new UserError(`${file}: cannot read: ${(error as Error).message}`, 'Check the file permissions.');
  }
}

type Utf16 = 'utf-16le' | 'utf-16be';

/**
 * UTF-16 by its byte-order mark, or without one by its NUL pattern: text in Latin script has a zero
 * byte in every other place (odd places for little-endian, even for big-endian) and nowhere else.
 */
export function detectUtf16(bytes: Buffer): Utf16 | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const pairs = Math.floor(Math.min(bytes.length, 4096) / 2);
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i += 1) {
    if (bytes[2 * i] === 0) evenZeros += 1;
    if (bytes[2 * i + 1] === 0) oddZeros += 1;
  }
  if (oddZeros >= pairs * 0.9 && evenZeros <= pairs * 0.1) return 'utf-16le';
  if (evenZeros >= pairs * 0.9 && oddZeros <= pairs * 0.1) return 'utf-16be';
  return undefined;
}

function decodeUtf16(file: string, bytes: Buffer, encoding: Utf16): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputError(file, undefined, `looks like ${encoding.toUpperCase()} text but is not valid ${encoding.toUpperCase()}`, 'Save the file as UTF-8 (in Excel: "CSV UTF-8") and try again.');
  }
}

function decodeUtf8(file: string, bytes: Buffer): string {
  // A NUL now and then is a stray character (removed later); many are a binary file (a zip, an image).
  const nuls = countNuls(bytes);
  if (nuls > 0 && (nuls * 10 > bytes.length || nuls > 1000)) {
    throw new InputError(file, lineAt(bytes, bytes.indexOf(0)), 'binary content (NUL bytes): this is not a text export', 'Save it as CSV (UTF-8) or NDJSON and try again.');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InputError(file, firstBadUtf8Line(bytes), 'not valid UTF-8 text', 'Save the file as UTF-8 (in Excel: "CSV UTF-8") and try again.');
  }
}

/**
 * The first line that is not valid UTF-8, so the message names it. A newline byte is never part of a
 * longer UTF-8 character, so the file can be checked a line at a time. Runs only on a refused file.
 */
function firstBadUtf8Line(bytes: Buffer): number | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let line = 1;
  for (let start = 0; start < bytes.length; line += 1) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
  }
  return undefined;
}

function stripNuls(text: string): { text: string; removed: number } {
  const removed = text.split('\u0000').length - 1;
  return { text: removed === 0 ? text : text.replaceAll('\u0000', ''), removed };
}

function countNuls(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(0); at !== -1; at = bytes.indexOf(0, at + 1)) count += 1;
  return count;
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}
