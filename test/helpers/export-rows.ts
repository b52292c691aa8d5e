/**
 * Finding a post's row in an export. The gate writes a stand-in (withheld-…) for the id of a post
 * whose text is withheld, since its id leads to the text on the platform; a test that knows the
 * database's key can still tell which row is which. An analyst cannot.
 */
import { withheldIdFor } from '../../src/core/pseudonym';
import { queryDb } from './db';

type Row = Record<string, string | undefined>;

export function pseudonymKeyOf(dbFile: string): string {
  const [row] = queryDb<{ value: string }>(dbFile, `SELECT value FROM meta WHERE key = 'pseudonym_key'`);
  if (!row) throw new Error(`${dbFile} has no pseudonym key`);
  return row.value;
}

/** The id an export shows for a withheld post of this database. */
export function withheldIdOf(dbFile: string, source: string, sourceId: string): string {
  return withheldIdFor(pseudonymKeyOf(dbFile), source, sourceId);
}

/** The row of `source:sourceId`, under its own id or its stand-in. */
export function findExportRow<R extends Row>(rows: readonly R[], dbFile: string, source: string, sourceId: string): R | undefined {
  const key = pseudonymKeyOf(dbFile);
  const ids = new Set([sourceId, withheldIdFor(key, source, sourceId)]);
  return rows.find((row) => row.source === source && ids.has(row.source_id ?? ''));
}
