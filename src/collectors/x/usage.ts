/**
 * The project's monthly X post-read usage (GET /2/usage/tweets), for `onevision status`. Never
 * throws: status must work when X is down or the token cannot read usage.
 */
import type { XConfig } from '../../config';
import { createXClient } from './client';
import { classifyFailure } from './failures';

export interface XUsage {
  /** Posts read this billing month, against the cap. */
  readonly projectUsage: number;
  readonly projectCap: number | null;
  /** Day of the month the cap resets. */
  readonly capResetDay: number | null;
  /** Posts read today (UTC), when X reports daily usage. */
  readonly today: number | null;
}

export type XUsageStatus = { readonly available: true; readonly usage: XUsage } | { readonly available: false; readonly reason: string };

export async function fetchXUsage(config: XConfig, now: Date, timeoutMs = 5_000): Promise<XUsageStatus> {
  try {
    const response = await createXClient(config, { timeoutMs }).fetchUsage();
    const usage = toXUsage(response.data, now);
    return usage ? { available: true, usage } : { available: false, reason: 'X answered without usage figures' };
  } catch (error) {
    return { available: false, reason: describeUsageFailure(error) };
  }
}

/** X sends the counts as strings (older docs: numbers); both are read. */
export function toXUsage(body: unknown, now: Date): XUsage | undefined {
  const data = (body as { data?: Record<string, unknown> } | null)?.data;
  const used = toNumber(data?.project_usage);
  if (!data || used === null) return undefined;
  const day = `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;
  const daily = (data.daily_project_usage as { usage?: Array<{ date?: string; usage?: unknown }> } | undefined)?.usage ?? [];
  const today = daily.find((d) => d.date === day);
  return { projectUsage: used, projectCap: toNumber(data.project_cap), capResetDay: toNumber(data.cap_reset_day), today: today ? toNumber(today.usage) : null };
}

function toNumber(value: unknown): number | null {
  const n = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

function describeUsageFailure(error: unknown): string {
  try {
    const failure = classifyFailure(error, 'usage/tweets', 'collect');
    if (failure.kind === 'fatal') return failure.error.message;
    if (failure.kind === 'rate-limit') return 'rate limited; try again in a few minutes';
    return failure.reason;
  } catch {
    return `unexpected failure: ${(error as Error).message}`;
  }
}
