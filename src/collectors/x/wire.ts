/**
 * The X API v2 shapes we read, as they arrive on the wire (tweet.* names). Everything beyond the ids
 * is optional because the API returns only the fields asked for, and archives and twarc files differ.
 */

export interface XReferencedTweet {
  readonly type: 'retweeted' | 'quoted' | 'replied_to' | string;
  readonly id: string;
}

export interface XMention {
  readonly start?: number;
  readonly end?: number;
  readonly username: string;
  readonly id?: string;
}

export interface XTweet {
  readonly id: string;
  readonly text: string;
  readonly edit_history_tweet_ids?: readonly string[];
  readonly created_at?: string;
  readonly author_id?: string;
  readonly conversation_id?: string;
  readonly in_reply_to_user_id?: string;
  readonly lang?: string;
  readonly referenced_tweets?: readonly XReferencedTweet[];
  readonly note_tweet?: { readonly text: string; readonly entities?: unknown };
  readonly public_metrics?: Readonly<Record<string, number>>;
  readonly entities?: { readonly mentions?: readonly XMention[]; readonly [key: string]: unknown };
  readonly geo?: { readonly place_id?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface XUser {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly [key: string]: unknown;
}

/** A problem object, in `errors` of a 200 response (partial errors) or as an error body. */
export interface XProblem {
  readonly title?: string;
  readonly detail?: string;
  readonly type?: string;
  readonly value?: string;
  readonly resource_id?: string;
  readonly message?: string;
  readonly [key: string]: unknown;
}

export interface XSearchMeta {
  readonly newest_id?: string;
  readonly oldest_id?: string;
  readonly result_count: number;
  readonly next_token?: string;
}

export interface XSearchPage {
  readonly data?: readonly XTweet[];
  readonly includes?: {
    readonly users?: readonly XUser[];
    readonly tweets?: readonly XTweet[];
    readonly [key: string]: unknown;
  };
  readonly errors?: readonly XProblem[];
  readonly meta?: XSearchMeta;
}

/** Snowflake ids are 64-bit: compare them as numbers, never as strings of different lengths. */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
