/**
 * Standard output that cannot be written (`> /dev/full`, a full disk, a failing filesystem) is the
 * user's environment, not a bug: one line naming the error and a hint on stderr, exit 2, no stack
 * trace, and no record of an export that never arrived. A reader that closes the pipe early is
 * another matter (test/cli/epipe.test.ts): that stays quiet, exit 0.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cleanEnv, makeTempDir, runCli } from '../helpers/cli';
import { dumpDb, queryDb } from '../helpers/db';

const BIN = path.join(ROOT, 'bin', 'onevision');
const FULL = '/dev/full';
const MESSAGE = 'onevision: cannot write to standard output: no space left on device (ENOSPC)';
let tmp: ReturnType<typeof makeTempDir>;
let db: string;

beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
  const rows = Array.from({ length: 300 }, (_, i) => `r-${i},"More buses for young people in Truro please, post ${i}",2017-05-0${(i % 9) + 1}`);
  fs.writeFileSync(tmp.file('posts.csv'), ['id,text,created_at', ...rows].join('\n'));
  expect((await runCli(['--db', db, 'import', tmp.file('posts.csv')], { timeoutMs: 120_000 })).code).toBe(0);
}, 180_000);
afterAll(() => tmp?.cleanup());

/** Runs `onevision --db DB ARGS > /dev/full` and returns its exit status and stderr. */
function intoFullDevice(args: readonly string[]): { code: number | null; stderr: string } {
  const stdout = fs.openSync(FULL, 'w');
  try {
    const run = spawnSync(process.execPath, [BIN, '--db', db, ...args], { cwd: tmp.dir, env: cleanEnv(), stdio: ['ignore', stdout, 'pipe'], encoding: 'utf8', timeout: 120_000 });
    return { code: run.status, stderr: run.stderr };
  } finally {
    fs.closeSync(stdout);
  }
}

describe.skipIf(!fs.existsSync(FULL))('standard output that cannot be written (onevision … > /dev/full)', () => {
  it.each([
    { args: ['export'], hint: '  Choose a writable place with --out, or free some disk space.' },
    { args: ['export', '--pivot', 'week'], hint: '  Choose a writable place with --out, or free some disk space.' },
    { args: ['summary', '--json'], hint: '  Redirect standard output to a writable place, or free some disk space.' },
    { args: ['status'], hint: '  Redirect standard output to a writable place, or free some disk space.' },
    { args: ['review', '--json'], hint: '  Redirect standard output to a writable place, or free some disk space.' },
    { args: ['--help'], hint: '  Redirect standard output to a writable place, or free some disk space.' },
  ])('onevision $args: exit 2, one line and a hint, no stack trace, the database unchanged', ({ args, hint }) => {
    const before = dumpDb(db);
    const result = intoFullDevice(args);
    expect(result.stderr).toBe(`${MESSAGE}\n${hint}\n`);
    expect(result.code).toBe(2);
    expect(dumpDb(db)).toBe(before);
    expect(fs.readdirSync(tmp.dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('import --json keeps the import (one committed transaction) and says its result could not be printed', () => {
    fs.writeFileSync(tmp.file('more.csv'), 'id,text,created_at\nm-1,Somewhere safe to skate in Camborne,2017-06-01\n');
    const result = intoFullDevice(['import', tmp.file('more.csv'), '--json']);
    // Its progress talk ("classified 1 post …") comes first on stderr; the failure ends it.
    expect(result.stderr.split('\n').slice(-3)).toEqual([MESSAGE, '  Redirect standard output to a writable place, or free some disk space.', '']);
    expect(result.stderr).not.toMatch(/Error|\n\s+at /);
    expect(result.code).toBe(2);
    expect(queryDb<{ n: number }>(db, `SELECT count(*) AS n FROM posts WHERE text LIKE '%Camborne%'`)[0]?.n).toBe(1);
  });
});
