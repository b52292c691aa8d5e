/**
 * The values of numeric, list and duration flags, checked the same way for every command: a mistake
 * is a UserError (exit 2) that names the flag, the range it takes and an example, never a crash deep
 * in SQLite or `Date` (a limit of 1e20 does not fit a 64-bit integer; 99999999y is past year 275760).
 */
import os from 'node:os';
import { parseDurationMs } from '../core/dates';
import type { Command } from 'commander';
import { UserError } from '../errors';

export interface CountRange {
  readonly min: number;
  readonly max: number;
  /** A whole example flag, e.g. `--limit 50`. */
  readonly example: string;
}

const WHOLE_NUMBER = /^\d{1,16}$/;

/** A whole number within the range: `-5`, `2.5`, `0x10`, `1e3` and numbers past the range are refused. */
export function parseCount(flag: string, text: string, range: CountRange): number {
  const value = text.trim();
  const n = WHOLE_NUMBER.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new UserError(`${flag} "${text}" is not a whole number from ${range.min} to ${range.max}`, `E.g. ${range.example}.`);
  }
  return n;
}

/** Like parseCount, for an optional flag. */
export function parseOptionalCount(flag: string, text: string | undefined, range: CountRange): number | undefined {
  return text === undefined ? undefined : parseCount(flag, text, range);
}

/**
 * A list of whole numbers separated by commas (or semicolons or spaces, as people type them).
 * An empty item (`1,,3`, `1,3,`) is refused rather than skipped: it is usually a number left out.
 */
export function parseCountList(flag: string, text: string, range: CountRange): number[] {
  const items = text.trim().split(/\s*[,;]\s*|\s+/);
  const numbers = items.map((item) => (WHOLE_NUMBER.test(item) ? Number(item) : Number.NaN));
  if (text.trim() === '' || numbers.some((n) => !Number.isSafeInteger(n) || n < range.min || n > range.max)) {
    throw new UserError(`${flag} "${text}" is not a list of whole numbers from ${range.min} to ${range.max}`, `Separate them with commas, e.g. ${range.example}.`);
  }
  return [...new Set(numbers)];
}

export interface DurationRange {
  readonly minMs: number;
  readonly maxMs: number;
  /** How the range reads in a message, e.g. `1d to 100y`. */
  readonly label: string;
  readonly example: string;
}

export const SECOND_MS = 1000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const YEAR_MS = 31_557_600_000;

/** A duration such as 90s, 15m, 2h, 400d or 2y (a bare number is seconds), within the range, in ms. */
export function parseDuration(flag: string, text: string, range: DurationRange): number {
  const ms = parseDurationMs(text);
  if (ms === undefined || !Number.isFinite(ms) || ms < range.minMs || ms > range.maxMs) {
    throw new UserError(`${flag} "${text}" is not a duration from ${range.label}`, `Use s, m, h, d, w or y, e.g. ${range.example}.`);
  }
  return ms;
}

/**
 * Who made a decision, for the label, the screening and the audit trail: `--by` as given (trimmed), or
 * the login name when it is not given. A blank `--by` is refused: an audit line naming nobody is no record.
 */
export function parseDecider(by: string | undefined): string | null {
  if (by === undefined) return loginName();
  const name = by.trim();
  if (name === '') throw new UserError('--by is blank', 'Name who decided, e.g. --by "DSL Jo", or leave --by out to record your login name.');
  return name;
}

function loginName(): string | null {
  try {
    return os.userInfo().username;
  } catch {
    return null;
  }
}

/**
 * A flag and its `--no-` form both given: commander keeps whichever came last, so the user would get
 * one of two contradictory asks without being told. Read from the command line as typed.
 */
export function refuseFlagAndNegation(command: Command, name: string): void {
  let root = command;
  while (root.parent) root = root.parent;
  const typed = (root as Command & { rawArgs?: string[] }).rawArgs ?? [];
  const options = typed.slice(0, typed.includes('--') ? typed.indexOf('--') : undefined);
  if (options.includes(`--${name}`) && options.includes(`--no-${name}`)) {
    throw new UserError(`--${name} and --no-${name} were both given`, `Choose one, e.g. --no-${name} alone.`);
  }
}
