/**
 * What X batch compliance needs from the database: the stored X post ids, the posts its results name,
 * raw JSON to drop geo from, and where the job is up to (a row in `cursors`).
 */
import type { Db } from './database';
import { loadCursor, saveCursor } from './cursors';
import { prepared } from './statements';

const X = 'x';
const JOB_CURSOR = 'compliance_job';

/** Every stored X post id (the original id of an edited post), oldest row first. */
export function loadXPostIds(db: Db): string[] {
  return (prepared(db, `SELECT source_id AS id FROM posts WHERE source = '${X}' ORDER BY id`).all() as Array<{ id: string }>).map((row) => row.id);
}

/** The same fields as erasure.ts's ErasureTarget, so the rows can be handed to the erasure. */
export interface StoredXPost {
  postId: number;
  source: string;
  sourceId: string;
  createdAt: string | null;
  text: string;
}

export function loadXPostsByIds(db: Db, sourceIds: readonly string[]): StoredXPost[] {
  const find = prepared(db, `SELECT id AS postId, source, source_id AS sourceId, created_at AS createdAt, text FROM posts WHERE source = '${X}' AND source_id = ?`);
  const found: StoredXPost[] = [];
  for (const id of sourceIds) {
    const row = find.get(id) as StoredXPost | undefined;
    if (row) found.push(row);
  }
  return found;
}

export interface RawRow {
  readonly postId: number;
  readonly raw: string;
}

/** X posts whose raw JSON mentions any of these ids: the post itself, or a post that carries a copy of it. */
export function loadXRawsMentioning(db: Db, ids: readonly string[]): RawRow[] {
  const holding = prepared(db, `SELECT id AS postId, raw FROM posts WHERE source = '${X}' AND raw IS NOT NULL AND instr(raw, ?) > 0`);
  const found = new Map<number, RawRow>();
  for (const id of ids) for (const row of holding.all(id) as RawRow[]) found.set(row.postId, row);
  return [...found.values()];
}

/**
 * Replaces raw JSON (geo dropped) in one transaction, overwriting the old bytes in place
 * (secure_delete); the caller then wipes the WAL (erasure.ts's wipeFreedPages). Text is unchanged,
 * so the revision and its screening stand.
 */
export function saveScrubbedRaws(db: Db, rows: readonly RawRow[], now: string): number {
  if (rows.length === 0) return 0;
  db.pragma('secure_delete = ON');
  const update = prepared(db, `UPDATE posts SET raw = ?, updated_at = ? WHERE id = ?`);
  return db.transaction(() => rows.reduce((n, row) => n + update.run(row.raw, now, row.postId).changes, 0)).immediate();
}

export function loadComplianceJobState(db: Db): unknown {
  return loadCursor(db, X, JOB_CURSOR);
}

export function saveComplianceJobState(db: Db, state: unknown, now: string): void {
  saveCursor(db, X, state, now, JOB_CURSOR);
}
