import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

const cache = new WeakMap<Db, Map<string, Statement>>();

/** Prepares each SQL text once per connection. */
export function prepared(db: Db, sql: string): Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

/**
 * Runs `work` in a transaction of its own (IMMEDIATE: it takes the write lock before it reads, so a
 * read-then-write cannot fail half-way with "database is locked"), or directly inside the caller's: a
 * nested better-sqlite3 transaction is a SAVEPOINT, and `classify` saves a page of 20 posts at a time
 * inside one transaction per 2,000, where three savepoints a page cost more than a tenth of saving it.
 */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.inTransaction ? work() : db.transaction(work).immediate();
}
