import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { TOKEN, fixtureDataSet, xEnv } from '../collectors/x-setup';
import { ROOT, cleanEnv, makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';

let tmp: ReturnType<typeof makeTempDir>;
let api: FakeXApi;
let db: string;
beforeEach(async () => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
  api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN });
});
afterEach(async () => {
  await api.close();
  tmp.cleanup();
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function okRuns(): number {
  try {
    return queryDb<{ n: number }>(db, `SELECT count(*) AS n FROM runs WHERE outcome = 'ok'`)[0]?.n ?? 0;
  } catch {
    return 0; // not created yet
  }
}

describe('schedule', () => {
  it('collects and classifies on every tick, never twice at once, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/onevision'), '--db', db, 'schedule', '--cron', '*/2 * * * * *', '--run-now'], {
      env: cleanEnv(xEnv(api.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    await until(() => okRuns() >= 2, 30_000);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('onevision schedule: stopped');

    const posts = queryDb<{ source_id: string; n: number }>(db, `SELECT source_id, count(*) AS n FROM posts GROUP BY source_id HAVING n > 1`);
    expect(posts).toEqual([]);
    expect(queryDb(db, `SELECT count(*) AS n FROM posts WHERE source = 'x'`)).toEqual([{ n: fixtureDataSet().tweets.length }]);
    expect(queryDb(db, `SELECT count(*) AS n FROM posts p LEFT JOIN classifications c ON c.post_id = p.id WHERE c.post_id IS NULL`)).toEqual([{ n: 0 }]);
    // Later ticks ask only for newer posts: every post was served once.
    expect(api.postsServed).toBe(fixtureDataSet().tweets.length);
    expect(queryDb(db, `SELECT count(*) AS n FROM runs WHERE outcome = 'running'`)).toEqual([{ n: 0 }]);
    expect(stderr).not.toContain(TOKEN);
  });

  it('reads .env again before each run, so a replaced token is used without a restart, and never printed', async () => {
    const oldToken = 'AAAAAAAAAAAAAAAAAAAAAExpiredTokenNeverLog%2F9876543210fedcba';
    const writeEnv = (token: string) => fs.writeFileSync(tmp.file('.env'), `X_BEARER_TOKEN=${token}\nX_API_BASE_URL=${api.url}\n`);
    writeEnv(oldToken);
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/onevision'), '--db', db, 'schedule', '--cron', '*/2 * * * * *', '--run-now', '--no-compliance'], {
      cwd: tmp.dir,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    try {
      // The fake X answers only the new token: with the old one every run fails.
      await until(() => /run failed|: failed/.test(stderr), 30_000);
      expect(okRuns()).toBe(0);
      writeEnv(TOKEN);
      await until(() => okRuns() >= 1, 30_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(queryDb(db, `SELECT count(*) AS n FROM posts WHERE source = 'x'`)).toEqual([{ n: fixtureDataSet().tweets.length }]);
    expect(stderr).not.toContain(TOKEN);
    expect(stderr).not.toContain(oldToken);
  });

  it('refuses a bad expression or time zone, and having nothing to collect, before it starts waiting', async () => {
    expect((await runCli(['--db', db, 'schedule', '--cron', 'at two'], { env: xEnv(api.url) })).stderr).toContain('is not a cron expression');
    expect((await runCli(['--db', db, 'schedule', '--tz', 'Cornwall/Truro'], { env: xEnv(api.url) })).code).toBe(2);
    const nothing = await runCli(['--db', db, 'schedule']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to collect');
  });
});

describe('cron-line', () => {
  it('prints a crontab entry that runs collect against this database in UK time', async () => {
    const result = await runCli(['--db', db, 'cron-line']);
    expect(result.code).toBe(0);
    const [tz, entry] = result.stdout.trim().split('\n');
    expect(tz).toBe('CRON_TZ=Europe/London');
    expect(entry).toMatch(/^0 2 \* \* \* mkdir -p .+logs && cd .+ && .+node .+bin\/onevision --db .+ov\.db collect >> .+cron\.log 2>&1$/);
  });

  it('runs as cron would on a fresh install: the log folder is made, and collect writes to it', async () => {
    const result = await runCli(['--db', db, 'cron-line']);
    const entry = result.stdout.trim().split('\n')[1] ?? '';
    const command = entry.split(' ').slice(5).join(' ');
    const log = path.join(path.dirname(db), 'logs', 'cron.log');
    expect(fs.existsSync(path.dirname(log))).toBe(false);
    // No tokens here, so collect stops at once and says why; what matters is that it ran and wrote its log.
    spawnSync('sh', ['-c', command], { env: { PATH: process.env.PATH ?? '', HOME: path.dirname(db) }, timeout: 60_000 });
    expect(fs.readFileSync(log, 'utf8')).toMatch(/onevision|collect/i);
  });

  it('escapes % for cron, which would cut the command there, so a database path with % and spaces still works', async () => {
    const odd = path.join(path.dirname(db), "youth 100% o'clock", 'ov.db');
    const result = await runCli(['--db', odd, 'cron-line']);
    const entry = result.stdout.trim().split('\n')[1] ?? '';
    const command = asCronRunsIt(entry.split(' ').slice(5).join(' '));
    spawnSync('sh', ['-c', command], { env: { PATH: process.env.PATH ?? '', HOME: path.dirname(db) }, timeout: 60_000 });
    expect(fs.readFileSync(path.join(path.dirname(odd), 'logs', 'cron.log'), 'utf8')).toMatch(/onevision|collect/i);
  });
});

/** What cron hands the shell (crontab(5)): an unescaped % ends the command, and \% is a plain %. */
function asCronRunsIt(commandPart: string): string {
  const cut = commandPart.search(/(?<!\\)%/);
  return (cut < 0 ? commandPart : commandPart.slice(0, cut)).replace(/\\%/g, '%');
}
