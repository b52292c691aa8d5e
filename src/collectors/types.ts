/**
 * The collector interface. A collector fetches pages from one platform and turns them into posts;
 * it never touches the store. The collect command hands it the saved cursor and a `savePage`
 * callback that writes the page's posts, the new cursor and the run's counters in one transaction.
 */
import type { Config } from '../config';
import type { Post } from '../core/post';

export interface CollectedPage {
  readonly posts: readonly Post[];
  /** The collector's own state after this page (JSON-serialisable), saved with the posts. */
  readonly cursor: unknown;
  /** HTTP requests this page took, retries included. */
  readonly requests: number;
  /**
   * Conversations this page read in full: any other stored post of the source in that conversation
   * (the root excepted) that is not listed has gone from the platform and is marked deleted.
   */
  readonly completeConversations?: readonly CompleteConversation[];
  /**
   * Conversations whose root the platform confirmed is gone (a deleted Page post): the root and every
   * stored post in the conversation are marked deleted.
   */
  readonly goneConversations?: readonly string[];
}

export interface CompleteConversation {
  readonly conversationId: string;
  /** Every post id the platform still returns in the conversation. */
  readonly sourceIds: readonly string[];
}

export interface SavedCounts {
  readonly new: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface CollectOptions {
  /** Backfill window, ISO UTC; since inclusive, until exclusive. */
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  /** Cap on posts read (paid reads) in this run. */
  readonly maxPosts?: number | undefined;
  /** Longest a rate limit may be waited out before the run stops cleanly. */
  readonly maxWaitMs: number;
}

export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or early (without throwing) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export type CollectEvent =
  | { readonly type: 'page'; readonly pages: number; readonly posts: number }
  | { readonly type: 'wait'; readonly seconds: number; readonly reason: string }
  | { readonly type: 'retry'; readonly attempt: number; readonly reason: string }
  | { readonly type: 'warning'; readonly message: string }
  /** HTTP requests that ended in a stop or a failure, so no saved page counts them. */
  | { readonly type: 'requests'; readonly count: number };

export interface CollectContext {
  /** The cursor saved by the previous run's last page, or null on a first run. */
  readonly cursor: unknown;
  readonly options: CollectOptions;
  readonly clock: Clock;
  /** Stops the run cleanly between pages (SIGINT, SIGTERM). */
  readonly signal: AbortSignal;
  savePage(page: CollectedPage): SavedCounts;
  /** Progress and notable events, for the progress line and the log. */
  report(event: CollectEvent): void;
}

export type StopReason = 'max-posts' | 'rate-limit' | 'interrupted' | 'usage-cap';

/** How a source's run ended. `stopped` is a clean stop with progress saved; the next run carries on. */
export type CollectResult =
  | { readonly outcome: 'ok' }
  | { readonly outcome: 'stopped'; readonly reason: StopReason; readonly message: string };

/** What a source's configuration and access checks read: its own settings, nothing else. */
export type SourceSettings = Pick<Config, 'x' | 'facebook'>;

export interface SourceCollector {
  readonly source: string;
  /** Undefined when the source can run; else what is missing, e.g. "X_BEARER_TOKEN is not set". */
  missingConfiguration(config: SourceSettings): string | undefined;
  /** One cheap authenticated request proving the token works; resolves to what it saw, throws an OnevisionError. */
  checkAccess?(config: SourceSettings): Promise<string>;
  /** Throws a UserError when the source cannot do what the options ask (e.g. a window it cannot search), before any run starts. */
  checkOptions?(config: SourceSettings, options: CollectOptions, now: Date): void;
  /** Fetches new pages, calling `context.savePage` for each; throws an OnevisionError on failure. */
  collect(config: Config, context: CollectContext): Promise<CollectResult>;
}
