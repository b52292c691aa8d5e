import fs from 'node:fs';
import path from 'node:path';
import { InputError, UserError } from '../../errors';

/**
 * Reads an import file as UTF-8 text, refusing what cannot be a text export: a missing or empty file,
 * binary content, or bytes that are not UTF-8. The problem names the file and, where it can, the line.
 */
export function readImportText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}: no such file`, 'Check the path.');
    if (code === 'EISDIR') throw new UserError(`${file} is a folder, not a file`, 'Name the export file itself.');
    throw new UserError(`${file}: cannot read: ${(error as Error).message}`, 'Check the file permissions.');
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new InputError(file, lineAt(bytes, nul), 'binary content (a NUL byte): this is not a text export', 'Save it as CSV (UTF-8) or NDJSON and try again.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InputError(file, undefined, 'not valid UTF-8 text', 'Save the file as UTF-8 (in Excel: "CSV UTF-8") and try again.');
  }
  if (/^\uFEFF?\s*$/.test(text)) throw new InputError(file, undefined, 'the file is empty', 'Export the data again; nothing was imported.');
  return text;
}

/** A companion file beside an export (an archive's note-tweet.js), or undefined when there is none. */
export function readBesideText(file: string, name: string): string | undefined {
  const companion = path.join(path.dirname(file), name);
  return fs.existsSync(companion) ? readImportText(companion) : undefined;
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}
