/**
 * One Facebook run: read in full the feed ranges the plan owes (new and active posts, or a backfill),
 * then check the comment counts of older posts and re-read the threads whose count changed. Every feed
 * page is saved with the narrowed cursor in one transaction. A run that got through all of that has
 * listed the whole feed, so a post read before that it did not list may have been deleted.
 */
import type { FacebookConfig } from '../../config';
import type { Post } from '../../core/post';
import type { CollectContext, CollectResult, CompleteConversation } from '../types';
import { CollectStop, GraphClient } from './client';
import { laterOf, planRun, toCursor, type FacebookCursor, type FeedRange } from './cursor';
import { GraphLoopGuard } from './loop-guard';
import { FEED_PAGE_SIZE, FEED_WITH_COUNTS, FEED_WITH_THREADS, LIST_PAGE_SIZE, THREAD_PARAMS } from './fields';
import { createdIso, toPagePost } from './normalise';
import { fetchNext, fetchThread, toList, type ThreadRead } from './threads';
import { toGraphUrl, toUnixSeconds, type GraphTarget } from './urls';
import type { Timing } from './usage';
import type { GraphComment, GraphList, GraphPost } from './wire';
import { wordFor } from '../../core/words';

export async function collectFacebook(config: FacebookConfig, context: CollectContext, timing: Timing): Promise<CollectResult> {
  if (!config.pageToken) throw new Error('collectFacebook needs FB_PAGE_TOKEN; check missingConfiguration first');
  const target: GraphTarget = { baseUrl: config.graphBaseUrl, version: config.graphVersion };
  const client = new GraphClient({
    target,
    token: config.pageToken,
    pageId: config.pageId,
    clock: context.clock,
    signal: context.signal,
    maxWaitMs: context.options.maxWaitMs,
    report: (event) => context.report(event),
    timing,
  });
  const cursor = toCursor(context.cursor, config.pageId);
  const plan = planRun(cursor, context.clock.now(), config.activeDays, context.options);
  const run = new FeedRun(config.pageId, target, client, context, cursor, plan.owed);
  try {
    let readEverything = false;
    while (run.hasOwed()) readEverything = (await run.readOwedRange()) || readEverything;
    if (plan.sweepBefore && !readEverything) {
      await run.sweepCounts(plan.sweepBefore);
      // Only now: a failed or stopped run, or one that skipped the sweep, has not seen every post.
      await run.noticeDeletedPosts();
    }
    return { outcome: 'ok' };
  } catch (error) {
    // Requests since the last saved page (the failed ones included) belong in the run record too.
    context.report({ type: 'requests', count: client.takeRequests() });
    if (error instanceof CollectStop) return { outcome: 'stopped', reason: error.reason, message: error.message };
    throw error;
  }
}

class FeedRun {
  private newestPostAt: string | null;
  private owed: FeedRange[];
  private readonly counts: Record<string, number>;
  /** Every post the feed listed in this run, in any range or the sweep. */
  private readonly listed = new Set<string>();
  private saved = 0;
  private warnedNoIds = false;

  constructor(
    private readonly pageId: string,
    private readonly target: GraphTarget,
    private readonly client: GraphClient,
    private readonly context: CollectContext,
    cursor: FacebookCursor | null,
    owed: readonly FeedRange[],
  ) {
    this.newestPostAt = cursor?.newestPostAt ?? null;
    this.counts = { ...(cursor?.counts ?? {}) };
    this.owed = [...owed];
  }

  hasOwed(): boolean {
    return this.owed.length > 0;
  }

  /** Reads the first owed range to its end; true when that range went down to the very first post. */
  async readOwedRange(): Promise<boolean> {
    const range = this.owed[0] as FeedRange;
    const params: Record<string, string> = { fields: FEED_WITH_THREADS, limit: String(FEED_PAGE_SIZE) };
    if (range.until) params.until = toUnixSeconds(range.until);
    let list: GraphList<GraphPost> | undefined = toList<GraphPost>(await this.client.fetchJson(toGraphUrl(this.target, `${this.pageId}/feed`, params)));
    let until = range.until;
    const guard = new GraphLoopGuard('the Page feed');
    while (list) {
      for (const post of list.data) this.listed.add(post.id);
      const inRange: GraphPost[] = list.data.filter((p) => range.downTo === null || (createdIso(p) ?? '') >= range.downTo);
      const reachedOlder: boolean = inRange.length < list.data.length;
      const page = new PageOut();
      for (const post of inRange) {
        const thread = await fetchThread(this.client, this.target, post.id, post.comments);
        this.addThread(page, post, thread, thread.reportedTotal);
        until = earlierOf(until, createdIso(post));
      }
      const done: boolean = reachedOlder || !list.paging?.next;
      this.owed = done ? this.owed.slice(1) : [{ downTo: range.downTo, until }, ...this.owed.slice(1)];
      this.save(page);
      // After the save: a looping link ends the run with this page kept and the range narrowed past it.
      list = done ? undefined : await fetchNext(this.client, this.target, list, guard);
    }
    return range.downTo === null;
  }

  /** Old posts: one call per 100 posts for their counts; a thread is re-read only when its count moved. */
  async sweepCounts(before: string): Promise<void> {
    const params = { fields: FEED_WITH_COUNTS, limit: String(LIST_PAGE_SIZE), until: toUnixSeconds(before) };
    let list: GraphList<GraphPost> | undefined = toList<GraphPost>(await this.client.fetchJson(toGraphUrl(this.target, `${this.pageId}/feed`, params)));
    const guard = new GraphLoopGuard('the Page feed (comment counts)');
    while (list) {
      const page = new PageOut();
      for (const post of list.data) {
        this.listed.add(post.id);
        if ((createdIso(post) ?? '') >= before) continue; // read in full by this run already
        const total = post.comments?.summary?.total_count ?? 0;
        const known = this.counts[post.id];
        if (known === total || (known === undefined && total === 0)) {
          page.posts.push(toPagePost(post, total));
          this.counts[post.id] = total;
          continue;
        }
        const first = toList<GraphComment>(await this.client.fetchJson(toGraphUrl(this.target, `${post.id}/comments`, THREAD_PARAMS)));
        // The count kept is the stream count just seen, so the next sweep compares like with like.
        this.addThread(page, post, await fetchThread(this.client, this.target, post.id, first), total);
      }
      this.save(page);
      list = await fetchNext(this.client, this.target, list, guard);
    }
  }

  /**
   * After the whole feed was listed: each post read before that it no longer lists is looked up by id,
   * and is gone (with its thread) only when Graph says it does not exist. The feed can leave a post out
   * that still exists (it lists about 600 ranked posts a year), and such a post is kept.
   */
  async noticeDeletedPosts(): Promise<void> {
    const gone: string[] = [];
    for (const id of Object.keys(this.counts)) {
      if (this.listed.has(id)) continue;
      const found = await this.client.fetchObjectIfExists(toGraphUrl(this.target, id, { fields: 'id' }));
      if (found === undefined) gone.push(id);
    }
    if (gone.length === 0) {
      const requests = this.client.takeRequests();
      if (requests > 0) this.context.report({ type: 'requests', count: requests });
      return;
    }
    const page = new PageOut();
    for (const id of gone) {
      page.gone.push(id);
      Reflect.deleteProperty(this.counts, id);
    }
    this.save(page);
  }

  private addThread(page: PageOut, post: GraphPost, thread: ThreadRead, total: number): void {
    page.posts.push(toPagePost(post, total), ...thread.posts);
    // Only a post seen before can have stored comments that are now gone.
    if (thread.complete && this.counts[post.id] !== undefined) {
      page.conversations.push({ conversationId: post.id, sourceIds: thread.posts.map((p) => p.sourceId) });
    }
    if (!thread.complete) this.warnNoIds();
    this.counts[post.id] = total;
    this.newestPostAt = laterOf(this.newestPostAt, createdIso(post));
  }

  private save(page: PageOut): void {
    const cursor: FacebookCursor = { version: 1, pageId: this.pageId, newestPostAt: this.newestPostAt, owed: this.owed, counts: this.counts };
    this.context.savePage({ posts: page.posts, cursor, requests: this.client.takeRequests(), completeConversations: page.conversations, goneConversations: page.gone });
    this.saved += page.posts.length;
    const max = this.context.options.maxPosts;
    if (max !== undefined && this.saved >= max) throw new CollectStop('max-posts', `stopped after ${this.saved} ${wordFor(this.saved, 'post, comment or reply', 'posts, comments and replies')} (--max-posts ${max}); the next run carries on.`);
    if (this.context.signal.aborted) throw new CollectStop('interrupted', 'interrupted; progress is saved and the next run carries on.');
  }

  private warnNoIds(): void {
    if (this.warnedNoIds) return;
    this.warnedNoIds = true;
    this.context.report({ type: 'warning', message: 'some comments came without an id (a token without Page access, e.g. Page Public Content Access) and were skipped; use the Page\'s own access token' });
  }
}

class PageOut {
  readonly posts: Post[] = [];
  readonly conversations: CompleteConversation[] = [];
  /** Posts Graph confirmed deleted: each with its whole thread. */
  readonly gone: string[] = [];
}

/** The earlier of two created times; null means "not bounded yet". */
function earlierOf(current: string | null, created: string | null): string | null {
  if (created === null) return current;
  if (current === null) return created;
  return created < current ? created : current;
}
