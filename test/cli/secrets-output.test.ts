/**
 * Tokens are never printed, logged or stored, even when an API echoes them back in its error body.
 * The CLI runs against loopback APIs that refuse every token and repeat it (as sent, or URL-encoded);
 * every command that talks to them must still say what failed, with the token nowhere in stdout,
 * stderr, the log or the database files.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, cleanEnv, makeTempDir, runCli, type CliResult } from '../helpers/cli';
import { startTokenEchoApi, type Echo, type TokenEchoApi } from '../helpers/token-echo-api';

/** Shaped like the real ones: X bearer tokens carry %2B and %3D, so their URL-encoded form differs. */
const X_TOKEN = 'AAAAAAAAAAAAAAAAAAAAAEchoedBearer%2BSecret%3D7f3a9c';
const FB_TOKEN = 'EAABechoedPageToken|Secret/4d2e8b';
const FORBIDDEN = [X_TOKEN, FB_TOKEN, encodeURIComponent(X_TOKEN), encodeURIComponent(FB_TOKEN)];

let tmp: ReturnType<typeof makeTempDir>;
let apis: TokenEchoApi[];

beforeEach(() => {
  tmp = makeTempDir();
  apis = [];
});
afterEach(async () => {
  await Promise.all(apis.map((api) => api.close()));
  tmp.cleanup();
});

function expectNoToken(text: string, where: string): void {
  for (const secret of FORBIDDEN) expect(text.includes(secret), `${where} contains ${secret}`).toBe(false);
}

/** Every file the CLI left in the data folder: the database, its -wal and -shm, the log. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => path.join(dir, name)).filter((file) => fs.statSync(file).isFile());
}

describe.each<Echo>(['raw', 'encoded'])('an API that echoes the token (%s)', (echo) => {
  it('never lets it reach stdout, stderr, the log or the database, and still says what failed', async () => {
    const x = await startTokenEchoApi('x', echo);
    const graph = await startTokenEchoApi('graph', echo);
    apis.push(x, graph);
    const db = tmp.file('data/ov.db');
    const env = { X_BEARER_TOKEN: X_TOKEN, X_API_BASE_URL: x.url, FB_PAGE_TOKEN: FB_TOKEN, FB_GRAPH_BASE_URL: graph.url, FB_PAGE_ID: 'CornwallCT' };
    const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir, env });

    const results: Record<string, CliResult> = {};
    for (const args of [['collect', '--source', 'x'], ['collect', '--source', 'facebook'], ['collect', '--json'], ['status'], ['status', '--json'], ['doctor'], ['doctor', '--json']]) {
      results[args.join(' ')] = await cli(...args);
    }

    // The tokens really reached the APIs, so each one had something to echo.
    expect(x.received).toContain(X_TOKEN);
    expect(graph.received).toContain(FB_TOKEN);

    for (const [command, result] of Object.entries(results)) {
      expectNoToken(result.stdout, `${command}: stdout`);
      expectNoToken(result.stderr, `${command}: stderr`);
    }
    const files = filesUnder(tmp.dir);
    expect(files).toContain(db);
    expect(files.some((file) => file.endsWith('onevision.log'))).toBe(true);
    for (const file of files) expectNoToken(fs.readFileSync(file, 'latin1'), file);

    // …and the output still says what failed.
    const xCollect = results['collect --source x'];
    expect(xCollect?.code).toBe(3);
    expect(`${xCollect?.stdout}${xCollect?.stderr}`).toMatch(/X rejected X_BEARER_TOKEN \(401 Unauthorized: Unauthorized token \[redacted\]\)/);
    const fbCollect = results['collect --source facebook'];
    expect(fbCollect?.code).toBe(3);
    expect(`${fbCollect?.stdout}${fbCollect?.stderr}`).toMatch(/the token was rejected \(code 190\): Malformed access token \[redacted\]/);

    const both = results['collect --json'];
    expect(both?.code).toBe(3);
    const summaries = JSON.parse(both?.stdout ?? '') as Array<{ source: string; outcome: string; message: string }>;
    expect(summaries.map((s) => [s.source, s.outcome])).toEqual([['x', 'failed'], ['facebook', 'failed']]);
    for (const summary of summaries) expect(summary.message).toMatch(/rejected/);

    expect(results.status?.code).toBe(0);
    expect(results.status?.stdout).toMatch(/X usage: unavailable \(X rejected X_BEARER_TOKEN/);
    expect(results.status?.stdout).toMatch(/failed .*rejected/);
    const status = JSON.parse(results['status --json']?.stdout ?? '') as { xUsage: { available: boolean; reason: string }; lastRuns: Array<{ error: string }> };
    expect(status.xUsage).toMatchObject({ available: false, reason: expect.stringMatching(/rejected X_BEARER_TOKEN/) });
    expect(status.lastRuns.map((r) => r.error)).toEqual([expect.stringMatching(/rejected/), expect.stringMatching(/rejected/)]);

    expect(results.doctor?.code).toBe(2);
    expect(results.doctor?.stdout).toMatch(/FAIL {2}x: token: X rejected X_BEARER_TOKEN/);
    expect(results.doctor?.stdout).toMatch(/FAIL {2}facebook: token: .*the token was rejected/);
    expect(results.doctor?.stderr).toMatch(/2 checks failed: x: token, facebook: token/);
    const checks = JSON.parse(results['doctor --json']?.stdout ?? '') as Array<{ name: string; status: string; detail: string }>;
    expect(checks.filter((c) => c.name.endsWith(': token'))).toEqual([
      expect.objectContaining({ name: 'x: token', status: 'fail', detail: expect.stringMatching(/rejected.*\[redacted\]/) }),
      expect.objectContaining({ name: 'facebook: token', status: 'fail', detail: expect.stringMatching(/rejected.*\[redacted\]/) }),
    ]);
  });
});

describe('the one writer in front of stdout and stderr', () => {
  it('redacts commander\'s own messages, written before configuration is read', async () => {
    const result = await runCli([`--no-such-flag=${X_TOKEN}`, 'status'], { cwd: tmp.dir, env: { X_BEARER_TOKEN: X_TOKEN } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-flag=[redacted]'");
    expectNoToken(result.stdout + result.stderr, 'commander error');
  });

  it('streams a large CSV export whole, and `export | head` stops quietly with exit 0', async () => {
    const db = tmp.file('data/ov.db');
    const rows = Array.from({ length: 4000 }, (_, i) => `${i},"Bus route ${i} to Truro: naïve café ☕, ""quoted"" and a long tail ${'x'.repeat(80)}",2017-05-01T10:00:00Z`);
    fs.writeFileSync(tmp.file('many.csv'), `id,text,created_at\n${rows.join('\n')}\n`);
    expect((await runCli(['--db', db, 'import', tmp.file('many.csv')], { cwd: tmp.dir })).code).toBe(0);

    const whole = await runCli(['--db', db, 'export'], { cwd: tmp.dir });
    expect(whole.code).toBe(0);
    expect(whole.stdout.split('\n').filter(Boolean)).toHaveLength(4001);
    expect(whole.stdout).toContain('naïve café ☕, ""quoted""');

    const bin = path.join(ROOT, 'bin', 'onevision');
    const piped = spawnSync('bash', ['-c', '"$0" "$1" --db "$2" export | head -n 2; echo "exit=${PIPESTATUS[0]}" >&2', process.execPath, bin, db], { cwd: tmp.dir, env: cleanEnv(), encoding: 'utf8' });
    expect(piped.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(piped.stderr.trim()).toBe('exit=0');
  });
});
