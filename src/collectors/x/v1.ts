/**
 * Twitter API v1.1 statuses (twarc 1.x, saved search responses, timelines) → posts. Pure. The result
 * agrees with the v2 normaliser field by field, so a tweet collected in 2017 with twarc and again
 * with twarc2 or the collector lands on one row with the same text.
 */
import type { AuthorRef, Post, PostKind } from '../../core/post';
import { X_SOURCE } from './normalise';
import { unescapeXText } from './text';

/** The v1.1 fields we read. Ids are read only from the `*_str` twins: the bare numbers are rounded. */
export interface V1User {
  readonly id_str?: unknown;
  readonly screen_name?: unknown;
  readonly name?: unknown;
  readonly [key: string]: unknown;
}

export interface V1Status {
  readonly id_str?: unknown;
  readonly created_at?: unknown;
  readonly text?: unknown;
  /** tweet_mode=extended (twarc 1.x's default) */
  readonly full_text?: unknown;
  /** The streaming API's long tweets: `text` is cut at 140 characters, the whole text is here. */
  readonly extended_tweet?: { readonly full_text?: unknown };
  readonly user?: V1User;
  readonly lang?: unknown;
  readonly in_reply_to_status_id_str?: unknown;
  readonly is_quote_status?: unknown;
  readonly quoted_status_id_str?: unknown;
  readonly retweeted_status?: unknown;
  readonly [key: string]: unknown;
}

export type StatusResult = { ok: true; post: Post } | { ok: false; problem: string };

const ID = /^\d{1,20}$/;

/**
 * One status as a post. `conversationId` comes from the caller, who can see the reply chain;
 * `raw` is the status as parsed and `rawJson` its exact text (so no id is ever rounded when stored).
 */
export function toPostFromStatus(status: V1Status, conversationId: string | null, raw: unknown, rawJson: string): StatusResult {
  const id = status.id_str;
  if (typeof id !== 'string' || !ID.test(id)) return { ok: false, problem: 'a status without a usable "id_str" (the numeric "id" may be rounded, so it is not used)' };
  const text = statusText(status);
  if (text === undefined) return { ok: false, problem: `status ${id} has no "text" or "full_text"` };
  const created = typeof status.created_at === 'string' ? fromTwitterDate(status.created_at) : undefined;
  if (status.created_at !== undefined && created === undefined) return { ok: false, problem: `status ${id} has an unparseable created_at ${JSON.stringify(status.created_at)}` };
  const author = toAuthor(status.user);
  return {
    ok: true,
    post: {
      source: X_SOURCE,
      sourceId: id,
      kind: toKindFromStatus(status),
      createdAt: created ?? null,
      author,
      text: unescapeXText(text),
      url: author?.handle ? `https://x.com/${author.handle}/status/${id}` : `https://x.com/i/status/${id}`,
      lang: typeof status.lang === 'string' ? status.lang : null,
      parentSourceId: replyParent(status),
      conversationId,
      metrics: toMetrics(status),
      raw,
      rawJson,
    },
  };
}

/**
 * The whole text: a long tweet's `extended_tweet.full_text` (streaming), else `full_text` (extended
 * mode), else `text`. A retweet keeps its own "RT @user: …" text, cut as X cuts it, because that is
 * what the v2 API returns for the same retweet; the original's words are in the raw status.
 */
export function statusText(status: V1Status): string | undefined {
  const candidates = [status.extended_tweet?.full_text, status.full_text, status.text];
  return candidates.find((t): t is string => typeof t === 'string');
}

/** As the v2 normaliser ranks them: a retweet is an echo; a reply that quotes is still a reply. */
export function toKindFromStatus(status: V1Status): PostKind {
  if (status.retweeted_status && typeof status.retweeted_status === 'object') return 'retweet';
  if (replyParent(status) !== null) return 'reply';
  if (status.is_quote_status === true || typeof status.quoted_status_id_str === 'string') return 'quote';
  return 'post';
}

export function replyParent(status: V1Status): string | null {
  const parent = status.in_reply_to_status_id_str;
  return typeof parent === 'string' && ID.test(parent) ? parent : null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TWITTER_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/** Twitter's `Wed Oct 10 20:19:24 +0000 2018` as ISO UTC (`2018-10-10T20:19:24.000Z`), or undefined. */
export function fromTwitterDate(text: string): string | undefined {
  const parts = TWITTER_DATE.exec(text.trim());
  if (!parts) return undefined;
  const [, mon = '', d, h, mi, s, sign, oh, om, y] = parts;
  const month = MONTHS.indexOf(mon);
  if (month === -1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const local = Date.UTC(Number(y), month, Number(d), Number(h), Number(mi), Number(s));
  // An impossible day (Feb 30) would roll over into the next month: refuse it instead.
  if (new Date(local).getUTCDate() !== Number(d)) return undefined;
  const offsetMs = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return new Date(local - offsetMs).toISOString();
}

function toAuthor(user: V1User | undefined): AuthorRef | null {
  if (!user || typeof user.id_str !== 'string' || !ID.test(user.id_str)) return null;
  return {
    sourceAuthorId: user.id_str,
    handle: typeof user.screen_name === 'string' ? user.screen_name : null,
    name: typeof user.name === 'string' ? user.name : null,
    raw: user,
  };
}

/** Named as v2's public_metrics, so both kinds of row read alike; v1.1 calls likes "favorites". */
function toMetrics(status: V1Status): Record<string, number> | null {
  const names: Array<[string, string]> = [
    ['retweet_count', 'retweet_count'],
    ['reply_count', 'reply_count'],
    ['favorite_count', 'like_count'],
    ['quote_count', 'quote_count'],
  ];
  const out: Record<string, number> = {};
  for (const [from, to] of names) {
    const value = status[from];
    if (typeof value === 'number' && Number.isFinite(value)) out[to] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}
