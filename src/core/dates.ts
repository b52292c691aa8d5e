/** Date handling for user input and source data. Pure: the clock is always passed in. */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Parses `YYYY-MM-DD` or an ISO 8601 date-time into ISO UTC. A date-time without an offset is
 * taken as UTC. Returns undefined for anything else (including impossible dates like 2017-02-30).
 */
export function toIsoUtc(text: string): string | undefined {
  const value = text.trim();
  // Fast path (what our own exports and most APIs write already), checked without building a Date:
  // imports of 100k rows spend a noticeable share of their time here.
  if (CANONICAL.test(value)) {
    const day = validDay(value.slice(0, 4), value.slice(5, 7), value.slice(8, 10));
    return day && validTime(value.slice(11, 13), value.slice(14, 16), value.slice(17, 19)) ? value : undefined;
  }
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) return validDay(dateOnly[1], dateOnly[2], dateOnly[3]) ? `${value}T00:00:00.000Z` : undefined;
  const parts = ISO_DATE_TIME.exec(value);
  if (!parts || !validDay(parts[1], parts[2], parts[3])) return undefined;
  const [, y, mo, d, h, mi, sec = '00', fraction = '', zone = 'Z'] = parts;
  if (!validTime(h, mi, sec)) return undefined;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${fraction.slice(0, 4)}${offset}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for a real calendar day (no 2017-02-30), by the Gregorian leap-year rule. */
function validDay(year: string | undefined, month: string | undefined, day: string | undefined): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0));
}

function validTime(hour: string | undefined, minute: string | undefined, second: string | undefined): boolean {
  return Number(hour) <= 23 && Number(minute) <= 59 && Number(second) <= 59;
}

/**
 * A `--to` bound: a bare date means the whole of that day, so it becomes the start of the next day
 * (used as an exclusive upper bound). A date-time is used as given.
 */
export function toExclusiveEnd(text: string): string | undefined {
  const iso = toIsoUtc(text);
  if (iso === undefined) return undefined;
  if (!DATE_ONLY.test(text.trim())) return iso;
  return new Date(Date.parse(iso) + 86_400_000).toISOString();
}

/**
 * A reporting `--to`, which the help promises is "up to and including": a bare date is the whole
 * day, and a date-time includes that instant, so `--to` given a post's own created_at keeps the post.
 * Returned as an exclusive upper bound, one millisecond on (stored times have millisecond precision).
 */
export function toInclusiveEnd(text: string): string | undefined {
  if (DATE_ONLY.test(text.trim())) return toExclusiveEnd(text);
  const iso = toIsoUtc(text);
  return iso === undefined ? undefined : new Date(Date.parse(iso) + 1).toISOString();
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|y)?$/i;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_557_600_000 };

/** Parses durations like `90s`, `15m`, `2h`, `400d`; a bare number is seconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 's').toLowerCase();
  return Math.round(Number(match[1]) * (UNIT_MS[unit] ?? 1000));
}

/**
 * The moment a duration before `now`. Whole years (`2y`) count calendar years, so a retention rule of
 * "two years" ends on the same date and time two years back; other units, and fractional years, are
 * exact lengths of time. 29 February less a year is 1 March.
 */
export function durationBefore(now: Date, text: string): Date | undefined {
  const match = DURATION.exec(text.trim());
  if (match?.[2]?.toLowerCase() === 'y' && Number.isInteger(Number(match[1]))) {
    const then = new Date(now.getTime());
    then.setUTCFullYear(then.getUTCFullYear() - Number(match[1]));
    return then;
  }
  const ms = parseDurationMs(text);
  return ms === undefined ? undefined : new Date(now.getTime() - ms);
}
