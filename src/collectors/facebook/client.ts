/**
 * The Graph API over axios: one GET at a time, with the token added at send time, retries with backoff
 * for transient failures, pacing by the usage headers, and rate-limit waits within --max-wait. A wait
 * longer than that, or an interruption, ends the run cleanly (CollectStop) with progress saved.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Secret } from '../../core/secret';
import { UpstreamError } from '../../errors';
import type { Clock, CollectEvent, StopReason } from '../types';
import { classifyGraphError, toCollectError, type GraphFailure } from './errors';
import type { GraphTarget } from './urls';
import { toRateLimitWaitMs, toThrottleMs, toUsage, type Timing, type Usage } from './usage';
import { isGraphError } from './wire';

/** A clean stop: what was saved stays, the next run carries on. */
export class CollectStop extends Error {
  constructor(
    readonly reason: StopReason,
    message: string,
  ) {
    super(message);
  }
}

export interface GraphClientOptions {
  readonly target: GraphTarget;
  readonly token: Secret;
  readonly pageId: string;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly maxWaitMs: number;
  readonly report: (event: CollectEvent) => void;
  readonly timing: Timing;
}

type Attempt = { kind: 'ok'; body: unknown } | { kind: 'graph'; failure: GraphFailure; usage: Usage } | { kind: 'network'; reason: string };

export class GraphClient {
  private requests = 0;
  private pauseMs = 0;
  private lastPercent = 0;
  private readonly http: AxiosInstance;

  constructor(private readonly options: GraphClientOptions) {
    this.http = axios.create({
      timeout: options.timing.timeoutMs,
      responseType: 'text',
      // Parsed here, so a malformed body is a retryable failure rather than a string passed on.
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
    });
  }

  /** Requests made since the last call, retries included (for the page's run counters). */
  takeRequests(): number {
    const taken = this.requests;
    this.requests = 0;
    return taken;
  }

  async fetchJson(url: URL): Promise<unknown> {
    return this.fetch(url, false);
  }

  /** An object by id, or undefined when Graph says it does not exist (code 100, subcode 33): deleted. */
  async fetchObjectIfExists(url: URL): Promise<unknown> {
    return this.fetch(url, true);
  }

  private async fetch(url: URL, goneIsAnswer: boolean): Promise<unknown> {
    let retries = 0;
    let rateLimitWaits = 0;
    for (;;) {
      await this.paceBeforeCall();
      const attempt = await this.send(url);
      if (attempt.kind === 'ok') return attempt.body;
      if (attempt.kind === 'graph' && attempt.failure.kind === 'rate-limit') {
        rateLimitWaits += 1;
        await this.waitOutRateLimit(attempt.failure, attempt.usage, rateLimitWaits);
        continue;
      }
      if (goneIsAnswer && attempt.kind === 'graph' && attempt.failure.kind === 'unknown-page') return undefined;
      const transient = attempt.kind === 'network' || attempt.failure.kind === 'transient';
      if (!transient) throw toCollectError(attempt.failure, this.options.pageId);
      retries += 1;
      if (retries > this.options.timing.maxRetries) throw this.givingUp(attempt);
      const reason = attempt.kind === 'network' ? attempt.reason : `code ${attempt.failure.code ?? '?'}, HTTP ${attempt.failure.status}`;
      this.options.report({ type: 'retry', attempt: retries, reason });
      await this.sleep(this.options.timing.retryBaseMs * 2 ** (retries - 1));
    }
  }

  private async send(url: URL): Promise<Attempt> {
    this.stopIfInterrupted();
    this.requests += 1;
    let response: AxiosResponse<string>;
    try {
      response = await this.http.get<string>(url.href, { params: { access_token: this.options.token.reveal() }, signal: this.options.signal });
    } catch (error) {
      this.stopIfInterrupted();
      // Only axios's own errors are the network's; anything else thrown here is a bug, not worth a retry.
      if (!axios.isAxiosError(error)) throw error;
      return { kind: 'network', reason: error.code ?? error.message };
    }
    const usage = toUsage({ ...(response.headers as Record<string, unknown>) });
    this.pauseMs = toThrottleMs(usage, this.options.timing);
    this.lastPercent = usage.percent;
    const body = parseBody(response.data);
    if (response.status === 200 && body.ok && !isGraphError(body.value)) return { kind: 'ok', body: body.value };
    if (response.status === 200 && !body.ok) return { kind: 'network', reason: 'malformed JSON in the response' };
    const failure = classifyGraphError(response.status, body.ok && isGraphError(body.value) ? body.value : undefined);
    return { kind: 'graph', failure, usage };
  }

  private async paceBeforeCall(): Promise<void> {
    if (this.pauseMs <= 0) return;
    const ms = this.pauseMs;
    this.pauseMs = 0;
    if (ms > this.options.maxWaitMs) {
      throw new CollectStop('rate-limit', `Facebook usage is at ${this.lastPercent}% of the allowance and asks for a ${formatMinutes(ms)} pause, longer than --max-wait; progress is saved and the next run carries on.`);
    }
    this.options.report({ type: 'wait', seconds: ms / 1000, reason: `Graph usage at ${this.lastPercent}%` });
    await this.sleep(ms);
  }

  private async waitOutRateLimit(failure: GraphFailure, usage: Usage, attempt: number): Promise<void> {
    const ms = toRateLimitWaitMs(usage, attempt, this.options.timing);
    const what = `Facebook rate limit (code ${failure.code}): ${failure.message}`;
    if (attempt > this.options.timing.maxRateLimitWaits) {
      throw new CollectStop('rate-limit', `${what}. Still limited after ${attempt - 1} waits; progress is saved and the next run carries on.`);
    }
    if (ms > this.options.maxWaitMs) {
      throw new CollectStop('rate-limit', `${what}. Access returns in about ${formatMinutes(ms)}, longer than --max-wait; progress is saved and the next run carries on.`);
    }
    this.pauseMs = 0;
    this.options.report({ type: 'wait', seconds: ms / 1000, reason: `rate limit, code ${failure.code}` });
    await this.sleep(ms);
  }

  private async sleep(ms: number): Promise<void> {
    await this.options.clock.sleep(ms, this.options.signal);
    this.stopIfInterrupted();
  }

  private stopIfInterrupted(): void {
    if (this.options.signal.aborted) throw new CollectStop('interrupted', 'interrupted; progress is saved and the next run carries on.');
  }

  private givingUp(attempt: Exclude<Attempt, { kind: 'ok' }>): UpstreamError {
    if (attempt.kind === 'graph') return toCollectError(attempt.failure, this.options.pageId);
    const base = new URL(this.options.target.baseUrl).origin;
    return new UpstreamError(`cannot get a good answer from the Graph API at ${base} after ${this.options.timing.maxRetries} retries: ${attempt.reason}`, 'Check the network and FB_GRAPH_BASE_URL; progress is saved, run again later.');
  }
}

function parseBody(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== 'string') return { ok: true, value: text };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function formatMinutes(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.ceil(ms / 1000)} s`;
}
