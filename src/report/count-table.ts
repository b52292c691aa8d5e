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

export type PublishedCount = number | typeof SUPPRESSED;

/** A row's counts in the order count tables print them: posts, outcomes 1 to 5, none, unclassified. */
export function countCells(row: CountRow): number[] {
  return [row.posts, ...row.outcomes, row.none, row.unclassified];
}

/**
 * Places' counts (`countCells`) as they may be published beside their areas', which the area table
 * publishes under the same rule. Below 5 is "<5" (primary suppression). An area counts the posts naming
 * any of its places, so where an area's count is published and just one of its places' counts is hidden,
 * the others subtracted from the area's would give it back ("Penwith 32, Penzance 30, Newlyn <5": 2).
 * There the smallest other count in that area is hidden too (secondary suppression), column by column,
 * so at least two hidden counts share whatever the subtraction leaves.
 */
export function toPublishedPlaceCells(places: readonly CountRow[], areas: readonly CountRow[]): PublishedCount[][] {
  const counts = places.map(countCells);
  const cells: PublishedCount[][] = counts.map((row) => row.map(toSuppressed));
  const areaCounts = new Map(areas.map((area) => [area.key, countCells(area)]));
  for (const [area, members] of placesByArea(places)) {
    const totals = areaCounts.get(area);
    if (!totals) continue;
    totals.forEach((total, column) => {
      const cellOf = (i: number) => cells[i]?.[column];
      if (total < SMALL_NUMBER || members.filter((i) => cellOf(i) === SUPPRESSED).length !== 1) return;
      const shown = members.filter((i) => cellOf(i) !== SUPPRESSED);
      const smallest = shown.sort((a, b) => (counts[a]?.[column] ?? 0) - (counts[b]?.[column] ?? 0) || a - b)[0];
      if (smallest !== undefined) (cells[smallest] as PublishedCount[])[column] = SUPPRESSED;
    });
  }
  return cells;
}

/** Row indexes of the places in each area, in row order. */
function placesByArea(places: readonly CountRow[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  places.forEach((place, i) => {
    if (place.area === undefined) return;
    const members = groups.get(place.area) ?? [];
    members.push(i);
    groups.set(place.area, members);
  });
  return groups;
}

/** The places whose count of posts may be published (`toPublishedPlaceCells`), most named first: the ones a report may chart or name. */
export function publishedPlaces(places: readonly CountRow[], areas: readonly CountRow[]): CountRow[] {
  const cells = toPublishedPlaceCells(places, areas);
  return places.filter((_, i) => cells[i]?.[0] !== SUPPRESSED);
}

/** Fills the weeks or months nobody posted in, so a chart's time axis has no silent gaps. */
export function withEmptyPeriods(rows: readonly CountRow[], keys: readonly string[]): CountRow[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const filled = keys.map((key) => byKey.get(key) ?? { key, posts: 0, outcomes: OUTCOME_NUMBERS.map(() => 0), none: 0, unclassified: 0 });
  const unknown = byKey.get('unknown');
  return unknown ? [...filled, unknown] : filled;
}
