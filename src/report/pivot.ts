/**
 * Count tables for spreadsheets: period or place × outcome. `export --pivot` writes them and
 * `summary --by` prints the same rows, so the two always agree. Pure.
 */
import { countCells, SUPPRESSED, toPublishedPlaceCells, toSuppressed, withEmptyPeriods, type CountRow } from './count-table';
import { OUTCOME_NUMBERS } from './outcomes';
import { toPeriodRange, type Period } from './periods';
import type { Summary } from './summarise';

export type PivotBy = Period | 'place' | 'source' | 'area' | 'question';

export const PIVOT_CHOICES: readonly PivotBy[] = ['week', 'month', 'place', 'question'];

export type Cell = string | number;

export interface Pivot {
  readonly by: PivotBy;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly Cell[]>;
  /** Said under a table: what the numbers mean and what was hidden. */
  readonly notes: readonly string[];
}

const OUTCOME_COLUMNS = OUTCOME_NUMBERS.map((n) => `outcome_${n}`);
const MULTI_NOTE = 'A post with two outcomes counts in both, so outcome columns add up to more than posts.';

export function toPivot(summary: Summary, by: PivotBy): Pivot {
  switch (by) {
    case 'week':
    case 'month':
      return toPeriodPivot(summary, by);
    case 'source':
      return { by, columns: ['source', 'posts', ...OUTCOME_COLUMNS, 'no_outcome', 'unclassified'], rows: summary.sources.map((r) => toCells([r.key], r)), notes: [MULTI_NOTE] };
    case 'place':
      return toPlacePivot(summary.places, by, ['place', 'area'], (r) => [r.key, r.area ?? ''], toPublishedPlaceCells(summary.places, summary.areas));
    case 'area':
      return toPlacePivot(summary.areas, by, ['area'], (r) => [r.label ?? r.key], summary.areas.map((r) => countCells(r).map(toSuppressed)));
    case 'question':
      return { by, columns: ['question', 'posts', ...OUTCOME_COLUMNS, 'no_outcome', 'unclassified'], rows: summary.questions.map((r) => toCells([r.key], r)), notes: [MULTI_NOTE] };
  }
}

function toPeriodPivot(summary: Summary, period: Period): Pivot {
  const rows = period === 'week' ? summary.weeks : summary.months;
  const known = rows.filter((r) => r.key !== 'unknown');
  const keys = known.length === 0 ? [] : toPeriodRange(period, known[0]!.key, known[known.length - 1]!.key);
  return {
    by: period,
    columns: [period === 'week' ? 'week_starting' : 'month', 'posts', ...OUTCOME_COLUMNS, 'no_outcome', 'unclassified'],
    rows: withEmptyPeriods(rows, keys).map((r) => toCells([r.key], r)),
    notes: [MULTI_NOTE, ...(period === 'week' ? ['Weeks start on Monday (UTC).'] : [])],
  };
}

function toCells(head: readonly Cell[], row: CountRow): Cell[] {
  return [...head, ...countCells(row)];
}

/**
 * Every count about a place is suppressed below 5: a small place and a small count can name a child.
 * `cells` are the rows' counts as they may be published (for places, with secondary suppression).
 */
function toPlacePivot(rows: readonly CountRow[], by: PivotBy, head: readonly string[], label: (r: CountRow) => Cell[], cells: ReadonlyArray<readonly Cell[]>): Pivot {
  const secondary = by === 'place' ? ` So that no hidden count can be worked out from its area's, where just one place in an area has a count hidden, the area's next smallest is hidden too.` : '';
  return {
    by,
    columns: [...head, 'posts', ...OUTCOME_COLUMNS, 'no_outcome', 'unclassified'],
    rows: rows.map((r, i) => [...label(r), ...(cells[i] ?? [])]),
    notes: [MULTI_NOTE, `A post naming two places counts in both. Counts below 5 are shown as "${SUPPRESSED}".${secondary}`],
  };
}
