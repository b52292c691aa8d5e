/** Reads one post's comments and replies in full, following every nested `paging.next`. */
import type { Post } from '../../core/post';
import { UpstreamError } from '../../errors';
import type { GraphClient } from './client';
import { GraphLoopGuard } from './loop-guard';
import { toCommentPost } from './normalise';
import { toFollowUrl, type GraphTarget } from './urls';
import { isGraphList, type GraphComment, type GraphList } from './wire';

export interface ThreadRead {
  readonly posts: Post[];
  /** False when some comment could not be kept (no id, under Page Public Content Access). */
  readonly complete: boolean;
  /** Top-level comments plus their replies, as Facebook counts them. */
  readonly reportedTotal: number;
}

export async function fetchThread(client: GraphClient, target: GraphTarget, postId: string, first: GraphList<GraphComment> | undefined): Promise<ThreadRead> {
  const posts: Post[] = [];
  let complete = true;
  let reportedTotal = first?.summary?.total_count ?? 0;
  const guard = new GraphLoopGuard(`the comments on post ${postId}`);
  let list = first;
  while (list) {
    for (const comment of list.data) {
      if (!comment.id) {
        complete = false;
        continue;
      }
      posts.push(toCommentPost({ ...comment, id: comment.id }, postId, postId));
      reportedTotal += comment.comment_count ?? 0;
      const replies = await fetchReplies(client, target, postId, comment.id, comment.comments);
      posts.push(...replies.posts);
      complete &&= replies.complete;
    }
    list = await fetchNext(client, target, list, guard);
  }
  return { posts, complete, reportedTotal };
}

async function fetchReplies(
  client: GraphClient,
  target: GraphTarget,
  postId: string,
  commentId: string,
  first: GraphList<GraphComment> | undefined,
): Promise<{ posts: Post[]; complete: boolean }> {
  const posts: Post[] = [];
  let complete = true;
  const guard = new GraphLoopGuard(`the replies to comment ${commentId}`);
  let list = first;
  while (list) {
    for (const reply of list.data) {
      if (!reply.id) complete = false;
      else posts.push(toCommentPost({ ...reply, id: reply.id }, postId, reply.parent?.id ?? commentId));
    }
    list = await fetchNext(client, target, list, guard);
  }
  return { posts, complete };
}

/** The next page of a list, or undefined at the end. An empty page with a `next` is not the end; a loop is an error. */
export async function fetchNext<T extends { readonly id?: string | undefined }>(client: GraphClient, target: GraphTarget, list: GraphList<T>, guard: GraphLoopGuard): Promise<GraphList<T> | undefined> {
  const next = list.paging?.next;
  if (!next) return undefined;
  guard.check(list, target);
  return toList<T>(await client.fetchJson(toFollowUrl(next, target)));
}

export function toList<T>(body: unknown): GraphList<T> {
  if (!isGraphList(body)) throw new UpstreamError('the Graph API answered with something that is not a list ({"data": [...]})', 'Check FB_GRAPH_BASE_URL points at the Graph API; if it does, please report it.');
  return body as GraphList<T>;
}
