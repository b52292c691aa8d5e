/** Weeks, months and the period before: plain date arithmetic on ISO UTC strings. Pure. */

export type Period = 'week' | 'month';

const DAY_MS = 86_400_000;

/** A week is named by its Monday (UTC), which spreadsheets sort and chart as a date. */
export function toWeekKey(iso: string): string {
  const day = Date.parse(iso.slice(0, 10));
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - weekday * DAY_MS).toISOString().slice(0, 10);
}

export function toMonthKey(iso: string): string {
  return iso.slice(0, 7);
}

export function toPeriodKey(period: Period, createdAt: string | null): string {
  if (createdAt === null) return 'unknown';
  return period === 'week' ? toWeekKey(createdAt) : toMonthKey(createdAt);
}

/** Every week or month from the first key to the last, so a quiet week shows as 0 rather than vanishing. */
export function toPeriodRange(period: Period, first: string, last: string): string[] {
  const keys: string[] = [];
  if (period === 'week') {
    for (let t = Date.parse(first); t <= Date.parse(last); t += 7 * DAY_MS) keys.push(new Date(t).toISOString().slice(0, 10));
    return keys;
  }
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard += 1) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    keys.push(key);
    if (key >= last) break;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return keys;
}

export interface Window {
  /** Inclusive, ISO UTC. */
  readonly from: string;
  /** Exclusive, ISO UTC. */
  readonly to: string;
}

/** The window of the same length that ends where this one starts: what "trend" compares with. */
export function toPreviousWindow(window: Window): Window {
  const length = Date.parse(window.to) - Date.parse(window.from);
  return { from: new Date(Date.parse(window.from) - length).toISOString(), to: window.from };
}

/** The whole days a set of posts spans, when the user gave no --from or --to. */
export function toDayWindow(firstCreatedAt: string, lastCreatedAt: string): Window {
  const from = `${firstCreatedAt.slice(0, 10)}T00:00:00.000Z`;
  const to = new Date(Date.parse(lastCreatedAt.slice(0, 10)) + DAY_MS).toISOString();
  return { from, to };
}

/** "2017-09-30" for an exclusive end of 2017-10-01T00:00Z: how people name the last day. */
export function toLastDay(exclusiveEnd: string): string {
  return new Date(Date.parse(exclusiveEnd) - 1).toISOString().slice(0, 10);
}
