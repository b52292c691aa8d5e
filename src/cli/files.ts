import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';

/*
 * Output files are written beside the target and renamed at the end, so nobody ever opens half a
 * file and a failure (a full disk, a killed process) leaves no partial file behind. Owner-only,
 * because exports and reports hold children's words. Before anything is written, the target is
 * checked: an output must never replace an input (the database) or a special file.
 */

/** `database` is the SQLite file the command reads: the target may not be it or one of its companions. */
export function writeTextAtomically(target: string, text: string, database: string): void {
  refuseUnsafeOutput(target, database);
  const temporary = temporaryFor(target);
  try {
    fs.writeFileSync(temporary, text, { mode: 0o600 });
    fs.renameSync(temporary, target);
  } catch (error) {
    failWriting(target, temporary, error);
  }
}

/** The same for streamed output: `write` fills the temporary file it is given. */
export async function writeStreamAtomically(target: string, database: string, write: (temporary: string) => Promise<void>): Promise<void> {
  refuseUnsafeOutput(target, database);
  const temporary = temporaryFor(target);
  try {
    await write(temporary);
    fs.renameSync(temporary, target);
  } catch (error) {
    failWriting(target, temporary, error);
  }
}

/** The files SQLite keeps for a database, by suffix: replacing any of them loses or corrupts data. */
const DATABASE_FILES: ReadonlyArray<readonly [suffix: string, name: string]> = [
  ['', 'the database'],
  ['-wal', "the database's write-ahead log"],
  ['-shm', "the database's shared-memory index"],
  ['-journal', "the database's rollback journal"],
];

/**
 * Refuses (exit 2) a target that is the database or one of its files, however spelled (symlinks,
 * `..`, hard links), a folder, or anything that exists and is not a regular file (a FIFO, socket or
 * device, or a symlink to one), which the final rename would replace. A new path or an existing
 * regular file is fine.
 */
export function refuseUnsafeOutput(target: string, database: string): void {
  const resolved = path.resolve(target);
  const link = lstatOrUndefined(resolved)?.isSymbolicLink() ? 'a symlink to ' : '';
  const info = statOrUndefined(resolved);
  const hint = 'Choose another file with --out: a new one, or an existing regular file that is not the database.';
  if (info?.isDirectory()) throw new UserError(`refusing to write ${target}: it is ${link}a folder, not a file`, `Give a file name inside it, e.g. --out ${path.join(target, 'onevision.csv')}.`);
  if (info && !info.isFile()) throw new UserError(`refusing to write ${target}: it is ${link}${describeSpecial(info)}, not a regular file`, hint);
  const clash = findDatabaseFile(resolved, info, database);
  if (clash) throw new UserError(`refusing to write ${target}: it is ${link}${clash.name} (${clash.file}); replacing it would lose the posts`, hint);
}

function findDatabaseFile(target: string, info: fs.Stats | undefined, database: string): { name: string; file: string } | undefined {
  const canonicalTarget = canonical(target);
  // SQLite may name the -wal and -shm files after the path it was given or after the resolved one.
  const bases = [...new Set([canonical(database), path.join(canonical(path.dirname(path.resolve(database))), path.basename(database))])];
  for (const base of bases) {
    for (const [suffix, name] of DATABASE_FILES) {
      const file = `${base}${suffix}`;
      if (file === canonicalTarget) return { name, file };
      const other = info && statOrUndefined(file);
      if (other && other.dev === info.dev && other.ino === info.ino) return { name, file };
    }
  }
  return undefined;
}

/** The real path of a file that may not exist yet: its nearest existing ancestor resolved, the rest appended. */
function canonical(file: string): string {
  const resolved = path.resolve(file);
  try {
    return fs.realpathSync(resolved);
  } catch {
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(canonical(parent), path.basename(resolved));
  }
}

function describeSpecial(info: fs.Stats): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'a special file';
}

/** Undefined when there is nothing there to harm (or it cannot be seen: then writing fails with its own message). */
function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR, ELOOP, EACCES: the write below reports it
  }
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // as above
  }
}

function temporaryFor(target: string): string {
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
  } catch (error) {
    failWriting(target, undefined, error);
  }
  return `${target}.${process.pid}.partial`;
}

function failWriting(target: string, temporary: string | undefined, error: unknown): never {
  if (temporary) fs.rmSync(temporary, { force: true });
  // File-system errors (ENOSPC, EACCES, EFBIG…) are the user's to fix; anything else (a database error) is reported as itself.
  if (/^E[A-Z]+$/.test(String((error as NodeJS.ErrnoException).code))) {
    throw new UserError(`cannot write ${target}: ${(error as Error).message}`, 'Choose a writable place with --out, or free some disk space.');
  }
  throw error;
}
