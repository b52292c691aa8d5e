/** Graph posts, comments and replies → Post, pure. Comments and replies share the post's conversation. */
import { toIsoUtc } from '../../core/dates';
import type { AuthorRef, Post, PostKind } from '../../core/post';
import type { GraphAttachment, GraphComment, GraphFrom, GraphPost } from './wire';

export const SOURCE = 'facebook';

/** `commentTotal`: every comment and reply on the post, as Facebook counts them. */
export function toPagePost(post: GraphPost, commentTotal: number | undefined): Post {
  const { comments: _comments, ...raw } = post;
  const attachments = post.attachments?.data ?? [];
  return {
    source: SOURCE,
    sourceId: post.id,
    kind: 'post',
    createdAt: toCreatedAt(post.created_time),
    author: toAuthor(post.from),
    text: joinText(post.message ?? post.story, attachments),
    url: post.permalink_url ?? null,
    lang: null,
    parentSourceId: null,
    conversationId: post.id,
    metrics: commentTotal === undefined ? null : { comments: commentTotal },
    raw,
  };
}

/** A top-level comment (parent: the post) or a reply (parent: its comment). Needs an id. */
export function toCommentPost(comment: GraphComment & { id: string }, postId: string, parentId: string): Post {
  const { comments: _replies, ...raw } = comment;
  const kind: PostKind = parentId === postId ? 'comment' : 'reply';
  const metrics: Record<string, number> = { likes: comment.like_count ?? 0 };
  if (kind === 'comment') metrics.replies = comment.comment_count ?? 0;
  return {
    source: SOURCE,
    sourceId: comment.id,
    kind,
    createdAt: toCreatedAt(comment.created_time),
    author: toAuthor(comment.from),
    text: joinText(comment.message, comment.attachment ? [comment.attachment] : []),
    url: comment.permalink_url ?? null,
    lang: null,
    parentSourceId: parentId,
    conversationId: postId,
    metrics,
    raw,
  };
}

/** Without a Page token `from` is absent: the author is unknown, which is not an error. */
function toAuthor(from: GraphFrom | undefined): AuthorRef | null {
  if (!from?.id) return null;
  return { sourceAuthorId: from.id, handle: null, name: from.name ?? null };
}

function toCreatedAt(value: string | undefined): string | null {
  return value ? (toIsoUtc(value) ?? null) : null;
}

/** The message, then what the attachments say (a shared link's title and description, a photo's caption). */
function joinText(message: string | undefined, attachments: readonly GraphAttachment[]): string {
  const parts = message ? [message] : [];
  for (const attachment of attachments) {
    for (const text of [attachment.title, attachment.description]) {
      if (text && !parts.some((p) => p.includes(text))) parts.push(text);
    }
  }
  return parts.join('\n\n');
}

/** Graph's `created_time` as ISO UTC, for window comparisons. */
export function createdIso(item: { created_time?: string }): string | null {
  return toCreatedAt(item.created_time);
}
