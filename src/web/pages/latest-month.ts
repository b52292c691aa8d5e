/** The latest month with posts against the month before it, read from the summary's month rows. Pure. */
import type { CountRow } from '../../report/count-table';

export interface LatestMonth {
  /** YYYY-MM */
  readonly month: string;
  readonly posts: number;
  readonly previousMonth: string;
  /** 0 when nobody posted that month (it has no row). */
  readonly previousPosts: number;
}

export function toLatestMonth(months: readonly CountRow[]): LatestMonth | null {
  const known = months.filter((m) => m.key !== 'unknown');
  const latest = known[known.length - 1];
  if (latest === undefined) return null;
  const previousMonth = toPreviousMonth(latest.key);
  return { month: latest.key, posts: latest.posts, previousMonth, previousPosts: known.find((m) => m.key === previousMonth)?.posts ?? 0 };
}

function toPreviousMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`;
}
