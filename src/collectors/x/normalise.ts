/**
 * X API v2 search pages → posts. Pure: the same page always gives the same posts, so the API
 * collector, the twarc import and re-processing of stored raw JSON all agree.
 */
import type { AuthorRef, Post, PostKind } from '../../core/post';
import { unescapeXText } from './text';
import type { XProblem, XSearchPage, XTweet, XUser } from './wire';

export const X_SOURCE = 'x';

export interface NormalisedPage {
  readonly posts: Post[];
  /** Partial errors of a 200 response, as one line each: logged, never fatal. */
  readonly warnings: string[];
}

export function toPostsFromPage(page: XSearchPage): NormalisedPage {
  const users = indexById(page.includes?.users ?? []);
  const referenced = indexById(page.includes?.tweets ?? []);
  const posts = (page.data ?? []).map((tweet) => toPostFromTweet(tweet, users.get(tweet.author_id ?? ''), referenced));
  return { posts, warnings: (page.errors ?? []).map(describeProblem) };
}

/** The original id: an edited post keeps the key of its first version, so edits update one row. */
export function originalId(tweet: XTweet): string {
  return tweet.edit_history_tweet_ids?.[0] ?? tweet.id;
}

export function toPostFromTweet(tweet: XTweet, author: XUser | undefined, referenced: ReadonlyMap<string, XTweet> = new Map()): Post {
  const refs = tweet.referenced_tweets ?? [];
  const kind = toKind(refs.map((r) => r.type));
  const parent = refs.find((r) => r.type === 'replied_to')?.id ?? null;
  const related = refs.map((r) => referenced.get(r.id)).filter((t): t is XTweet => t !== undefined);
  return {
    source: X_SOURCE,
    sourceId: originalId(tweet),
    kind,
    createdAt: tweet.created_at ?? null,
    author: toAuthor(tweet.author_id, author),
    text: unescapeXText(tweet.note_tweet?.text ?? tweet.text),
    url: author ? `https://x.com/${author.username}/status/${tweet.id}` : `https://x.com/i/status/${tweet.id}`,
    lang: tweet.lang ?? null,
    parentSourceId: parent,
    conversationId: tweet.conversation_id ?? null,
    metrics: toMetrics(tweet.public_metrics),
    // Enough to re-process the post later without asking the API again.
    raw: related.length > 0 ? { tweet, author: author ?? null, referenced: related } : { tweet, author: author ?? null },
    // This copy's version: an edit gets a new, larger id, so an older copy never replaces a newer one.
    ...(/^[1-9]\d{0,19}$/.test(tweet.id) ? { version: tweet.id } : {}),
  };
}

/** A retweet is an echo, whatever else it references; a reply that quotes is still a reply. */
function toKind(types: readonly string[]): PostKind {
  if (types.includes('retweeted')) return 'retweet';
  if (types.includes('replied_to')) return 'reply';
  if (types.includes('quoted')) return 'quote';
  return 'post';
}

function toAuthor(authorId: string | undefined, user: XUser | undefined): AuthorRef | null {
  if (user) return { sourceAuthorId: user.id, handle: user.username, name: user.name, raw: user };
  return authorId ? { sourceAuthorId: authorId, handle: null, name: null } : null;
}

function toMetrics(metrics: Readonly<Record<string, number>> | undefined): Record<string, number> | null {
  if (!metrics) return null;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics)) if (typeof value === 'number') out[key] = value;
  return out;
}

function indexById<T extends { readonly id: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.id)) map.set(item.id, item);
  return map;
}

export function describeProblem(problem: XProblem): string {
  const title = problem.title ?? 'Error';
  const detail = problem.detail ?? problem.message ?? '';
  return `X partial error (skipped): ${title}${detail ? `: ${detail}` : ''}`;
}
