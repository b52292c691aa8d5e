/**
 * `import` and `collect` make a database when none is at --db. They say so on stderr: a mistyped --db,
 * or cron starting in another folder than the one a relative ONEVISION_DB names, would otherwise
 * start a second database without a word, and the nightly collection would fill it while officers
 * read the first.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Whether a writing command about to open `dbPath` will create it. */
export function willCreateDatabase(dbPath: string): boolean {
  return !fs.existsSync(dbPath);
}

export function createdDatabaseNote(dbPath: string): string {
  return `note: there was no database at ${path.resolve(dbPath)}, so this run created it. If your posts are in another one, check --db or ONEVISION_DB (give cron a full path).`;
}
