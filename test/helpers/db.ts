/** Read-only looks into a test database, to assert on rows rather than on output alone. */
import Database from 'better-sqlite3';

export function queryDb<T = Record<string, unknown>>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A byte-for-byte fingerprint of everything in the database, to prove a failed command changed nothing. */
export function dumpDb(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>;
    return tables
      .map(({ name }) => `${name}:${JSON.stringify(db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all())}`)
      .join('\n');
  } finally {
    db.close();
  }
}
