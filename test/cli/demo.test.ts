import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { DeskClient, startServe, type ServingDesk } from '../web/desk-helpers';

let tmp: ReturnType<typeof makeTempDir>;
let serving: ServingDesk | undefined;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(async () => {
  await serving?.stop();
  serving = undefined;
  tmp.cleanup();
});

interface DemoResult {
  database: string;
  report: string;
  csv: string;
  sources: Array<{ source: string; posts: number }>;
  posts: number;
  classified: number;
  flaggedForSafeguarding: number;
}

describe('demo', () => {
  it('runs the whole job on the bundled sample with no credentials, leaving the real database alone', async () => {
    // No tokens anywhere: the demo must not need them, and must not read the user's own.
    const result = await runCli(['demo', '--json'], { cwd: tmp.dir, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    const demo = JSON.parse(result.stdout) as DemoResult;

    expect(demo.database).toBe(tmp.file('data/demo/onevision-demo.db'));
    expect(fs.existsSync(tmp.file('data/onevision.db'))).toBe(false);
    const bySource = queryDb<{ source: string; n: number }>(demo.database, 'SELECT source, count(*) AS n FROM posts GROUP BY source ORDER BY source');
    expect(bySource.map((r) => r.source)).toEqual(['event', 'facebook', 'survey', 'x']);
    expect(demo.posts).toBeGreaterThanOrEqual(300);
    expect(demo.classified).toBe(demo.posts);
    expect(queryDb(demo.database, `SELECT count(*) AS n FROM runs WHERE outcome = 'ok'`)).toEqual([{ n: 2 }]);

    const html = fs.readFileSync(demo.report, 'utf8');
    expect(demo.report.startsWith(tmp.file('reports/'))).toBe(true);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script/i);
    const rows = parse(fs.readFileSync(demo.csv, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(demo.posts);
    expect(rows.every((r) => /^person-|^$/.test(r.author ?? ''))).toBe(true);
    expect(result.stderr).not.toContain('demo-x-bearer-token');
  });

  it('starts afresh every time', async () => {
    const first = JSON.parse((await runCli(['demo', '--json'], { cwd: tmp.dir, timeoutMs: 120_000 })).stdout) as DemoResult;
    const second = JSON.parse((await runCli(['demo', '--json'], { cwd: tmp.dir, timeoutMs: 120_000 })).stdout) as DemoResult;
    expect(second.posts).toBe(first.posts);
    expect(queryDb(second.database, 'SELECT count(*) AS n FROM runs')).toEqual([{ n: 2 }]);
  });

  it('starts afresh under a desk serving the demo database: the desk shows the new run, not deleted files', async () => {
    const first = await runDemo();
    serving = await startServe(first.database);
    const client = new DeskClient(serving.origin);
    const firstStarts = runStarts(first.database);
    expect(runStartsOn((await client.get('/health')).body)).toEqual(expect.arrayContaining(firstStarts));

    const second = await runDemo();
    expect(second.database).toBe(first.database);
    const secondStarts = runStarts(second.database);
    expect(secondStarts).not.toEqual(firstStarts);
    // Both tables on the page (the desk's own connection and a fresh one) show the second run only.
    const health = await client.get('/health');
    expect(health.status).toBe(200);
    expect(new Set(runStartsOn(health.body))).toEqual(new Set(secondStarts));
    expect((await client.get('/')).status).toBe(200);

    // What it built beside the demo database is gone; the database keeps its owner-only mode.
    const folder = path.dirname(second.database);
    expect(fs.readdirSync(folder).filter((name) => !/^onevision-demo\.db(-wal|-shm)?$|^logs$/.test(name))).toEqual([]);
    expect(fs.statSync(second.database).mode & 0o777).toBe(0o600);
    expect(serving.stderr()).not.toMatch(/error/i);
  }, 300_000);

  it('waits for a write under way on the demo database instead of skipping the copy', async () => {
    const first = await runDemo();
    const firstStarts = runStarts(first.database);
    const writer = new Database(first.database);
    writer.exec('BEGIN IMMEDIATE');
    // Held past the few seconds the demo takes to build, then let go.
    const release = setTimeout(() => writer.exec('COMMIT'), 5_000);
    try {
      const second = await runDemo();
      expect(runStarts(second.database)).not.toEqual(firstStarts);
      expect(queryDb(second.database, 'SELECT count(*) AS n FROM runs')).toEqual([{ n: 2 }]);
    } finally {
      clearTimeout(release);
      if (writer.inTransaction) writer.exec('COMMIT');
      writer.close();
    }
  }, 300_000);

  it('replaces a demo database that is not a database any more', async () => {
    fs.mkdirSync(tmp.file('data/demo'), { recursive: true });
    fs.writeFileSync(tmp.file('data/demo/onevision-demo.db'), 'not a database, '.repeat(512));
    const demo = await runDemo();
    expect(queryDb(demo.database, `SELECT count(*) AS n FROM runs WHERE outcome = 'ok'`)).toEqual([{ n: 2 }]);
  }, 300_000);

  it("is the database that status --help's example and the README point at", async () => {
    const database = path.relative(tmp.dir, (await runDemo()).database);
    const help = await runCli(['status', '--help'], { cwd: tmp.dir });
    expect(help.stdout).toContain(`--db ${database} status`);
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const mentioned = new Set(readme.match(/data\/demo\/[\w.-]+\.db/g));
    expect([...mentioned]).toEqual([database]);
  }, 300_000);
});

async function runDemo(): Promise<DemoResult> {
  const result = await runCli(['demo', '--json'], { cwd: tmp.dir, timeoutMs: 120_000 });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as DemoResult;
}

/** When each collection run in the database started: different on every demo run. */
function runStarts(database: string): string[] {
  return queryDb<{ startedAt: string }>(database, 'SELECT started_at AS startedAt FROM runs ORDER BY id').map((r) => r.startedAt);
}

/** The start times in the run tables of the desk's Runs and health page. */
function runStartsOn(page: string): string[] {
  return [...page.matchAll(/<tr data-run="\d+"[^>]*><th scope="row">\d+<\/th><td>[^<]*<\/td><td>([^<]*)<\/td>/g)].map((m) => m[1]!);
}
