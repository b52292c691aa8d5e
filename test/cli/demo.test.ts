import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

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
});
