/**
 * What an alert may know about a run: counts, source names, error messages and times. Pure. There
 * is deliberately no field for a post's text, author, handle or link, so no alert can carry one:
 * the safeguarding lead reads the posts in the desk's inbox, behind its login, not in a mailbox.
 */
import { InternalError, OnevisionError, UpstreamError } from '../errors';
import { redact, type Secret } from '../core/secret';

/** S4 (docs/labelling.md): a flag's level; a flag whose level is not known counts as a concern. */
export type NewFlagLevel = 'disclosure' | 'concern' | null;

export interface NewFlags {
  readonly disclosures: number;
  readonly concerns: number;
}

export const NO_NEW_FLAGS: NewFlags = Object.freeze({ disclosures: 0, concerns: 0 });

export type FailureCategory = 'upstream' | 'environment' | 'bug';

export interface RunFailure {
  /** `x`, `facebook`, or `collection` when the run failed as a whole. */
  readonly source: string;
  readonly category: FailureCategory;
  /** The error's message, secrets removed, one line, capped. */
  readonly message: string;
  readonly hint: string | null;
}

export interface StaleSource {
  readonly source: string;
  /** When its last successful collection ended, or null when it never had one. */
  readonly lastSuccessAt: string | null;
  /** Whole hours since then, or null when never. */
  readonly hoursSince: number | null;
}

export interface AlertFacts {
  readonly newFlags: NewFlags;
  readonly failures: readonly RunFailure[];
  readonly stale: readonly StaleSource[];
  /** The stale limit the facts were judged by (ALERT_STALE_HOURS). */
  readonly staleHours: number;
}

/** The flags standing after a run that did not stand before it, counted by level. */
export function countNewFlags(before: ReadonlySet<number>, after: ReadonlyArray<{ readonly postId: number; readonly level: NewFlagLevel }>): NewFlags {
  let disclosures = 0;
  let concerns = 0;
  for (const flag of after) {
    if (before.has(flag.postId)) continue;
    if (flag.level === 'disclosure') disclosures += 1;
    else concerns += 1;
  }
  return { disclosures, concerns };
}

export function totalFlags(flags: NewFlags): number {
  return flags.disclosures + flags.concerns;
}

const MAX_MESSAGE = 300;

/** A failure as an alert may say it: the kind of failure in words, the message without secrets. */
export function toRunFailure(source: string, error: unknown, secrets: readonly Secret[]): RunFailure {
  const known = error instanceof OnevisionError ? error : undefined;
  const raw = known?.message ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  return {
    source,
    category: !known || known instanceof InternalError ? 'bug' : known instanceof UpstreamError ? 'upstream' : 'environment',
    message: oneLine(redact(raw, secrets)),
    hint: known?.hint ? oneLine(redact(known.hint, secrets)) : null,
  };
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

/**
 * The configured sources whose last successful collection is older than `staleHours` (or never
 * happened), at `now`.
 */
export function findStaleSources(
  sources: readonly string[],
  lastSuccess: ReadonlyMap<string, string>,
  now: Date,
  staleHours: number,
): StaleSource[] {
  const stale: StaleSource[] = [];
  for (const source of sources) {
    const at = lastSuccess.get(source) ?? null;
    const elapsedMs = at === null ? Infinity : now.getTime() - Date.parse(at);
    if (elapsedMs > staleHours * 3_600_000) stale.push({ source, lastSuccessAt: at, hoursSince: at === null ? null : Math.floor(elapsedMs / 3_600_000) });
  }
  return stale;
}
