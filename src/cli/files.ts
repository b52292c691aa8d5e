import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';

/*
 * Output files are written beside the target and renamed at the end, so nobody ever opens half a
 * file and a failure (a full disk, a killed process, Ctrl-C) leaves no partial file behind. Owner-only,
 * because exports and reports hold children's words. Before anything is written, the target is
 * checked: an output must never replace an input (the database) or a special file. A target that is
 * a symlink is written where it points: the link stays a link.
 */

/** `database` is the SQLite file the command reads: the target may not be it or one of its companions. */
export function writeTextAtomically(target: string, text: string, database: string): void {
  refuseUnsafeOutput(target, database);
  const destination = toDestination(target);
  const temporary = temporaryFor(destination);
  try {
    fs.writeFileSync(temporary, text, { mode: 0o600 });
    fs.renameSync(temporary, destination);
  } catch (error) {
    failWriting(target, temporary, error);
  }
}

/** The same for streamed output: `write` fills the temporary file it is given. */
export async function writeStreamAtomically(target: string, database: string, write: (temporary: string) => Promise<void>): Promise<void> {
  refuseUnsafeOutput(target, database);
  const destination = toDestination(target);
  const temporary = temporaryFor(destination);
  unfinished.add(temporary);
  removeUnfinishedOnSignals(true);
  try {
    await write(temporary);
    fs.renameSync(temporary, destination);
  } catch (error) {
    failWriting(target, temporary, error);
  } finally {
    unfinished.delete(temporary);
    removeUnfinishedOnSignals(unfinished.size > 0);
  }
}

/** The file a target names: itself, or what it points to when it is a symlink (refuseUnsafeOutput has checked that). */
function toDestination(target: string): string {
  const resolved = path.resolve(target);
  return lstatOrUndefined(resolved)?.isSymbolicLink() ? canonical(resolved) : resolved;
}

/**
 * Temporary files being written while the event loop runs (a streamed export), removed when the
 * process is stopped (Ctrl-C, SIGTERM) as a failure removes them: left behind, they hold exported
 * posts that no export record lists, so `forget` could never recall them.
 */
const unfinished = new Set<string>();
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function removeUnfinishedOnSignals(on: boolean): void {
  for (const signal of STOP_SIGNALS) {
    process.off(signal, removeUnfinished);
    if (on) process.on(signal, removeUnfinished);
  }
}

function removeUnfinished(signal: NodeJS.Signals): void {
  for (const file of unfinished) fs.rmSync(file, { force: true });
  unfinished.clear();
  removeUnfinishedOnSignals(false);
  // Stopped as it would have been without us (exit 130 or 143), unless a command listens for the signal itself.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
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
 * device, or a symlink to one), which the final rename would replace; `-`, which is no standard output
 * here; and a link under /dev or /proc (`/dev/stdout`). A new path, an existing regular file or a
 * symlink to one is fine.
 */
export function refuseUnsafeOutput(target: string, database: string): void {
  if (path.basename(target) === '-') throw new UserError(`refusing to write ${target}: it is a file named "-", not standard output`, 'Leave out --out to write to standard output, or give a file name.');
  const resolved = path.resolve(target);
  const link = lstatOrUndefined(resolved)?.isSymbolicLink() ? 'a symlink to ' : '';
  const info = statOrUndefined(resolved);
  const hint = 'Choose another file with --out: a new one, or an existing regular file that is not the database.';
  // /dev/stdout and /proc/self/fd/1 are links to whatever the shell opened: renaming over them replaces the link, and the shell's file stays empty.
  if (link && [resolved, linkTarget(resolved)].some((file) => /^\/(?:dev|proc)\//.test(file))) {
    throw new UserError(`refusing to write ${target}: it is a symlink to an open file (${canonical(resolved)}), which writing beside and renaming cannot reach`, 'Leave out --out to write to standard output.');
  }
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

/** Where a symlink points, as an absolute path ('' when it cannot be read). */
function linkTarget(link: string): string {
  try {
    return path.resolve(path.dirname(link), fs.readlinkSync(link));
  } catch {
    return '';
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
