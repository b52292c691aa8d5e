/**
 * Invented X data sets of any size for the fake API (tests and benchmarks): real field shapes,
 * snowflake ids computed from the creation time, so id order is time order.
 */
import type { XTweet, XUser } from '../collectors/x/wire';
import type { XDataSet } from './x-search';

const TWITTER_EPOCH_MS = 1_288_834_974_657n;
const WORDS = 'youth club bus Truro CAMHS waiting list parents support college jobs safe home school SEND beach Penzance Bodmin housing Scilly'.split(' ');

export function toSnowflake(createdAtMs: number, sequence = 0): string {
  return ((BigInt(createdAtMs) - TWITTER_EPOCH_MS) * 4_194_304n + BigInt(sequence % 4096)).toString();
}

export interface GeneratedDataOptions {
  /** Creation time of the newest post; the rest go back one minute each. */
  readonly newest?: Date;
  readonly users?: number;
}

/** `count` posts, newest first: every 10th a reply to the next older one, every 7th edited, every 13th long. */
export function generateXDataSet(count: number, options: GeneratedDataOptions = {}): XDataSet {
  const newest = (options.newest ?? new Date(Date.UTC(2026, 7, 24, 12))).getTime();
  const users: XUser[] = Array.from({ length: options.users ?? 50 }, (_, i) => ({ id: String(900_000 + i), username: `kernow_voice_${i}`, name: `Kernow Voice ${i}` }));
  const tweets: XTweet[] = [];
  for (let i = 0; i < count; i += 1) {
    const createdMs = newest - i * 60_000;
    const id = toSnowflake(createdMs, i);
    const author = users[i % users.length] as XUser;
    const words = Array.from({ length: 24 }, (_, w) => WORDS[(i * 7 + w * 13) % WORDS.length]).join(' ');
    const text = `${words} #CIoSOneVision ${i}`;
    const long = i % 13 === 5;
    // Every 10th replies to the post just older than it (not the last, which has none).
    const replyTo = i % 10 === 9 && i + 1 < count ? { id: toSnowflake(createdMs - 60_000, i + 1), author_id: users[(i + 1) % users.length]?.id } : undefined;
    tweets.push({
      id,
      text: long ? `${text.slice(0, 270)}…` : text,
      edit_history_tweet_ids: i % 7 === 3 ? [toSnowflake(createdMs - 30_000, i), id] : [id],
      created_at: new Date(createdMs).toISOString(),
      author_id: author.id,
      conversation_id: replyTo?.id ?? id,
      lang: 'en',
      public_metrics: { retweet_count: i % 5, reply_count: i % 3, like_count: i % 17, quote_count: 0, bookmark_count: 0, impression_count: 100 + i },
      entities: { hashtags: [{ start: text.indexOf('#'), end: text.indexOf('#') + 14, tag: 'CIoSOneVision' }] },
      ...(long ? { note_tweet: { text: `${text} ${'and more detail about what would help young people here. '.repeat(6)}` } } : {}),
      ...(replyTo ? { referenced_tweets: [{ type: 'replied_to', id: replyTo.id }], in_reply_to_user_id: replyTo.author_id } : {}),
    });
  }
  return { query: '#CIoSOneVision', users, tweets };
}
