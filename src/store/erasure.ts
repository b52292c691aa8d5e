/**
 * Erasure: removing a person's posts (with their raw JSON, classifications and labels) and
 * making sure the bytes are gone from the file, not just unlinked from the index.
 */
import fs from 'node:fs';
import { toMatchingText } from '../core/matching-text';
import { echoedHandle } from '../core/echoes';
import type { Db } from './database';
import { dropModelCandidates } from './models';
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
  /** Kept in memory only, to check afterwards that it is gone from the file's bytes. */
  text?: string;
}

/**
 * The posts written by these authors, plus posts that repeat their words by hand, naming their handle
 * (core/echoes.ts: "RT @h: …", "MT @h …", "… via @h"), from any source: the ledger refuses the same
 * echoes in later imports, so one stored before the erasure goes too.
 */
export function loadPostsOfAuthors(db: Db, authors: readonly AuthorRow[]): ErasureTarget[] {
  const byAuthor = prepared(db, `SELECT id AS postId, source, source_id AS sourceId, created_at AS createdAt, text FROM posts WHERE author_id = ?`);
  const naming = prepared(db, `SELECT id AS postId, source, source_id AS sourceId, created_at AS createdAt, text FROM posts WHERE lower(text) LIKE lower(?) ESCAPE '\\'`);
  const found = new Map<number, ErasureTarget>();
  for (const author of authors) {
    for (const row of byAuthor.all(author.id) as ErasureTarget[]) found.set(row.postId, row);
    const handle = author.handle?.replace(/^[@＠]/, '');
    if (!handle) continue;
    const pattern = `%${handle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    for (const row of naming.all(pattern) as ErasureTarget[]) {
      if (echoedHandle(row.text ?? '')?.toLowerCase() === handle.toLowerCase()) found.set(row.postId, row);
    }
  }
  return [...found.values()].sort((a, b) => a.postId - b.postId);
}

export function loadPostByRef(db: Db, source: string, sourceId: string): ErasureTarget | undefined {
  return prepared(db, `SELECT id AS postId, source, source_id AS sourceId, created_at AS createdAt, text FROM posts WHERE source = ? AND source_id = ?`).get(source, sourceId) as
    | ErasureTarget
    | undefined;
}

/** Posts created before the cut-off (or, without a creation date, first seen before it). */
export function loadPostsOlderThan(db: Db, cutoff: string): ErasureTarget[] {
  return prepared(
    db,
    `SELECT id AS postId, source, source_id AS sourceId, created_at AS createdAt, text FROM posts
      WHERE coalesce(created_at, first_seen_at) < ? ORDER BY id`,
  ).all(cutoff) as ErasureTarget[];
}

/** Posts the platform no longer shows, which we keep no longer than the next collection. */
export function loadPostsDeletedOnPlatform(db: Db): ErasureTarget[] {
  return prepared(db, `SELECT id AS postId, source, source_id AS sourceId, created_at AS createdAt, text FROM posts WHERE deleted_at IS NOT NULL ORDER BY id`).all() as ErasureTarget[];
}

export interface ExportFileRow {
  /** The export record's id. */
  id: number;
  path: string;
  kind: string;
  createdAt: string;
  posts: number;
  /** SHA-256 of the file as written, null for stdout or an older record. */
  contentHash: string | null;
  /** The filters and options it was written with (JSON), to rebuild it. */
  filters: string | null;
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
        `SELECT e.id, e.path, e.kind, e.created_at AS createdAt, count(*) AS posts, e.content_hash AS contentHash, e.filters
           FROM export_posts ep JOIN exports e ON e.id = ep.export_id
          WHERE ep.post_id IN (SELECT post_id FROM temp.erasure_ids)
          GROUP BY e.id ORDER BY e.created_at, e.id`,
      )
      .all() as ExportFileRow[];
  })();
}

/**
 * Retweets and quotes of these posts (X keeps the echoed post's id in `referenced_tweets`, a v1.1
 * status in `retweeted_status` or `quoted_status`): they go with the post they echo.
 */
export function loadEchoesOf(db: Db, targets: readonly ErasureTarget[]): ErasureTarget[] {
  const ids = targets.filter((t) => t.source === 'x').map((t) => t.sourceId);
  if (ids.length === 0) return [];
  // One pass over the retweets and quotes for all the ids, in either shape; a v1.1 status (twitter-v1
  // import) is stored as it is, the echoed post being its retweeted or quoted status.
  return prepared(
    db,
    `WITH echoes (post_id, echoed_id) AS (
       SELECT p.id, json_extract(r.value, '$.id')
         FROM posts p, json_each(CASE WHEN json_valid(p.raw) THEN p.raw ELSE '{}' END, '$.tweet.referenced_tweets') r
        WHERE p.source = 'x' AND p.kind IN ('retweet', 'quote') AND json_extract(r.value, '$.type') IN ('retweeted', 'quoted')
       UNION ALL
       SELECT p.id, v.value
         FROM posts p, json_each(CASE WHEN json_valid(p.raw)
                THEN json_array(json_extract(p.raw, '$.retweeted_status.id_str'), json_extract(p.raw, '$.quoted_status_id_str'), json_extract(p.raw, '$.quoted_status.id_str'))
                ELSE '[]' END) v
        WHERE p.source = 'x' AND p.kind IN ('retweet', 'quote'))
     SELECT DISTINCT p.id AS postId, p.source, p.source_id AS sourceId, p.created_at AS createdAt, p.text
       FROM echoes e JOIN json_each(?) wanted ON wanted.value = e.echoed_id JOIN posts p ON p.id = e.post_id`,
  ).all(JSON.stringify(ids)) as ErasureTarget[];
}

export interface StoredCopy {
  readonly postId: number;
  readonly text: string;
  readonly raw: string | null;
  /** The link the source or file gave (a typed import's may name a person). */
  readonly url: string | null;
}

/** Other posts of the source whose text or raw JSON holds any of these strings: where a forgotten person may still be. */
export function loadPostsHolding(db: Db, source: string, needles: readonly string[], except: ReadonlySet<number>): StoredCopy[] {
  const holding = prepared(
    db,
    `SELECT id AS postId, text, raw, url FROM posts WHERE source = ? AND (instr(lower(text), lower(?)) > 0 OR instr(lower(coalesce(raw, '')), lower(?)) > 0 OR instr(lower(coalesce(url, '')), lower(?)) > 0)`,
  );
  const found = new Map<number, StoredCopy>();
  for (const needle of needles) {
    for (const row of holding.all(source, needle, needle, needle) as StoredCopy[]) if (!except.has(row.postId)) found.set(row.postId, row);
  }
  // SQLite compares bytes: a needle spelt with an invisible character, full-width or look-alike letters
  // or an accent is found only in the text as core/matching-text.ts reads it.
  const read = needles.map((needle) => toMatchingText(needle).text.toLowerCase());
  for (const row of prepared(db, `SELECT id AS postId, text, raw, url FROM posts WHERE source = ?`).iterate(source) as IterableIterator<StoredCopy>) {
    if (except.has(row.postId) || found.has(row.postId)) continue;
    const written = `${row.text}\n${row.raw ?? ''}\n${row.url ?? ''}`;
    const matching = toMatchingText(written);
    if (matching.starts === null) continue;
    const lower = matching.text.toLowerCase();
    if (read.some((needle) => lower.includes(needle))) found.set(row.postId, row);
  }
  return [...found.values()];
}

/** Writes a scrubbed copy back; a changed text is a new revision, so it is screened again. */
export function saveScrubbedCopy(db: Db, copy: StoredCopy, now: string): void {
  prepared(
    db,
    `UPDATE posts SET revision = revision + (text IS NOT @text), text = @text, raw = @raw, url = @url, updated_at = @now WHERE id = @postId`,
  ).run({ ...copy, now });
}

/** Authors' raw profiles that hold a string (an X profile's description may name someone). */
export function scrubAuthorProfiles(db: Db, source: string, needles: readonly string[], scrub: (raw: string) => string): void {
  const holding = prepared(db, `SELECT id, raw FROM authors WHERE source = ? AND instr(lower(coalesce(raw, '')), lower(?)) > 0`);
  const update = prepared(db, `UPDATE authors SET raw = ? WHERE id = ?`);
  for (const needle of needles) {
    for (const row of holding.all(source, needle) as Array<{ id: number; raw: string }>) update.run(scrub(row.raw), row.id);
  }
}

/**
 * What trained models learned from these posts' labels, settled before the labels go with the posts.
 * Only the active model ever classifies, so an inactive one that may have learned any of them (trained
 * after the first was given) is never needed again: its weights are dropped, its row kept so stored
 * classifications can still name their model version. The active model keeps classifying until a
 * retrain; the labels it may hold (given before it was trained) are counted, for `forget` and `doctor`
 * to ask for one. Returns that count.
 */
export function settleLearnedLabels(db: Db, postIds: readonly number[], erasureId: number): number {
  const ids = JSON.stringify(postIds);
  const { first, learned } = prepared(
    db,
    `SELECT min(l.labelled_at) AS first,
            count(*) FILTER (WHERE l.labelled_at <= (SELECT trained_at FROM models WHERE active = 1)) AS learned
       FROM labels l JOIN json_each(?) j ON l.post_id = j.value`,
  ).get(ids) as { first: string | null; learned: number };
  if (first === null) return 0;
  prepared(db, `UPDATE models SET model = json_object('weightsErasedBy', ?) WHERE active = 0 AND trained_at >= ?`).run(`erasure #${erasureId}`, first);
  prepared(db, `UPDATE erasures SET model_labels = ? WHERE id = ?`).run(learned, erasureId);
  return learned;
}

/** Labels erased since the active model was trained, which it may still hold: 0 once it is retrained. */
export function countErasedLabelsInActiveModel(db: Db): number {
  const row = prepared(
    db,
    `SELECT coalesce(sum(e.model_labels), 0) AS labels FROM erasures e JOIN models m ON m.active = 1
      WHERE e.model_labels > 0 AND e.requested_at >= m.trained_at`,
  ).get() as { labels: number };
  return row.labels;
}

/**
 * Deletes the posts (classifications, labels and screenings go with them by foreign key), their export
 * links, and authors left with no posts, overwriting freed pages (secure_delete). Runs in one
 * transaction, or inside the caller's. The freed bytes stay in the WAL until wipeFreedPages.
 */
export function deletePostRows(db: Db, postIds: readonly number[], authorIds: readonly number[] = []): { posts: number; authors: number } {
  db.pragma('secure_delete = ON');
  return db.transaction(() => {
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
    // A kept candidate may have learned these posts' labels; it is only a cache of train's work.
    if (posts > 0) dropModelCandidates(db);
    return { posts, authors };
  }).immediate();
}

export interface WipeResult {
  /** True when the file was rebuilt and the WAL emptied. */
  readonly wiped: boolean;
  /** True when another connection held the database: worth retrying. */
  readonly busy: boolean;
  /** Why not: another connection holds the database, or SQLite's own error. */
  readonly problem: string | null;
}

/**
 * Rebuilds the file without freed pages (VACUUM) and empties the WAL into it (checkpoint TRUNCATE).
 * Another connection reading the database keeps the WAL busy: that is reported, not ignored.
 */
export function wipeFreedPages(db: Db, busyTimeoutMs: number): WipeResult {
  // Each attempt waits at most this long for a lock, so the caller's --wait is the real limit.
  const previous = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
  try {
    try {
      db.exec('VACUUM');
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? '');
      const busy = code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
      return { wiped: false, busy, problem: busy ? 'another process has the database open, so the file could not be rebuilt' : (error as Error).message };
    }
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    if (result && result.busy !== 0) return { wiped: false, busy: true, problem: 'another process has the database open, so its journal (the -wal file) could not be emptied' };
    return { wiped: true, busy: false, problem: null };
  } finally {
    db.pragma(`busy_timeout = ${previous}`);
  }
}

/** Deletes and wipes in one go (platform deletions noticed by a collection; see src/cli/erasure.ts for forget). */
export function erasePosts(db: Db, postIds: readonly number[], authorIds: readonly number[] = []): { posts: number; authors: number } {
  const result = deletePostRows(db, postIds, authorIds);
  wipeFreedPages(db, 10_000);
  return result;
}

/** After a file is rewritten: its new hash, and the posts it now holds. */
export function saveRewrittenExport(db: Db, id: number, contentHash: string | null, postIds: readonly number[] | null): void {
  db.transaction(() => {
    prepared(db, `UPDATE exports SET content_hash = ? WHERE id = ?`).run(contentHash, id);
    if (postIds === null) return;
    prepared(db, `DELETE FROM export_posts WHERE export_id = ?`).run(id);
    const insert = prepared(db, `INSERT OR IGNORE INTO export_posts (export_id, post_id) VALUES (?, ?)`);
    for (const postId of postIds) insert.run(id, postId);
    prepared(db, `UPDATE exports SET row_count = ? WHERE id = ?`).run(postIds.length, id);
  }).immediate();
}

/** Which of these strings still occur in the bytes of the database file, its WAL or its shared memory. */
export function findInDatabaseFiles(file: string, needles: readonly string[]): string[] {
  const buffers = ['', '-wal', '-shm'].map((suffix) => readIfThere(`${file}${suffix}`)).filter((b): b is Buffer => b !== undefined);
  return needles.filter((needle) => {
    const forms = [...new Set([needle, needle.toLowerCase()])].map((form) => Buffer.from(form, 'utf8'));
    return buffers.some((buffer) => forms.some((form) => buffer.includes(form)));
  });
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether any remaining post still holds a string (someone else wrote the same words). */
export function isHeldByRemainingPosts(db: Db, needle: string): boolean {
  return (
    prepared(db, `SELECT EXISTS (SELECT 1 FROM posts WHERE instr(lower(text), lower(?)) > 0 OR instr(lower(coalesce(raw, '')), lower(?)) > 0) AS held`).get(needle, needle) as {
      held: number;
    }
  ).held === 1;
}
