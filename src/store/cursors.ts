import type { Db } from './database';
import { prepared } from './statements';

export function loadCursor(db: Db, source: string, name = 'main'): unknown {
  const row = prepared(db, `SELECT value FROM cursors WHERE source = ? AND name = ?`).get(source, name) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as unknown) : null;
}

/** Call inside the transaction that saves the posts the cursor describes. */
export function saveCursor(db: Db, source: string, value: unknown, now: string, name = 'main'): void {
  prepared(
    db,
    `INSERT INTO cursors (source, name, value, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (source, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(source, name, JSON.stringify(value), now);
}
