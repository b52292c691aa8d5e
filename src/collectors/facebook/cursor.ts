/**
 * The Facebook cursor, saved with every page, and the pure decisions made from it.
 *
 * - `newestPostAt`: the newest post read; the next run reads the feed down to here, or down to the
 *   start of the active window if that is older.
 * - `owed`: feed ranges still to read in full, newest first. A run puts its own range here before it
 *   starts and narrows it page by page, so a stopped run is finished by the next.
 * - `counts`: every comment and reply per post when last read; an old post whose count differs has
 *   its thread re-read.
 */

export interface FeedRange {
  /** Read posts created at or after this (ISO UTC); null: down to the very first post. */
  readonly downTo: string | null;
  /** Start below this created time (ISO UTC); null: from the newest post. */
  readonly until: string | null;
}

export interface FacebookCursor {
  readonly version: 1;
  readonly pageId: string;
  readonly newestPostAt: string | null;
  readonly owed: readonly FeedRange[];
  readonly counts: Readonly<Record<string, number>>;
}

export function toCursor(saved: unknown, pageId: string): FacebookCursor | null {
  const c = saved as Partial<FacebookCursor> | null;
  if (!c || c.version !== 1 || c.pageId !== pageId || !Array.isArray(c.owed) || typeof c.counts !== 'object' || c.counts === null) return null;
  return { version: 1, pageId, newestPostAt: c.newestPostAt ?? null, owed: c.owed, counts: c.counts };
}

export interface RunPlan {
  readonly owed: readonly FeedRange[];
  /** Old posts (created before this) get a count check; null: no check this run. */
  readonly sweepBefore: string | null;
}

/**
 * What this run reads in full: a first run everything; a backfill its window; otherwise every post
 * since the last run's newest or within the active window, whichever reaches further back, then
 * whatever an earlier stopped run still owes. Older posts get only a count check.
 */
export function planRun(cursor: FacebookCursor | null, now: Date, activeDays: number, backfill: { since?: string | undefined; until?: string | undefined }): RunPlan {
  const owed = cursor?.owed ?? [];
  if (backfill.since || backfill.until) return { owed: [{ downTo: backfill.since ?? null, until: backfill.until ?? null }, ...owed], sweepBefore: null };
  if (!cursor) return { owed: [{ downTo: null, until: null }], sweepBefore: null };
  const windowStart = new Date(now.getTime() - activeDays * 86_400_000).toISOString();
  const downTo = cursor.newestPostAt && cursor.newestPostAt < windowStart ? cursor.newestPostAt : windowStart;
  return { owed: [{ downTo, until: null }, ...owed], sweepBefore: downTo };
}

export function laterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
