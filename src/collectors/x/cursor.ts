/**
 * Where X collection is up to, saved with every page. Pure.
 *
 * A poll asks for posts newer than `newestId` (X's own polling rule: since_id = newest_id of the
 * first page of the previous poll). While it pages, `pending` holds the same since_id, the next
 * token (which does not expire and repeats the same results) and the oldest id saved so far (an
 * until_id fallback, used when X refuses the token or hands out one it gave before). Only when the last
 * page is saved does `newestId` move on, so a run stopped anywhere leaves a gap the next run fills
 * first: nothing missed, nothing read twice.
 */
import type { XSearch } from '../../config';

export interface XWindow {
  readonly sinceId: string | null;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly nextToken: string | null;
  /** Oldest id saved in this window so far: resume with until_id if a next token is refused. */
  readonly untilId: string | null;
  /** newest_id of the window's first page; for a poll, the next poll's since_id. */
  readonly newestId: string | null;
  /**
   * X handed out `nextToken` before (a paging loop): the next request resumes below the oldest saved
   * post (until_id) instead, so the loop is neither followed again nor skipped over.
   */
  readonly tokenLooped?: true;
}

export interface XCursor {
  readonly version: 1;
  readonly endpoint: XSearch;
  readonly query: string;
  readonly newestId: string | null;
  /** A poll that stopped part-way. */
  readonly pending: XWindow | null;
  /** A --since/--until backfill that stopped part-way; resumed by a run with the same window. */
  readonly backfill: XWindow | null;
}

export function emptyCursor(endpoint: XSearch, query: string): XCursor {
  return { version: 1, endpoint, query, newestId: null, pending: null, backfill: null };
}

/** The saved cursor if it belongs to this query and endpoint, else a fresh one and why. */
export function toXCursor(saved: unknown, endpoint: XSearch, query: string): { cursor: XCursor; warning?: string } {
  if (saved === null || saved === undefined) return { cursor: emptyCursor(endpoint, query) };
  const c = saved as Partial<XCursor>;
  if (c.version !== 1 || typeof c.query !== 'string') return { cursor: emptyCursor(endpoint, query), warning: 'the saved X cursor is not one this version understands; starting afresh' };
  if (c.query !== query) return { cursor: emptyCursor(endpoint, query), warning: `X_QUERY changed (was "${c.query}"); starting afresh for the new query` };
  // Ids are shared by both endpoints, so switching endpoint keeps the position.
  return { cursor: { ...emptyCursor(endpoint, query), newestId: c.newestId ?? null, pending: c.pending ?? null, backfill: c.backfill ?? null } };
}

export function newPoll(cursor: XCursor): XWindow {
  return { sinceId: cursor.newestId, startTime: null, endTime: null, nextToken: null, untilId: null, newestId: null };
}

export function newBackfill(since: string | undefined, until: string | undefined): XWindow {
  return { sinceId: null, startTime: since ?? null, endTime: until ?? null, nextToken: null, untilId: null, newestId: null };
}

export function sameBackfill(a: XWindow | null, b: XWindow): a is XWindow {
  return a !== null && a.startTime === b.startTime && a.endTime === b.endTime;
}

/** The window after a page: its next token, oldest id, and the first page's newest id. */
export function advanceWindow(window: XWindow, meta: { newest_id?: string; oldest_id?: string; next_token?: string } | undefined): XWindow {
  const { tokenLooped: _resumed, ...rest } = window;
  return {
    ...rest,
    nextToken: meta?.next_token ?? null,
    untilId: meta?.oldest_id ?? window.untilId,
    newestId: window.newestId ?? meta?.newest_id ?? null,
  };
}

/** After a page whose next token X had given before: still owed, resumed from the oldest saved post. */
export function resumeBelowOldest(window: XWindow): XWindow {
  return { ...window, tokenLooped: true };
}

/** The next token to send, unless X looped with it. */
export function usableToken(window: XWindow): string | null {
  return window.tokenLooped ? null : window.nextToken;
}

export function isComplete(window: XWindow): boolean {
  return window.nextToken === null;
}

/** The cursor to save with a page of a poll or a backfill. */
export function withWindow(cursor: XCursor, kind: 'poll' | 'backfill', window: XWindow): XCursor {
  const done = isComplete(window);
  if (kind === 'poll') return done ? { ...cursor, newestId: window.newestId ?? cursor.newestId, pending: null } : { ...cursor, pending: window };
  if (!done) return { ...cursor, backfill: window };
  // A finished backfill up to now is as good as a poll for a cursor that has never polled.
  const asPoll = window.endTime === null && cursor.newestId === null ? window.newestId : cursor.newestId;
  return { ...cursor, newestId: asPoll, backfill: null };
}

export const TWEET_FIELDS = [
  'attachments', 'author_id', 'conversation_id', 'created_at', 'edit_controls', 'edit_history_tweet_ids', 'entities', 'geo',
  'in_reply_to_user_id', 'lang', 'note_tweet', 'possibly_sensitive', 'public_metrics', 'referenced_tweets', 'reply_settings', 'source',
];
export const EXPANSIONS = ['author_id', 'referenced_tweets.id', 'referenced_tweets.id.author_id', 'in_reply_to_user_id', 'entities.mentions.username', 'geo.place_id'];
export const USER_FIELDS = ['created_at', 'description', 'location', 'name', 'protected', 'public_metrics', 'username', 'verified', 'verified_type'];
export const PLACE_FIELDS = ['country_code', 'full_name', 'geo', 'id', 'name', 'place_type'];

/** The largest page each endpoint allows (without context_annotations, which we never ask for). */
export const MAX_RESULTS: Readonly<Record<XSearch, number>> = { recent: 100, all: 500 };
const MIN_RESULTS = 10;

/** The request for the window's next page; `budget` is what --max-posts still allows (rounded up to the API minimum of 10). */
export function toSearchParams(query: string, endpoint: XSearch, window: XWindow, budget: number | undefined): Record<string, string> {
  const max = MAX_RESULTS[endpoint];
  const size = budget === undefined ? max : Math.min(max, Math.max(MIN_RESULTS, budget));
  const params: Record<string, string> = {
    query,
    max_results: String(size),
    'tweet.fields': TWEET_FIELDS.join(','),
    expansions: EXPANSIONS.join(','),
    'user.fields': USER_FIELDS.join(','),
    'place.fields': PLACE_FIELDS.join(','),
  };
  const token = usableToken(window);
  // Resuming below the oldest saved post: until_id is the tighter bound, and X takes only one of it and end_time.
  const below = token ? null : window.untilId;
  if (window.sinceId) params.since_id = window.sinceId;
  if (window.startTime) params.start_time = toXTime(window.startTime);
  if (window.endTime && !below) params.end_time = toXTime(window.endTime);
  if (token) params.next_token = token;
  else if (below) params.until_id = below;
  return params;
}

/** X takes second-granularity RFC 3339 times. */
function toXTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}
