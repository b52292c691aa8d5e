/**
 * The Graph usage headers, pure. `X-App-Usage` (Platform limits), `X-Business-Use-Case-Usage` (Page
 * tokens) and the older `X-Page-Usage` hold percentages of the allowance; the last two may also say
 * how many minutes until access is regained. They only appear once enough calls have been made.
 */

export interface Usage {
  /** The highest percentage in any header, 0 when none. */
  readonly percent: number;
  /** The longest `estimated_time_to_regain_access`, in minutes, 0 when none. */
  readonly regainMinutes: number;
}

type Headers = Readonly<Record<string, unknown>>;

const PERCENT_KEYS = ['call_count', 'total_cputime', 'total_time'] as const;

export function toUsage(headers: Headers): Usage {
  const entries: Array<Record<string, unknown>> = [];
  const app = parseJson(headers['x-app-usage']);
  if (isRecord(app)) entries.push(app);
  const page = parseJson(headers['x-page-usage']);
  if (isRecord(page)) entries.push(page);
  const buc = parseJson(headers['x-business-use-case-usage']);
  if (isRecord(buc)) {
    for (const list of Object.values(buc)) if (Array.isArray(list)) entries.push(...list.filter(isRecord));
  }
  let percent = 0;
  let regainMinutes = 0;
  for (const entry of entries) {
    for (const key of PERCENT_KEYS) percent = Math.max(percent, numberOr0(entry[key]));
    regainMinutes = Math.max(regainMinutes, numberOr0(entry.estimated_time_to_regain_access));
  }
  return { percent, regainMinutes };
}

export interface Timing {
  /** First retry delay for transient failures (codes 1/2, 5xx, network, malformed JSON); doubles. */
  readonly retryBaseMs: number;
  readonly maxRetries: number;
  /** Pause per call at the throttle threshold; grows as usage nears 100%. */
  readonly throttleMs: number;
  /** First wait after a rate-limit error that says nothing about when access returns; doubles. */
  readonly rateLimitBaseMs: number;
  readonly maxRateLimitWaits: number;
  readonly timeoutMs: number;
}

export const DEFAULT_TIMING: Timing = {
  retryBaseMs: 500,
  maxRetries: 4,
  throttleMs: 1000,
  rateLimitBaseMs: 60_000,
  maxRateLimitWaits: 5,
  timeoutMs: 30_000,
};

/** Slow down from here: the rest of the allowance is kept for the Page's own tools. */
export const THROTTLE_PERCENT = 80;

/** How long to pause before the next call, given the last response's usage: 0 for no pause. */
export function toThrottleMs(usage: Usage, timing: Timing): number {
  if (usage.regainMinutes > 0) return usage.regainMinutes * 60_000;
  if (usage.percent >= 100) return timing.rateLimitBaseMs;
  if (usage.percent < THROTTLE_PERCENT) return 0;
  // 80% → 1×, 90% → 3×, 99% → about 5× the base pause.
  return Math.round(timing.throttleMs * (1 + (usage.percent - THROTTLE_PERCENT) / 5));
}

/** How long to wait after a rate-limit error: what the headers say, else exponential backoff. */
export function toRateLimitWaitMs(usage: Usage, attempt: number, timing: Timing): number {
  if (usage.regainMinutes > 0) return usage.regainMinutes * 60_000;
  return timing.rateLimitBaseMs * 2 ** (attempt - 1);
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined; // a malformed usage header is treated as absent: it only guides pacing
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
