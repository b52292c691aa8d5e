/**
 * Opening the SQLite file. The store folder is the only code that imports better-sqlite3 or holds SQL;
 * everything else gets a `Db` handle and calls the functions beside this file.
 *
 * Every transaction that writes is begun IMMEDIATE (`db.transaction(fn).immediate()`). Begun DEFERRED,
 * one that reads before it writes fails at once with "database is locked" if another process commits
 * in between (WAL mode runs no busy handler for that); IMMEDIATE takes the write lock first, waiting up
 * to busy_timeout like any write (test/faults/busy-writes.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { UserError } from '../errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Open without creating or migrating (for commands that only read). */
  readonly readonly?: boolean;
  /** Apply migrations only up to this version (tests of upgrades). */
  readonly upToVersion?: number;
  /**
   * For commands that save many rows (import, collect, classify): statement journals in
   * memory, not in temp files under /var/tmp. Each post saved journalled about five pages there, a
   * million writes for 100k posts and a quarter of an import's time, and they are page images of
   * children's words. Not for every connection: in memory, an export's sort would hold all its rows,
   * past the export's 150 MB (BENCHMARKS.md).
   */
  readonly bulk?: boolean;
  /**
   * Refuse a file that does not exist rather than create it: for commands that work on what was
   * collected (classify, label, review, train, export, report). A mistyped --db would otherwise make an
   * empty database and report success on it ("wrote 0 posts").
   */
  readonly mustExist?: boolean;
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if ((options.readonly || options.mustExist) && !fs.existsSync(file)) {
    throw new UserError(`no database at ${file}`, 'Run `onevision import FILE` or `onevision collect` first, or point --db / ONEVISION_DB at an existing database.');
  }
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UserError(`${file} is a folder, not a database file`, `Give a file name inside it, e.g. --db ${path.join(file, 'onevision.db')}.`);
  }
  if (!options.readonly) createOwnerOnly(file);
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new UserError(`cannot open database ${file}: ${(error as Error).message}`, 'Check the path and its permissions (--db or ONEVISION_DB).');
  }
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  if (options.bulk) db.pragma('temp_store = MEMORY');
  if (!options.readonly) {
    useWriteAheadLog(db);
    db.pragma('synchronous = NORMAL');
    migrate(db, options.upToVersion ?? SCHEMA_VERSION);
  } else {
    checkVersion(db, file);
  }
  return db;
}

/** How long a statement waits for another connection's write before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;
const WAL_RETRY_PAUSE_MS = 25;

/**
 * Puts the file in WAL mode (readers never block the one writer). The switch needs the file to
 * itself and SQLite does not run the busy handler for it: two commands opening a new file together
 * (the nightly collect and an officer's, each with --wait) would fail at once with "database is
 * locked". So the mode is read first (a file already in WAL, the usual case, takes no lock) and the
 * switch is retried for as long as busy_timeout would wait, until this or the other process has made it.
 */
function useWriteAheadLog(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      if (journalMode(db) === 'wal' || db.pragma('journal_mode = WAL', { simple: true }) === 'wal') return;
    } catch (error) {
      if (!isDatabaseBusy(error) || Date.now() >= deadline) throw error;
    }
    if (Date.now() >= deadline) throw new UserError('the database could not be put in WAL mode', 'Check that the file is on a local disk (WAL needs shared memory), then run `onevision doctor`.');
    pauseSync(WAL_RETRY_PAUSE_MS);
  }
}

/** The journal mode the file is in; reading the schema version first makes SQLite read the file's header. */
function journalMode(db: Db): string {
  schemaVersion(db);
  return String(db.pragma('journal_mode', { simple: true })).toLowerCase();
}

/** Opening is synchronous throughout (every command opens before anything else), so the pause is too. */
function pauseSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The database holds children's data: the file is created readable by its owner only. */
function createOwnerOnly(file: string): void {
  if (fs.existsSync(file)) return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    fs.chmodSync(file, 0o600);
  } catch (error) {
    throw new UserError(`cannot create database ${file}: ${(error as Error).message}`, 'Choose a writable location with --db or ONEVISION_DB.');
  }
}

/** Deletes a closed database with its WAL and shared-memory files; a missing file is not an error. */
export function deleteDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** How long `replaceDatabase` waits for another connection's write to finish: as long as busy_timeout. */
const REPLACE_PAUSE_MS = 100;
const REPLACE_TRIES = BUSY_TIMEOUT_MS / REPLACE_PAUSE_MS;

/**
 * Puts the finished, closed database `built` at `target`; the caller removes `built` afterwards. An
 * existing target is overwritten in place, page by page in one transaction, through SQLite's online
 * backup instead of being deleted: a process that has it open (the desk serving the demo database)
 * keeps a live file, with its WAL, and sees all of the new content at its next query, where a delete
 * would leave it reading an unlinked file. A missing target, or one that is not a readable database
 * (so cannot be written page by page), is replaced whole by renaming `built`.
 */
export async function replaceDatabase(built: string, target: string): Promise<void> {
  if (fs.existsSync(target) && (await copyOver(built, target))) return;
  fs.renameSync(built, target);
}

/** True once `target` holds `built`'s pages; false if `target` is not a database it can write into. */
async function copyOver(built: string, target: string): Promise<boolean> {
  const source = new Database(built, { fileMustExist: true });
  try {
    for (let attempt = 1; attempt <= REPLACE_TRIES; attempt += 1) {
      // better-sqlite3 reports a target locked by another writer as a finished backup of 0 pages
      // (the copy never started): wait and try again, as busy_timeout would.
      if ((await source.backup(target)).totalPages > 0) return true;
      await sleep(REPLACE_PAUSE_MS);
    }
  } catch (error) {
    if (isNotADatabase(error)) return false;
    throw error;
  } finally {
    source.close();
  }
  throw new UserError(`the database ${target} stayed locked by another process`, 'Try again when the other onevision command has finished.');
}

function isNotADatabase(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkVersion(db: Db, file: string): void {
  const version = schemaVersion(db);
  if (version > SCHEMA_VERSION) {
    throw new UserError(`database ${file} has schema version ${version}, newer than this onevision understands (${SCHEMA_VERSION})`, 'Upgrade onevision (git pull && npm install).');
  }
}

/** Applies every migration above the database's version, each in its own transaction. */
export function migrate(db: Db, target: number = SCHEMA_VERSION): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new UserError(`database has schema version ${current}, newer than this onevision understands (${SCHEMA_VERSION})`, 'Upgrade onevision (git pull && npm install).');
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      // Two commands started together on a new file both see version 0; the second to get the write
      // lock must not apply again what the first just applied.
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

export function checkIntegrity(db: Db): string[] {
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    return foreignKeys.length > 0 ? [...problems, `${foreignKeys.length} rows break a foreign key`] : problems;
  } catch (error) {
    const storage = toStorageError(error);
    if (storage) return [storage.message];
    throw error;
  }
}

/** True for SQLITE_BUSY (and its extended codes): another connection held the database past the busy timeout. */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * SQLite failures that are the environment's, not a bug: a damaged file, a full disk, a read-only
 * file or folder, a lock held too long. Turned into errors that say what to do.
 */
export function toStorageError(error: unknown): UserError | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  const message = (error as Error).message;
  if (code === 'SQLITE_NOTADB') {
    return new UserError(
      `the file given as the database is not a SQLite database: ${message}`,
      'Check --db or ONEVISION_DB: it should name the onevision database (data/onevision.db unless set). If it is that file, it is damaged: restore the last backup.',
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new UserError(`the database file is damaged: ${message}`, 'Run `onevision doctor`; restore the last backup, or recover with `sqlite3 FILE ".recover"` into a new file.');
  }
  if (code.startsWith('SQLITE_FULL')) return new UserError(`the disk is full: ${message}`, 'Free some space and run the command again: the write that failed was rolled back, so nothing is half-done (a collection carries on from its last saved page).');
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return new UserError(`cannot write the database: ${message}`, 'Check the permissions of the database file and its folder (onevision doctor).');
  }
  if (code.startsWith('SQLITE_BUSY')) return new UserError(`the database stayed locked by another process: ${message}`, 'Try again when the other onevision command has finished.');
  if (code.startsWith('SQLITE_IOERR')) return new UserError(`the disk failed while writing the database: ${message}`, 'Check the disk (space, errors) and run `onevision doctor`.');
  return undefined;
}
