/**
 * Erasure: removing a person's posts (with their raw JSON, classifications and labels) and
 * making sure the bytes are gone from the file, not just unlinked from the index.
 */
import type { Db } from './database';
import { prepared } from './statements';

export interface AuthorRow {
  id: number;
  source: string;
  sourceAuthorId: string;
  handle: string | null;
  name: string | null;
}

export function loadAuthors(db: Db): AuthorRow[] {
  return prepared(db, `SELECT id, source, source_author_id AS sourceAuthorId, handle, name FROM authors ORDER BY id`).all() as AuthorRow[];
}

export interface ErasureTarget {
  postId: number;
  source: string;
  sourceId: string;
  createdAt: string | null;
}

/** The posts written by these authors, plus retweets that carry one of their handles' text. */
export function loadPostsOfAuthors(db: Db, authors: readonly AuthorRow[]): ErasureTarget[] {
  const byAuthor = prepared(db, `SELECT id AS postId, source, source_id AS sourceId, created_at AS createdAt FROM posts WHERE author_id = ?`);
  const retweets = prepared(
    db,
    `SELECT id AS postId, source, source_id AS sourceId, created_at AS createdAt FROM posts
      WHERE source = ? AND kind = 'retweet' AND lower(text) LIKE lower(?) ESCAPE '\\'`,
  );
  const found = new Map<number, ErasureTarget>();
  for (const author of authors) {
    for (const row of byAuthor.all(author.id) as ErasureTarget[]) found.set(row.postId, row);
    if (author.handle) {
      const pattern = `RT @${author.handle.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;
      for (const row of retweets.all(author.source, pattern) as ErasureTarget[]) found.set(row.postId, row);
    }
  }
  return [...found.values()].sort((a, b) => a.postId - b.postId);
}

export function loadPostByRef(db: Db, source: string, sourceId: string): ErasureTarget | undefined {
  return prepared(db, `SELECT id AS postId, source, source_id AS sourceId, created_at AS createdAt FROM posts WHERE source = ? AND source_id = ?`).get(source, sourceId) as
    | ErasureTarget
    | undefined;
}

/** Posts created before the cut-off (or, without a creation date, first seen before it). */
export function loadPostsOlderThan(db: Db, cutoff: string): ErasureTarget[] {
  return prepared(
    db,
    `SELECT id AS postId, source, source_id AS sourceId, created_at AS createdAt FROM posts
      WHERE coalesce(created_at, first_seen_at) < ? ORDER BY id`,
  ).all(cutoff) as ErasureTarget[];
}

/** Posts the platform no longer shows, which we keep no longer than the next collection. */
export function loadPostsDeletedOnPlatform(db: Db): ErasureTarget[] {
  return prepared(db, `SELECT id AS postId, source, source_id AS sourceId, created_at AS createdAt FROM posts WHERE deleted_at IS NOT NULL ORDER BY id`).all() as ErasureTarget[];
}

export interface ExportFileRow {
  path: string;
  kind: string;
  createdAt: string;
  posts: number;
}

/** Every export and report file that contained any of these posts, so they can be recalled. */
export function loadExportsContaining(db: Db, postIds: readonly number[]): ExportFileRow[] {
  if (postIds.length === 0) return [];
  db.exec('CREATE TEMP TABLE IF NOT EXISTS erasure_ids (post_id INTEGER PRIMARY KEY)');
  return db.transaction(() => {
    db.exec('DELETE FROM temp.erasure_ids');
    const insert = prepared(db, 'INSERT OR IGNORE INTO temp.erasure_ids (post_id) VALUES (?)');
    for (const id of postIds) insert.run(id);
    return db
      .prepare(
        `SELECT e.path, e.kind, e.created_at AS createdAt, count(*) AS posts
           FROM export_posts ep JOIN exports e ON e.id = ep.export_id
          WHERE ep.post_id IN (SELECT post_id FROM temp.erasure_ids)
          GROUP BY e.id ORDER BY e.created_at, e.id`,
      )
      .all() as ExportFileRow[];
  })();
}

/**
 * Deletes the posts (classifications and labels go with them by foreign key), their export links,
 * and authors left with no posts, overwriting freed pages; then vacuums and truncates the WAL so the
 * text is gone from the file and its journal.
 */
export function erasePosts(db: Db, postIds: readonly number[], authorIds: readonly number[] = []): { posts: number; authors: number } {
  db.pragma('secure_delete = ON');
  const result = db.transaction(() => {
    const deletePost = prepared(db, 'DELETE FROM posts WHERE id = ?');
    const deleteLinks = prepared(db, 'DELETE FROM export_posts WHERE post_id = ?');
    let posts = 0;
    for (const id of postIds) {
      posts += deletePost.run(id).changes;
      deleteLinks.run(id);
    }
    const deleteAuthor = prepared(db, 'DELETE FROM authors WHERE id = ? AND NOT EXISTS (SELECT 1 FROM posts WHERE author_id = ?)');
    let authors = 0;
    for (const id of authorIds) authors += deleteAuthor.run(id, id).changes;
    authors += db.prepare('DELETE FROM authors WHERE NOT EXISTS (SELECT 1 FROM posts WHERE posts.author_id = authors.id)').run().changes;
    return { posts, authors };
  })();
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return result;
}
