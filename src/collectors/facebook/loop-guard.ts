/**
 * The paging loop guard for one Graph list walk (the feed, one post's comments, one comment's
 * replies): a `paging.next` link or `after` cursor handed out before, or pages that keep pointing
 * onwards with nothing new, end the run with exit 3 instead of following Graph round in circles.
 * Graph's own "a page may be empty but contain a next link" is allowed a few times in a row.
 */
import { UpstreamError } from '../../errors';
import { PagingGuard } from '../paging-guard';
import { toFollowUrl, type GraphTarget } from './urls';
import type { GraphList } from './wire';

export class GraphLoopGuard {
  private readonly guard = new PagingGuard();

  /** `what`, for the message: "the Page feed", "the comments on post 123_456". */
  constructor(private readonly what: string) {}

  /** Before following `list`'s next link: throws when it would go round in circles. */
  check(list: GraphList<{ readonly id?: string | undefined }>, target: GraphTarget): void {
    const next = list.paging?.next;
    const after = list.paging?.cursors?.after;
    // The link without its token, as it would be requested; and its cursor, which can repeat under another link.
    const keys = next ? [toFollowUrl(next, target).href, ...(after ? [`after:${after}`] : [])] : [];
    const loop = this.guard.check(list.data.flatMap((item) => (item.id ? [item.id] : [])), keys);
    if (!loop) return;
    const why =
      loop.kind === 'repeated'
        ? `Facebook sent a paging.next link or after cursor it had already sent, for ${this.what} (page ${loop.pages})`
        : `Facebook pointed to a next page of ${this.what} ${loop.pages} times in a row without bringing anything new`;
    throw new UpstreamError(
      `${why}: its paging was going round in circles, so the run stopped`,
      'What was saved stays; the next run starts again from the last saved page of the feed, not from that link. If Facebook keeps doing this, try again later.',
    );
  }
}
