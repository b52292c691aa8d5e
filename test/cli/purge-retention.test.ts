/**
 * Retention (`purge --older-than`): a post's age is its creation time, or when it has none (a survey
 * answer without a date), the time onevision first saw it. One mode per call.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { dumpDb, queryDb } from '../helpers/db';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });

const DAY_MS = 86_400_000;
const isoDaysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

beforeEach(async () => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
  // Two answers with a date, two without (a paper form typed in, a stand at an event).
  const dated = ['id,text,created_at', `old-dated,the youth club shut,${isoDaysAgo(800).slice(0, 10)}`, `new-dated,more buses please,${isoDaysAgo(10).slice(0, 10)}`].join('\n');
  const undated = ['id,text', 'old-undated,somewhere safe to go at night', 'new-undated,CAMHS waiting list is too long'].join('\n');
  fs.writeFileSync(tmp.file('dated.csv'), `${dated}\n`);
  fs.writeFileSync(tmp.file('undated.csv'), `${undated}\n`);
  for (const file of ['dated.csv', 'undated.csv']) {
    const result = await cli('import', tmp.file(file), '--no-classify');
    expect(result.code, result.stderr).toBe(0);
  }
  // The undated answer "old-undated" was collected long ago: the only record of its age is first_seen_at.
  const conn = new Database(db);
  conn.prepare(`UPDATE posts SET first_seen_at = ? WHERE source_id = 'old-undated'`).run(isoDaysAgo(800));
  conn.close();
});
afterEach(() => tmp.cleanup());

const ids = () => queryDb<{ source_id: string }>(db, 'SELECT source_id FROM posts ORDER BY source_id').map((r) => r.source_id);

describe('purge --older-than', () => {
  it('erases posts created before the cut-off, and undated posts first collected before it', async () => {
    expect(queryDb(db, `SELECT source_id, created_at FROM posts WHERE created_at IS NULL ORDER BY source_id`)).toEqual([
      { source_id: 'new-undated', created_at: null },
      { source_id: 'old-undated', created_at: null },
    ]);
    const result = await cli('purge', '--older-than', '365d', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ posts: 2 });
    expect(ids()).toEqual(['new-dated', 'new-undated']);
  });

  it('--dry-run names the same posts and changes nothing', async () => {
    const before = dumpDb(db);
    const result = await cli('purge', '--older-than', '365d', '--dry-run', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ dryRun: true, posts: 2 });
    expect(dumpDb(db)).toBe(before);
  });

  it('counts years as calendar years: 2y cuts at this date and time two years ago', async () => {
    const twoYearsBefore = (ms: number) => {
      const date = new Date(ms);
      date.setUTCFullYear(date.getUTCFullYear() - 2);
      return date.getTime();
    };
    const before = Date.now();
    const result = await cli('purge', '--older-than', '2y', '--dry-run', '--json');
    const after = Date.now();
    expect(result.code, result.stderr).toBe(0);
    const cutoff = Date.parse((JSON.parse(result.stdout) as { cutoff: string }).cutoff);
    expect(cutoff).toBeGreaterThanOrEqual(twoYearsBefore(before));
    expect(cutoff).toBeLessThanOrEqual(twoYearsBefore(after));
  });
});

describe('purge: one mode per call', () => {
  it('refuses --older-than together with --deleted, with exit 2, changing nothing', async () => {
    const conn = new Database(db);
    conn.prepare(`UPDATE posts SET deleted_at = ? WHERE source_id = 'new-dated'`).run(isoDaysAgo(1));
    conn.close();
    const before = dumpDb(db);
    const result = await cli('purge', '--older-than', '365d', '--deleted');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('one mode per call');
    expect(dumpDb(db)).toBe(before);
  });

  it('refuses a call with neither mode, with exit 2', async () => {
    const result = await cli('purge');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--older-than DURATION or --deleted/);
  });
});
