import type { AuthorRef, Post } from '../core/post';
import type { Db } from './database';
import { prepared } from './statements';

export interface SaveCounts {
  new: number;
  updated: number;
  unchanged: number;
}

const UPSERT_AUTHOR = `
  INSERT INTO authors (source, source_author_id, handle, name, raw, updated_at)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (source, source_author_id) DO UPDATE SET
    handle = coalesce(excluded.handle, authors.handle),
    name = coalesce(excluded.name, authors.name),
    raw = coalesce(excluded.raw, authors.raw),
    updated_at = excluded.updated_at
  RETURNING id`;

// An unchanged post is not rewritten (no change counted); a changed one gets revision + 1.
const UPSERT_POST = `
  INSERT INTO posts (source, source_id, kind, created_at, author_id, text, url, lang,
                     parent_source_id, conversation_id, metrics, raw, first_seen_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (source, source_id) DO UPDATE SET
    kind = excluded.kind, created_at = excluded.created_at, author_id = excluded.author_id,
    text = excluded.text, url = excluded.url, lang = excluded.lang,
    parent_source_id = excluded.parent_source_id, conversation_id = excluded.conversation_id,
    metrics = excluded.metrics, raw = excluded.raw, updated_at = excluded.updated_at,
    deleted_at = NULL, revision = posts.revision + 1
  WHERE posts.text IS NOT excluded.text OR posts.created_at IS NOT excluded.created_at
     OR posts.author_id IS NOT excluded.author_id OR posts.url IS NOT excluded.url
     OR posts.kind IS NOT excluded.kind OR posts.lang IS NOT excluded.lang
     OR posts.parent_source_id IS NOT excluded.parent_source_id
     OR posts.conversation_id IS NOT excluded.conversation_id
     OR posts.metrics IS NOT excluded.metrics OR posts.raw IS NOT excluded.raw
     OR posts.deleted_at IS NOT NULL`;

/**
 * Upserts posts (and their authors) keyed by (source, source_id). Runs in one transaction, or
 * inside the caller's, so a page of posts and its cursor can be saved together.
 */
export function savePosts(db: Db, posts: readonly Post[], now: string): SaveCounts {
  const counts: SaveCounts = { new: 0, updated: 0, unchanged: 0 };
  const authorIds = new Map<string, number>();
  const upsertAuthor = prepared(db, UPSERT_AUTHOR);
  const upsertPost = prepared(db, UPSERT_POST);
  const countPosts = prepared(db, 'SELECT count(*) AS n FROM posts');
  db.transaction(() => {
    // Counting rows before and after is cheaper than asking each upsert whether it inserted.
    const before = (countPosts.get() as { n: number }).n;
    let changed = 0;
    for (const post of posts) {
      const authorId = post.author ? saveAuthor(upsertAuthor, authorIds, post.source, post.author, now) : null;
      changed += upsertPost.run(...toRow(post, authorId, now)).changes;
    }
    counts.new = (countPosts.get() as { n: number }).n - before;
    counts.updated = changed - counts.new;
    counts.unchanged = posts.length - changed;
  })();
  return counts;
}

function saveAuthor(
  upsert: ReturnType<typeof prepared>,
  known: Map<string, number>,
  source: string,
  author: AuthorRef,
  now: string,
): number {
  const key = `${source}\u0000${author.sourceAuthorId}`;
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const raw = author.raw === undefined ? null : JSON.stringify(author.raw);
  const { id } = upsert.get(source, author.sourceAuthorId, author.handle, author.name, raw, now) as { id: number };
  known.set(key, id);
  return id;
}

function toRow(post: Post, authorId: number | null, now: string): unknown[] {
  return [
    post.source,
    post.sourceId,
    post.kind,
    post.createdAt,
    authorId,
    post.text,
    post.url,
    post.lang,
    post.parentSourceId,
    post.conversationId,
    post.metrics === null ? null : JSON.stringify(post.metrics),
    post.raw === undefined ? null : JSON.stringify(post.raw),
    now,
    now,
  ];
}

export interface SourceStatus {
  source: string;
  posts: number;
  deleted: number;
  newestPostAt: string | null;
}

export function loadSourceStatus(db: Db): SourceStatus[] {
  return prepared(
    db,
    `SELECT source,
            sum(deleted_at IS NULL) AS posts,
            sum(deleted_at IS NOT NULL) AS deleted,
            max(CASE WHEN deleted_at IS NULL THEN created_at END) AS newestPostAt
       FROM posts GROUP BY source ORDER BY source`,
  ).all() as SourceStatus[];
}
