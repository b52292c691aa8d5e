/** Date handling for user input and source data. Pure: the clock is always passed in. */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses `YYYY-MM-DD` or an ISO 8601 date-time into ISO UTC. A date-time without an offset is
 * taken as UTC. Returns undefined for anything else (including impossible dates like 2017-02-30).
 */
export function toIsoUtc(text: string): string | undefined {
  const value = text.trim();
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) {
    const [, y, m, d] = dateOnly;
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return undefined;
    return date.toISOString();
  }
  if (!ISO_DATE_TIME.test(value)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
  const normalised = value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(hasZone ? normalised : `${normalised}Z`);
  if (Number.isNaN(ms)) return undefined;
  const day = DATE_ONLY.exec(value.slice(0, 10));
  if (day && toIsoUtc(value.slice(0, 10)) === undefined) return undefined;
  return new Date(ms).toISOString();
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

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|y)?$/i;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_557_600_000 };

/** Parses durations like `90s`, `15m`, `2h`, `400d`; a bare number is seconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 's').toLowerCase();
  return Math.round(Number(match[1]) * (UNIT_MS[unit] ?? 1000));
}
