/**
 * One X page, whatever it takes: retries with exponential backoff for transient failures, waits out
 * rate limits when the reset is within --max-wait, and otherwise says why the run must stop.
 */
import { UpstreamError } from '../../errors';
import type { Clock, CollectEvent, StopReason } from '../types';
import type { XResponse } from './client';
import { classifyFailure } from './failures';

export interface RetryPolicy {
  /** First backoff delay; doubles on each further try. */
  readonly retryBaseMs: number;
  /** Tries in all, the first included. */
  readonly maxAttempts: number;
}

export interface RequestContext {
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly maxWaitMs: number;
  readonly policy: RetryPolicy;
  readonly endpoint: string;
  /** The command that carries on after a failure (collect, compliance): the hints name it. */
  readonly command: string;
  report(event: CollectEvent): void;
}

export type Stop = { readonly reason: StopReason; readonly message: string };

export type Fetched<T> =
  | { readonly ok: true; readonly response: XResponse<T>; readonly requests: number }
  | { readonly ok: false; readonly stop: Stop; readonly requests: number };

/** When no reset time came with a 429, wait a minute: X's windows are 15 minutes. */
const UNKNOWN_RESET_WAIT_MS = 60_000;
/** A little past the reset, because our clock and X's are not the same clock. */
const RESET_MARGIN_MS = 1_000;
/** 429s in a row, each waited out, before we stop believing the reset time. */
const MAX_RATE_LIMIT_WAITS = 3;

export async function fetchWithRetries<T>(fetch: () => Promise<XResponse<T>>, context: RequestContext): Promise<Fetched<T>> {
  let requests = 0;
  try {
    const fetched = await attemptUntilDone(fetch, context, () => (requests += 1));
    // A stop saves no page, so its requests are counted here.
    if (!fetched.ok) context.report({ type: 'requests', count: requests });
    return { ...fetched, requests };
  } catch (error) {
    context.report({ type: 'requests', count: requests });
    throw error;
  }
}

type Attempted<T> = { readonly ok: true; readonly response: XResponse<T> } | { readonly ok: false; readonly stop: Stop };

async function attemptUntilDone<T>(fetch: () => Promise<XResponse<T>>, context: RequestContext, countRequest: () => void): Promise<Attempted<T>> {
  let transient = 0;
  let limited = 0;
  for (;;) {
    countRequest();
    try {
      return { ok: true, response: await fetch() };
    } catch (error) {
      const failure = classifyFailure(error, context.endpoint, context.command);
      if (failure.kind === 'fatal') throw failure.error;
      if (failure.kind === 'transient') {
        transient += 1;
        if (transient >= context.policy.maxAttempts) {
          throw new UpstreamError(`X API failed ${transient} times in a row (${failure.reason})`, `What was saved stays; run \`onevision ${context.command}\` again later and it carries on from there.`);
        }
        context.report({ type: 'retry', attempt: transient, reason: failure.reason });
        await context.clock.sleep(context.policy.retryBaseMs * 2 ** (transient - 1), context.signal);
      } else {
        limited += 1;
        const stop = limited > MAX_RATE_LIMIT_WAITS ? rateLimitStop('X kept answering 429 after its reset time') : await waitForReset(failure.resetAt, context);
        if (stop) return { ok: false, stop };
      }
      if (context.signal.aborted) return { ok: false, stop: interrupted() };
    }
  }
}

/**
 * Waits until the rate-limit window resets, if that is within --max-wait; returns why the run must
 * stop otherwise. Also used after a page whose headers say no requests remain, because
 * twitter-api-v2's paginators would stop there silently.
 */
export async function waitForReset(resetAt: number | undefined, context: RequestContext): Promise<Stop | undefined> {
  const now = context.clock.now().getTime();
  const waitMs = resetAt === undefined ? UNKNOWN_RESET_WAIT_MS : Math.max(0, resetAt - now) + RESET_MARGIN_MS;
  if (waitMs > context.maxWaitMs) {
    const when = resetAt === undefined ? 'in about a minute' : `at ${new Date(resetAt).toISOString()}`;
    return rateLimitStop(`X rate limit: the window resets ${when}, beyond --max-wait (${Math.round(context.maxWaitMs / 1000)}s)`);
  }
  context.report({ type: 'wait', seconds: waitMs / 1000, reason: 'rate limit' });
  await context.clock.sleep(waitMs, context.signal);
  return context.signal.aborted ? interrupted() : undefined;
}

function rateLimitStop(why: string): Stop {
  return { reason: 'rate-limit', message: `${why}; progress is saved and the next run carries on.` };
}

function interrupted(): Stop {
  return { reason: 'interrupted', message: 'interrupted; progress is saved and the next run carries on.' };
}
