import { openDatabase, schemaVersion, type Db } from '../store/database';
import { SCHEMA_VERSION } from '../store/migrations';

/**
 * Opens an existing database to read it. A file an older onevision wrote is first brought up to this
 * one's schema, as any writing command would do: a read-only open does not migrate, and the query
 * would fail on what a newer migration added (e.g. migration 10's safeguarding levels).
 */
export function openForReading(file: string): Db {
  const db = openDatabase(file, { readonly: true });
  if (schemaVersion(db) >= SCHEMA_VERSION) return db;
  db.close();
  openDatabase(file).close();
  return openDatabase(file, { readonly: true });
}
