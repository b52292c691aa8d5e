/**
 * The reading commands on a database an older onevision wrote: each brings the file up to this
 * onevision's schema first, as the writing commands and `safeguarding` do, rather than failing on a
 * column a newer migration added ("no such column: s.level"). An empty file is a new, empty database.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/database';
import { SCHEMA_VERSION } from '../../src/store/migrations';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const AT = '2017-05-01T10:00:00.000Z';

/** A file as a release with schema `version` left it: one survey answer, classified and screened clear. */
function writeOlder(file: string, version: number): void {
  const db = new Database(file);
  migrate(db, version);
  const { id } = db
    .prepare(`INSERT INTO posts (source, source_id, text, created_at, first_seen_at, updated_at) VALUES ('survey', 'old-1', 'More buses to Truro after college please', ?, ?, ?) RETURNING id`)
    .get(AT, AT, AT) as { id: number };
  db.prepare(
    `INSERT INTO classifications (post_id, post_revision, outcomes, scores, safeguarding, safeguarding_score, codebook_version, model_version, classified_at)
     VALUES (?, 1, '5', '{"5":0.8}', 0, 0.01, '2017.1.1', '2017.1.1+old', ?)`,
  ).run(id, AT);
  db.prepare(`INSERT INTO screenings (post_id, state, revision, score, updated_at) VALUES (?, 'machine-clear', 1, 0.01, ?)`).run(id, AT);
  db.close();
}

const READING = [['status'], ['status', '--json'], ['summary'], ['summary', '--json'], ['explain', 'survey:old-1'], ['runs'], ['audit'], ['audit', '--json']];

describe('reading commands on a database an older onevision wrote', () => {
  it.each([9, 13])('schema %i: every reading command works, and the file is brought up to date', async (version) => {
    const file = tmp.file(`v${version}.db`);
    writeOlder(file, version);
    for (const args of READING) {
      const result = await runCli(['--db', file, ...args], { cwd: tmp.dir });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stderr).not.toMatch(/internal error|no such (column|table)/);
    }
    expect(queryDb<{ user_version: number }>(file, 'PRAGMA user_version')[0]?.user_version).toBe(SCHEMA_VERSION);
  });

  it('an empty file is read as an empty database', async () => {
    const file = tmp.file('empty.db');
    fs.writeFileSync(file, '');
    for (const args of [['summary'], ['summary', '--json'], ['audit'], ['status']]) {
      const result = await runCli(['--db', file, ...args], { cwd: tmp.dir });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const explain = await runCli(['--db', file, 'explain', 'x:1'], { cwd: tmp.dir });
    expect(explain.code).toBe(2);
    expect(explain.stderr).not.toMatch(/internal error|no such table/);
  });
});
