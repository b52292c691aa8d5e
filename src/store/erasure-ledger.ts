/**
 * The erasure ledger: what `forget`, `purge`, platform deletions and X compliance erased, so that no
 * writer (collectors, imports) ever stores it again. Posts are kept by source id; people by a keyed
 * hash of their platform id (the same keyed hash as their pseudonym), never the id itself.
 */
import type { Post } from '../core/post';
import { pseudonymFor } from '../core/pseudonym';
import type { Db } from './database';
import { prepared } from './statements';

/**
 * A test for the posts about to be saved, or undefined when the ledger is empty (the usual case, which
 * then costs one query per save, not one per post).
 */
export function loadErasureLedger(db: Db): ((post: Post) => boolean) | undefined {
  const { posts, people } = prepared(
    db,
    `SELECT EXISTS (SELECT 1 FROM erased_posts) AS posts, EXISTS (SELECT 1 FROM erased_authors WHERE block_future = 1) AS people`,
  ).get() as { posts: number; people: number };
  if (!posts && !people) return undefined;
  const erasedPost = prepared(db, `SELECT 1 FROM erased_posts WHERE source = ? AND source_id = ?`);
  const blockedAuthor = prepared(db, `SELECT 1 FROM erased_authors WHERE source = ? AND author_hash = ? AND block_future = 1`);
  const key = people ? loadKey(db) : '';
  const hashes = new Map<string, boolean>();
  const isBlocked = (source: string, authorId: string): boolean => {
    const cacheKey = `${source}\u0000${authorId}`;
    let blocked = hashes.get(cacheKey);
    if (blocked === undefined) {
      blocked = blockedAuthor.get(source, pseudonymFor(key, source, authorId)) !== undefined;
      hashes.set(cacheKey, blocked);
    }
    return blocked;
  };
  return (post) => {
    if (posts && erasedPost.get(post.source, post.sourceId) !== undefined) return true;
    return Boolean(people && post.author && isBlocked(post.source, post.author.sourceAuthorId));
  };
}

function loadKey(db: Db): string {
  const row = prepared(db, `SELECT value FROM meta WHERE key = 'pseudonym_key'`).get() as { value: string } | undefined;
  if (!row) throw new Error('the database has no pseudonym key (migration 1 creates it)');
  return row.value;
}

export interface LedgerEntry {
  readonly reason: string;
  readonly requestedAt: string;
  readonly requestedBy: string | null;
  readonly posts: ReadonlyArray<{ readonly source: string; readonly sourceId: string }>;
  readonly authors: ReadonlyArray<{ readonly source: string; readonly sourceAuthorId: string }>;
  readonly blockFuture: boolean;
  /** The files to recall, stored before anything is deleted. */
  readonly recall: unknown;
}

/** Records an erasure about to happen, with its recall list and ledger rows, in one transaction. Returns its id. */
export function savePlannedErasure(db: Db, entry: LedgerEntry): number {
  return db.transaction(() => {
    const { id } = prepared(
      db,
      `INSERT INTO erasures (reason, requested_at, requested_by, status, posts, authors, recall) VALUES (?, ?, ?, 'planned', ?, ?, ?) RETURNING id`,
    ).get(entry.reason, entry.requestedAt, entry.requestedBy, entry.posts.length, entry.authors.length, JSON.stringify(entry.recall)) as { id: number };
    const post = prepared(db, `INSERT OR IGNORE INTO erased_posts (source, source_id, erasure_id) VALUES (?, ?, ?)`);
    for (const p of entry.posts) post.run(p.source, p.sourceId, id);
    if (entry.authors.length > 0) {
      const key = loadKey(db);
      const author = prepared(
        db,
        `INSERT INTO erased_authors (source, author_hash, erasure_id, block_future) VALUES (?, ?, ?, ?)
         ON CONFLICT (source, author_hash) DO UPDATE SET block_future = max(block_future, excluded.block_future)`,
      );
      for (const a of entry.authors) author.run(a.source, pseudonymFor(key, a.source, a.sourceAuthorId), id, entry.blockFuture ? 1 : 0);
    }
    return id;
  })();
}

export type ErasureStatus = 'planned' | 'erased' | 'wiped';

export function saveErasureStatus(db: Db, id: number, status: ErasureStatus, problem: string | null, at: string): void {
  prepared(db, `UPDATE erasures SET status = ?, problem = ?, finished_at = CASE WHEN ? = 'wiped' THEN ? ELSE finished_at END WHERE id = ?`).run(status, problem, status, at, id);
}

export interface ErasureRecord {
  readonly id: number;
  readonly reason: string;
  readonly requestedAt: string;
  readonly requestedBy: string | null;
  readonly status: ErasureStatus;
  readonly posts: number;
  readonly authors: number;
  readonly recall: unknown;
  readonly problem: string | null;
  readonly finishedAt: string | null;
}

const ERASURE_COLUMNS = `id, reason, requested_at AS requestedAt, requested_by AS requestedBy, status, posts, authors, recall, problem, finished_at AS finishedAt`;

function toRecord(row: Omit<ErasureRecord, 'recall'> & { recall: string }): ErasureRecord {
  return { ...row, recall: JSON.parse(row.recall) as unknown };
}

export function loadErasure(db: Db, id: number): ErasureRecord | undefined {
  const row = prepared(db, `SELECT ${ERASURE_COLUMNS} FROM erasures WHERE id = ?`).get(id) as (Omit<ErasureRecord, 'recall'> & { recall: string }) | undefined;
  return row ? toRecord(row) : undefined;
}

/** Erasures whose freed bytes may still be in the file (status planned or erased). */
export function loadUnfinishedErasures(db: Db): ErasureRecord[] {
  return (prepared(db, `SELECT ${ERASURE_COLUMNS} FROM erasures WHERE status <> 'wiped' ORDER BY id`).all() as Array<Omit<ErasureRecord, 'recall'> & { recall: string }>).map(toRecord);
}

export function loadErasures(db: Db, limit: number): ErasureRecord[] {
  return (prepared(db, `SELECT ${ERASURE_COLUMNS} FROM erasures ORDER BY id DESC LIMIT ?`).all(limit) as Array<Omit<ErasureRecord, 'recall'> & { recall: string }>).map(toRecord);
}
