/** `import --max-post-chars` and `--max-line-bytes`: the size limits, read from the flags, and the checks made with them. */
import { DEFAULT_IMPORT_LIMITS, describeOverlongLine, findOverlongLine, type ImportLimits } from '../collectors/imports/limits';
import type { ImportFormat } from '../collectors/imports/types';
import { describeBadImportSource } from '../core/post';
import { InputError, UserError } from '../errors';

export interface LimitFlags {
  maxPostChars?: string;
  maxLineBytes?: string;
}

export const LIMIT_OPTIONS = {
  maxPostChars: ['--max-post-chars <n>', `the most characters of text one post may have (default ${DEFAULT_IMPORT_LIMITS.maxPostChars}); a longer row is invalid`],
  maxLineBytes: ['--max-line-bytes <n>', `the most bytes one line of a CSV or JSON-lines file may have (default ${DEFAULT_IMPORT_LIMITS.maxLineBytes}, 16 MB)`],
} as const;

export function toImportLimits(flags: LimitFlags): ImportLimits {
  return {
    maxPostChars: flags.maxPostChars === undefined ? DEFAULT_IMPORT_LIMITS.maxPostChars : toPositive('--max-post-chars', flags.maxPostChars),
    maxLineBytes: flags.maxLineBytes === undefined ? DEFAULT_IMPORT_LIMITS.maxLineBytes : toPositive('--max-line-bytes', flags.maxLineBytes),
  };
}

function toPositive(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new UserError(`${flag} "${text.slice(0, 40)}" is not a whole number of 1 or more`, `For example ${flag} ${flag === '--max-post-chars' ? '200000' : '33554432'}.`);
  }
  return value;
}

/** Formats that hold a record per line but read it whole: one overlong line stops the file (NDJSON skips it as a bad row instead). */
const WHOLE_LINE_FORMATS = new Set(['csv', 'twarc', 'twitter-v1']);

/** Refuses (exit 2, nothing imported) a file with a line over the limit, naming the line and never quoting it. */
export function refuseOverlongLines(file: string, text: string, format: string, limits: ImportLimits): void {
  if (!WHOLE_LINE_FORMATS.has(format)) return;
  const overlong = findOverlongLine(text, limits.maxLineBytes);
  if (!overlong) return;
  throw new InputError(
    file,
    overlong.line,
    describeOverlongLine(overlong.bytes, limits.maxLineBytes),
    'Nothing was imported. If that line is real data, raise the limit with --max-line-bytes; otherwise export the file again (a line this long is usually a broken export).',
  );
}

/** `--source` for a typed import (CSV, NDJSON, survey): a valid name that is not a platform's. */
export function checkImportSource(source: string): void {
  const problem = describeBadImportSource(source);
  if (problem !== undefined) throw new UserError(`--source ${problem}`, 'Name where the answers came from, e.g. --source survey or --source event.');
}

/**
 * `--source` once the file's format is known. A platform format (twarc, X archive, Facebook export)
 * stores its own source, so a different typed --source would be ignored without a word: refused instead.
 */
export function checkSourceForFormat(format: Pick<ImportFormat, 'name' | 'ownSource'>, flags: { source: string; sourceTyped?: boolean }): void {
  if (format.ownSource === undefined) return checkImportSource(flags.source);
  // `--source x` with twarc output says what the file does anyway: no reason to refuse it.
  if (flags.sourceTyped && flags.source !== format.ownSource) {
    throw new UserError(`--source does not apply to ${format.name} files: onevision stores their posts under source "${format.ownSource}"`, 'Leave out --source. Nothing was imported.');
  }
}
