/**
 * The X collector: X API v2 search (recent or full archive) for X_QUERY, page by page. Pages are
 * driven here rather than by twitter-api-v2's paginators, which stop silently when the rate limit
 * runs out; every stop reason is then ours to see and report.
 */
import type { XConfig } from '../../config';
import { UpstreamError, UserError } from '../../errors';
import { PagingGuard, type PagingLoop } from '../paging-guard';
import type { CollectContext, CollectOptions, CollectResult, SourceCollector } from '../types';
import { checkXAccess } from './access';
import { createXClient, type XClient } from './client';
import { missingXConfiguration } from './configured';
import { XRequestRefused } from './failures';
import { advanceWindow, isComplete, newBackfill, newPoll, resumeBelowOldest, sameBackfill, toSearchParams, toXCursor, usableToken, withWindow, type XCursor, type XWindow } from './cursor';
import { toPostsFromPage, X_SOURCE } from './normalise';
import { withoutPlaceholders } from './placeholders';
import { fetchWithRetries, waitForReset, type RequestContext, type RetryPolicy, type Stop } from './request';
import { plural } from '../../core/words';

export interface XCollectorOptions {
  /** First retry delay for 5xx, timeouts and dropped connections (doubles each try). */
  readonly retryBaseMs?: number;
  readonly maxAttempts?: number;
  readonly timeoutMs?: number;
}

const RECENT_WINDOW_MS = 7 * 86_400_000;
/** X's default end_time is now − 30 s; a later one is refused, so "until now" is sent as no end. */
const END_TIME_MARGIN_MS = 30_000;

export function createXCollector(options: XCollectorOptions = {}): SourceCollector {
  const policy: RetryPolicy = { retryBaseMs: options.retryBaseMs ?? 1_000, maxAttempts: options.maxAttempts ?? 4 };
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    source: X_SOURCE,
    missingConfiguration: missingXConfiguration,
    checkAccess: (config) => checkXAccess(config.x, new Date()),
    checkOptions: (config, options, now) => checkSearchWindow(config.x, options, now.getTime()),
    collect: (config, context) => collectX(config.x, context, createXClient(config.x, { timeoutMs }), policy),
  };
}

export const xCollector = createXCollector();

interface RunState {
  cursor: XCursor;
  postsRead: number;
  /** Every next_token and post id of this run, so a paging loop stops it. */
  readonly guard: PagingGuard;
}

async function collectX(x: XConfig, context: CollectContext, client: XClient, policy: RetryPolicy): Promise<CollectResult> {
  const backfill = toBackfillWindow(x, context);
  const loaded = toXCursor(context.cursor, x.search, x.query);
  if (loaded.warning) context.report({ type: 'warning', message: loaded.warning });
  const state: RunState = { cursor: loaded.cursor, postsRead: 0, guard: new PagingGuard() };
  const walk = (kind: 'poll' | 'backfill', window: XWindow) => walkWindow(kind, window, state, x, client, context, policy);

  let stop: Stop | undefined;
  if (backfill) {
    stop = await walk('backfill', sameBackfill(state.cursor.backfill, backfill) ? state.cursor.backfill : backfill);
  } else {
    // Fill the gap an interrupted run left before asking for anything newer.
    if (state.cursor.pending) stop = await walk('poll', state.cursor.pending);
    if (!stop) stop = await walk('poll', newPoll(state.cursor));
  }
  return stop ? { outcome: 'stopped', ...stop } : { outcome: 'ok' };
}

async function walkWindow(kind: 'poll' | 'backfill', start: XWindow, state: RunState, x: XConfig, client: XClient, context: CollectContext, policy: RetryPolicy): Promise<Stop | undefined> {
  const { maxPosts } = context.options;
  const requestContext: RequestContext = { clock: context.clock, signal: context.signal, maxWaitMs: context.options.maxWaitMs, policy, endpoint: `tweets/search/${x.search}`, command: 'collect', report: context.report };
  let window = start;
  const resumedFrom = usableToken(window);
  if (resumedFrom) state.guard.startFrom(resumedFrom);
  for (;;) {
    const params = toSearchParams(x.query, x.search, window, maxPosts === undefined ? undefined : maxPosts - state.postsRead);
    let fetched;
    try {
      fetched = await fetchWithRetries(() => client.fetchSearchPage(x.search, params), requestContext);
    } catch (error) {
      // X says next tokens never expire; should one be refused anyway, the oldest saved id resumes the same gap.
      if (!(error instanceof XRequestRefused) || !window.nextToken || !window.untilId) throw error;
      context.report({ type: 'warning', message: `X refused the saved next_token; carrying on from the oldest saved post (until_id ${window.untilId})` });
      window = { ...window, nextToken: null };
      continue;
    }
    if (!fetched.ok) return fetched.stop;
    const page = fetched.response.data;
    const loop = state.guard.check((page.data ?? []).map((t) => t.id), page.meta?.next_token ? [page.meta.next_token] : []);
    const normalised = toPostsFromPage(page);
    for (const message of normalised.warnings) context.report({ type: 'warning', message });
    // Withheld notices and empty texts carry nothing a person said: never stored as posts (as the imports do).
    const { posts } = withoutPlaceholders(normalised.posts);
    window = advanceWindow(window, page.meta);
    // The page itself is good: it is saved, with a window that resumes below it rather than from the looping token.
    if (loop) window = resumeBelowOldest(window);
    state.cursor = withWindow(state.cursor, kind, window);
    context.savePage({ posts, cursor: state.cursor, requests: fetched.requests });
    state.postsRead += page.data?.length ?? 0;
    if (loop) throw toPagingLoopError(loop, requestContext.endpoint);

    if (isComplete(window)) return undefined;
    if (context.signal.aborted) return { reason: 'interrupted', message: 'interrupted; progress is saved and the next run carries on.' };
    if (maxPosts !== undefined && state.postsRead >= maxPosts) {
      return { reason: 'max-posts', message: `read ${plural(state.postsRead, 'post')} (--max-posts ${maxPosts}); the next run carries on from here.` };
    }
    const limit = fetched.response.rateLimit;
    if (limit && limit.remaining === 0 && limit.reset * 1000 > context.clock.now().getTime()) {
      const stop = await waitForReset(limit.reset * 1000, requestContext);
      if (stop) return stop;
    }
  }
}

function toPagingLoopError(loop: PagingLoop, endpoint: string): UpstreamError {
  const what =
    loop.kind === 'repeated'
      ? `X sent a next_token it had already sent in this run (page ${loop.pages} of ${endpoint})`
      : `X said there were more results for ${loop.pages} pages in a row that brought no new posts (${endpoint})`;
  return new UpstreamError(
    `${what}: its paging was going round in circles, so the run stopped instead of paying for the same pages again`,
    'What was saved stays. The next run resumes below the oldest saved post (until_id) rather than from that token, so it neither repeats the loop nor skips posts; if X keeps doing this, try again later.',
  );
}

/** The --since/--until window, checked against what the endpoint can search. */
function toBackfillWindow(x: XConfig, context: CollectContext): XWindow | undefined {
  const { since, until } = context.options;
  if (since === undefined && until === undefined) return undefined;
  const now = context.clock.now().getTime();
  checkSearchWindow(x, context.options, now);
  const end = until !== undefined && Date.parse(until) < now - END_TIME_MARGIN_MS ? until : undefined;
  return newBackfill(since, end);
}

/** Recent search covers the last 7 days only: an older --since or --until is the user's to change, not a failed run. */
function checkSearchWindow(x: XConfig, options: CollectOptions, now: number): void {
  if (x.search !== 'recent') return;
  const oldest = now - RECENT_WINDOW_MS;
  for (const [flag, value] of [['--since', options.since], ['--until', options.until]] as const) {
    if (value !== undefined && Date.parse(value) < oldest) {
      throw new UserError(
        `${flag} ${value.slice(0, 10)} is more than 7 days ago, and recent search (X_SEARCH=recent) only covers the last 7 days`,
        'Set X_SEARCH=all to backfill from the full archive (pay-per-use or Enterprise access), or use a date within the last 7 days.',
      );
    }
  }
}
