import type { AuthorRef, Post } from '../core/post';
import type { Db } from './database';
import { prepared } from './statements';
import { loadErasureLedger } from './erasure-ledger';

export interface SaveCounts {
  new: number;
  updated: number;
  unchanged: number;
  /** Posts the erasure ledger refused: erased before, or by a person forgotten with their future posts. */
  refused: number;
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

// New posts take the plain insert, which is as fast as a bare INSERT; only a post already stored
// goes on to the update. (An INSERT … ON CONFLICT DO UPDATE costs a third more per row, measured by
// bench/import-export.bench.mjs, even when every row is new.)
const POST_COLUMNS = `source, source_id, kind, created_at, author_id, text, url, lang,
  parent_source_id, conversation_id, metrics, raw, question, first_seen_at, updated_at`;

const INSERT_POST = `
  INSERT INTO posts (${POST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (source, source_id) DO NOTHING`;

// Takes the same parameters as the insert. An unchanged post is not rewritten (no change counted).
// The revision counts versions of the text (an edit, a re-import with new words): classifications and
// safeguarding decisions cover one revision, and a like count going up must not undo a person's
// decision.
const UPDATE_POST = `
  WITH incoming (${POST_COLUMNS}) AS (VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))
  UPDATE posts SET
    kind = i.kind, created_at = i.created_at, author_id = i.author_id, text = i.text, url = i.url,
    lang = i.lang, parent_source_id = i.parent_source_id, conversation_id = i.conversation_id,
    metrics = i.metrics, raw = i.raw, question = i.question, updated_at = i.updated_at, deleted_at = NULL,
    revision = posts.revision + (posts.text IS NOT i.text)
  FROM incoming AS i
  WHERE posts.source = i.source AND posts.source_id = i.source_id
    AND (posts.text IS NOT i.text OR posts.created_at IS NOT i.created_at
         OR posts.author_id IS NOT i.author_id OR posts.url IS NOT i.url OR posts.kind IS NOT i.kind
         OR posts.lang IS NOT i.lang OR posts.parent_source_id IS NOT i.parent_source_id
         OR posts.conversation_id IS NOT i.conversation_id OR posts.metrics IS NOT i.metrics
         OR posts.raw IS NOT i.raw OR posts.question IS NOT i.question OR posts.deleted_at IS NOT NULL)`;

/**
 * Upserts posts (and their authors) keyed by (source, source_id). Runs in one transaction, or
 * inside the caller's, so a page of posts and its cursor can be saved together.
 */
export function savePosts(db: Db, posts: readonly Post[], now: string): SaveCounts {
  const counts: SaveCounts = { new: 0, updated: 0, unchanged: 0, refused: 0 };
  const ledger = loadErasureLedger(db);
  const authorIds = new Map<string, number>();
  const upsertAuthor = prepared(db, UPSERT_AUTHOR);
  const insertPost = prepared(db, INSERT_POST);
  const updatePost = prepared(db, UPDATE_POST);
  db.transaction(() => {
    for (const incoming of posts) {
      if (ledger?.isErased(incoming)) {
        counts.refused += 1;
        continue;
      }
      const post = ledger ? ledger.scrub(incoming) : incoming;
      const authorId = post.author ? saveAuthor(upsertAuthor, authorIds, post.source, post.author, now) : null;
      const row = toRow(post, authorId, now);
      if (insertPost.run(...row).changes > 0) counts.new += 1;
      else if (updatePost.run(...row).changes > 0) counts.updated += 1;
      else counts.unchanged += 1;
    }
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

/** The statements' parameters for one post, in the order of POST_COLUMNS. */
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
    post.rawJson ?? (post.raw === undefined ? null : JSON.stringify(post.raw)),
    post.question ?? null,
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
