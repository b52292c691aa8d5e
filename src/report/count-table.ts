/** A count table: one row per key (a week, a source, a place), posts and posts per outcome. Pure. */
import { OUTCOME_NUMBERS } from './outcomes';

export interface CountRow {
  readonly key: string;
  /** A readable name where the key is an id (community network areas). */
  readonly label?: string;
  /** The community network area a place belongs to. */
  readonly area?: string;
  readonly posts: number;
  /** Posts per outcome, index 0 is outcome 1; a post with two outcomes counts in both. */
  readonly outcomes: readonly number[];
  /** Classified, about none of the five outcomes. */
  readonly none: number;
  readonly unclassified: number;
}

interface MutableRow {
  key: string;
  area?: string;
  posts: number;
  outcomes: number[];
  none: number;
  unclassified: number;
}

export class CountTable {
  private readonly byKey = new Map<string, MutableRow>();

  add(key: string, outcomes: readonly number[], classified: boolean, area?: string): void {
    let row = this.byKey.get(key);
    if (!row) {
      row = { key, posts: 0, outcomes: OUTCOME_NUMBERS.map(() => 0), none: 0, unclassified: 0 };
      if (area !== undefined) row.area = area;
      this.byKey.set(key, row);
    }
    row.posts += 1;
    for (const outcome of outcomes) row.outcomes[outcome - 1]! += 1;
    if (!classified) row.unclassified += 1;
    else if (outcomes.length === 0) row.none += 1;
  }

  /** Sorted by key (periods: oldest first, "unknown" last) or by posts (most first, then by key). */
  rows(order: 'key' | 'posts'): CountRow[] {
    const rows = [...this.byKey.values()];
    if (order === 'key') return rows.sort((a, b) => (a.key === 'unknown' ? 1 : b.key === 'unknown' ? -1 : a.key.localeCompare(b.key)));
    return rows.sort((a, b) => b.posts - a.posts || a.key.localeCompare(b.key));
  }
}

/** Below this, a count of posts about a place could point at a person: it is shown as "<5". */
export const SMALL_NUMBER = 5;
export const SUPPRESSED = '<5';

/**
 * A count as it may be published for a place: anything below 5 becomes "<5", zero included, so a
 * reader cannot tell "nobody" from "one child on Bryher".
 */
export function toSuppressed(count: number): number | typeof SUPPRESSED {
  return count < SMALL_NUMBER ? SUPPRESSED : count;
}

/** Fills the weeks or months nobody posted in, so a chart's time axis has no silent gaps. */
export function withEmptyPeriods(rows: readonly CountRow[], keys: readonly string[]): CountRow[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const filled = keys.map((key) => byKey.get(key) ?? { key, posts: 0, outcomes: OUTCOME_NUMBERS.map(() => 0), none: 0, unclassified: 0 });
  const unknown = byKey.get('unknown');
  return unknown ? [...filled, unknown] : filled;
}
