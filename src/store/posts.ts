import type { AuthorRef, Post } from '../core/post';
import { InternalError } from '../errors';
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
const WHAT_IT_SAYS_CHANGED = `posts.text IS NOT i.text OR posts.created_at IS NOT i.created_at
         OR (i.author_id IS NOT NULL AND posts.author_id IS NOT i.author_id) OR posts.url IS NOT i.url OR posts.kind IS NOT i.kind
         OR posts.lang IS NOT i.lang OR posts.parent_source_id IS NOT i.parent_source_id
         OR (i.conversation_id IS NOT NULL AND posts.conversation_id IS NOT i.conversation_id) OR posts.question IS NOT i.question OR posts.deleted_at IS NOT NULL`;

function updatePostWhen(changed: string): string {
  return `
  WITH incoming (${POST_COLUMNS}) AS (VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))
  UPDATE posts SET
    kind = i.kind, created_at = i.created_at, text = i.text, url = i.url,
    lang = i.lang, parent_source_id = i.parent_source_id,
    -- A copy that cannot tell the author (an X archive's tweets.js without its account.js) keeps the
    -- one stored, as a copy that cannot tell the thread (a v1.1 reply whose chain is not in the file) does.
    -- Taking an author out of the data is \`forget\`'s work, recorded as such.
    author_id = coalesce(i.author_id, posts.author_id),
    conversation_id = coalesce(i.conversation_id, posts.conversation_id),
    metrics = i.metrics, raw = i.raw, question = i.question, updated_at = i.updated_at, deleted_at = NULL,
    revision = posts.revision + (posts.text IS NOT i.text)
  FROM incoming AS i
  WHERE posts.source = i.source AND posts.source_id = i.source_id AND (${changed})`;
}

// The same record laid out another way (a v1.1 status from a pretty-printed array, then from twarc's
// one-a-line file) is no change: stored JSON is compared as SQLite writes it out, without the layout.
const RAW_CHANGED = `posts.raw IS NOT i.raw AND (NOT json_valid(posts.raw) OR NOT json_valid(i.raw) OR json(posts.raw) IS NOT json(i.raw))`;
const UPDATE_POST = updatePostWhen(`${WHAT_IT_SAYS_CHANGED} OR posts.metrics IS NOT i.metrics OR (${RAW_CHANGED})`);
// Another copy of the version already stored (a later harvest): its counts and harvest time are no change.
const UPDATE_SAME_VERSION = updatePostWhen(WHAT_IT_SAYS_CHANGED);
const STORED_VERSION = `SELECT CASE WHEN json_valid(raw) THEN json_extract(raw, '$.version') END AS version FROM posts WHERE source = ? AND source_id = ?`;

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
  const updateExisting = toUpdateExisting(db);
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
      else if (updateExisting(post, row)) counts.updated += 1;
      else counts.unchanged += 1;
    }
  }).immediate();
  return counts;
}

/** The highest post id stored (0 for none): posts saved after this call have higher ids. */
export function loadLastPostId(db: Db): number {
  return (prepared(db, 'SELECT coalesce(max(id), 0) AS id FROM posts').get() as { id: number }).id;
}

/** Updates a stored post with an incoming copy, true when that changed it; the copy's version decides how. */
function toUpdateExisting(db: Db): (post: Post, row: unknown[]) => boolean {
  const updatePost = prepared(db, UPDATE_POST);
  const updateSameVersion = prepared(db, UPDATE_SAME_VERSION);
  const storedVersion = prepared(db, STORED_VERSION);
  return (post, row) => {
    if (post.version === undefined) return updatePost.run(...row).changes > 0;
    const { version: stored } = storedVersion.get(post.source, post.sourceId) as { version: unknown };
    // Stored before versions were kept: compared as any other post, and the update records the version.
    if (typeof stored !== 'string') return updatePost.run(...row).changes > 0;
    const order = compareVersions(post.version, stored);
    // An older version (an earlier copy of an edited post) never replaces the newer one stored.
    if (order < 0) return false;
    return (order === 0 ? updateSameVersion : updatePost).run(...row).changes > 0;
  };
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
    toRawJson(post),
    post.question ?? null,
    now,
    now,
  ];
}

/** The raw JSON to store, carrying the post's version (Post.version) as `version` when it has one. */
function toRawJson(post: Post): string | null {
  if (post.version !== undefined && !VERSION.test(post.version)) throw new InternalError(`post ${post.source}:${post.sourceId} has version "${post.version}", not a decimal integer`);
  if (post.rawJson !== undefined) {
    // Spliced in, not re-serialised: the text as it arrived may hold integers JavaScript would round.
    if (post.version === undefined || !/^\s*\{/.test(post.rawJson)) return post.rawJson;
    const body = post.rawJson.trim().slice(1);
    return `{"version":"${post.version}"${/^\s*\}/.test(body) ? '' : ','}${body}`;
  }
  if (post.raw === undefined) return null;
  const isObject = typeof post.raw === 'object' && post.raw !== null && !Array.isArray(post.raw);
  return JSON.stringify(post.version !== undefined && isObject ? { ...post.raw, version: post.version } : post.raw);
}

const VERSION = /^(?:0|[1-9]\d*)$/;

/** Decimal integers of any length, compared exactly (snowflake ids pass 2^53). */
function compareVersions(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
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
