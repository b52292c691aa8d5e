/** Renders the fake Page's posts and comments for the requested fields, as the Graph API would. */
import { FakeGraphError, serialiseFields, toListPage, type FakeComment, type FakePost, type FieldSpec, type RenderContext } from './graph-render';

const POST_FIELDS = new Set(['id', 'message', 'story', 'created_time', 'updated_time', 'permalink_url', 'status_type', 'from', 'attachments', 'comments', 'shares', 'reactions', 'is_hidden', 'is_published', 'full_picture']);
const COMMENT_FIELDS = new Set(['id', 'message', 'created_time', 'from', 'permalink_url', 'like_count', 'comment_count', 'parent', 'attachment', 'comments', 'can_comment', 'is_hidden', 'message_tags', 'user_likes', 'object']);

export const DEFAULT_POST_FIELDS = 'id,message,created_time';
export const DEFAULT_COMMENT_FIELDS = 'id,message,created_time,from';

/** A comment with what the renderer needs to know about where it sits. */
export interface PlacedComment {
  readonly comment: FakeComment;
  /** The top-level comment a reply belongs to; undefined for a top-level comment. */
  readonly parentId: string | undefined;
}

export function toplevelOf(post: FakePost): PlacedComment[] {
  return (post.comments ?? []).map((comment) => ({ comment, parentId: undefined }));
}

export function repliesOf(comment: FakeComment): PlacedComment[] {
  return (comment.replies ?? []).map((reply) => ({ comment: reply, parentId: comment.id }));
}

/** Every comment and reply, oldest first (`filter=stream`). */
export function streamOf(post: FakePost): PlacedComment[] {
  const all = toplevelOf(post).flatMap((top) => [top, ...repliesOf(top.comment)]);
  return all.sort((a, b) => a.comment.created_time.localeCompare(b.comment.created_time));
}

export function renderPost(post: FakePost, fields: readonly FieldSpec[], ctx: RenderContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (!POST_FIELDS.has(field.name)) throw new FakeGraphError(100, `(#100) Tried accessing nonexisting field (${field.name}) on node type (Post)`);
    if (field.name === 'comments') {
      const stream = field.modifiers.filter === 'stream';
      const edge = renderCommentEdge(stream ? streamOf(post) : toplevelOf(post), field, post.id, ctx);
      if (edge) out.comments = edge;
    } else if (field.name === 'attachments') {
      if (post.attachments?.length) out.attachments = { data: post.attachments.map((a) => pick(a, field.children)) };
    } else if (field.name === 'reactions') {
      out.reactions = { data: [], summary: { total_count: 0, viewer_reaction: 'NONE' } };
    } else {
      const value = (post as unknown as Record<string, unknown>)[field.name];
      if (value !== undefined) out[field.name] = pick(value, field.children);
    }
  }
  return out;
}

export function renderComment(placed: PlacedComment, fields: readonly FieldSpec[], ctx: RenderContext): Record<string, unknown> {
  const { comment, parentId } = placed;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (!COMMENT_FIELDS.has(field.name)) throw new FakeGraphError(100, `(#100) Tried accessing nonexisting field (${field.name}) on node type (Comment)`);
    if (field.name === 'comments') {
      const edge = renderCommentEdge(repliesOf(comment), field, comment.id, ctx);
      if (edge) out.comments = edge;
    } else if (field.name === 'like_count') out.like_count = comment.like_count ?? 0;
    else if (field.name === 'comment_count') out.comment_count = comment.replies?.length ?? 0;
    else if (field.name === 'parent') {
      if (parentId) out.parent = pick({ id: parentId }, field.children);
    } else if (field.name === 'can_comment') out.can_comment = parentId === undefined;
    else {
      const value = (comment as unknown as Record<string, unknown>)[field.name];
      if (value !== undefined && field.name !== 'replies') out[field.name] = pick(value, field.children);
    }
  }
  return out;
}

/** A nested `comments` edge; undefined (left out) when it has no items and no summary was asked for. */
function renderCommentEdge(items: PlacedComment[], field: FieldSpec, objectId: string, ctx: RenderContext): Record<string, unknown> | undefined {
  const wantsSummary = field.modifiers.summary === 'true' || field.modifiers.summary === '1';
  if (items.length === 0 && !wantsSummary) return undefined;
  const children = parseChildren(field);
  const nextParams: Array<[string, string]> = [['fields', serialiseFields(children)]];
  for (const name of ['filter', 'order', 'summary'] as const) if (field.modifiers[name]) nextParams.push([name, field.modifiers[name] as string]);
  const limit = field.modifiers.limit === undefined ? 25 : Number(field.modifiers.limit);
  nextParams.push(['limit', String(limit)]);
  return commentListPage(items, { limit, after: undefined, objectId, nextParams, summary: wantsSummary, order: field.modifiers.order, fields: children }, ctx);
}

export interface CommentListOptions {
  readonly limit: number;
  readonly after: string | undefined;
  readonly objectId: string;
  readonly nextParams: ReadonlyArray<[string, string]>;
  readonly summary: boolean;
  readonly order: string | undefined;
  readonly fields: readonly FieldSpec[];
}

export function commentListPage(items: readonly PlacedComment[], options: CommentListOptions, ctx: RenderContext): Record<string, unknown> {
  const withIds = items.map((placed) => ({ id: placed.comment.id, placed }));
  const summary = options.summary ? { order: options.order ?? 'chronological', total_count: items.length, can_comment: true } : undefined;
  return toListPage(withIds, { limit: options.limit, after: options.after, nextPath: `${options.objectId}/comments`, nextParams: options.nextParams, summary }, ctx, (item) =>
    renderComment(item.placed, options.fields, ctx),
  );
}

function parseChildren(field: FieldSpec): readonly FieldSpec[] {
  return field.children ?? [{ name: 'id', modifiers: {}, children: null }, { name: 'message', modifiers: {}, children: null }, { name: 'created_time', modifiers: {}, children: null }];
}

/** An object field with `{subfields}` keeps only those; without, it comes whole. */
function pick(value: unknown, children: readonly FieldSpec[] | null): unknown {
  if (!children || typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const child of children) if (source[child.name] !== undefined) out[child.name] = pick(source[child.name], child.children);
  return out;
}
