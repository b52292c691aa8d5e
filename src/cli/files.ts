import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';

/*
 * Output files are written beside the target and renamed at the end, so nobody ever opens half a
 * file and a failure (a full disk, a killed process) leaves no partial file behind. Owner-only,
 * because exports and reports hold children's words.
 */

export function writeTextAtomically(target: string, text: string): void {
  const temporary = temporaryFor(target);
  try {
    fs.writeFileSync(temporary, text, { mode: 0o600 });
    fs.renameSync(temporary, target);
  } catch (error) {
    failWriting(target, temporary, error);
  }
}

/** The same for streamed output: `write` fills the temporary file it is given. */
export async function writeStreamAtomically(target: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = temporaryFor(target);
  try {
    await write(temporary);
    fs.renameSync(temporary, target);
  } catch (error) {
    failWriting(target, temporary, error);
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
  if ((error as NodeJS.ErrnoException).code) {
    throw new UserError(`cannot write ${target}: ${(error as Error).message}`, 'Choose a writable place with --out, or free some disk space.');
  }
  throw error;
}
