/**
 * Runs and health through the real `onevision serve`: doctor's checks with no token shown, the runs
 * as `onevision runs` lists them with failed and abandoned ones marked, the database as `onevision
 * status` sees it, and downloads that are the CLI's own files: recorded in the export ledger (so an
 * erasure lists them), and never holding a flagged post's text.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { FLAGGED_SECRET, HUMAN_FLAGGED_SECRET, seedReportDb } from '../report/seed';
import { addUser, DeskClient, startServe, type ServingDesk } from './desk-helpers';
import { findExportRow } from '../helpers/export-rows';

const PASSWORD = 'health test password';
// Canaries in the server's environment: no page may show them, however a message carries them.
const X_TOKEN = 'AAAAcanaryXbearer0000token1111';
const FB_TOKEN = 'EAAGcanaryFacebookPage2222token';
let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let reports: string;
let serving: ServingDesk;
let analyst: DeskClient;

beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
  reports = tmp.file('reports');
  await seedReportDb(db, tmp.file('seed.csv'));
  plantRuns(db);
  await addUser(db, 'ana', 'analyst', PASSWORD);
  serving = await startServe(db, [], { ONEVISION_REPORTS: reports, X_BEARER_TOKEN: X_TOKEN, FB_PAGE_TOKEN: FB_TOKEN });
  analyst = new DeskClient(serving.origin);
  expect((await analyst.signIn('ana', PASSWORD)).status).toBe(303);
}, 90_000);
afterAll(async () => {
  await serving?.stop();
  tmp.cleanup();
});

/** An old good run, a failed one whose error echoes both tokens, and one that never finished. */
function plantRuns(file: string): void {
  const sql = new Database(file);
  try {
    const insert = sql.prepare(`INSERT INTO runs (id, source, command, started_at, ended_at, outcome, new, updated, error) VALUES (?, ?, 'collect', ?, ?, ?, ?, 0, ?)`);
    insert.run(1, 'x', '2017-09-01T02:00:00.000Z', '2017-09-01T02:03:00.000Z', 'ok', 12, null);
    insert.run(2, 'facebook', '2017-09-02T02:00:00.000Z', '2017-09-02T02:00:05.000Z', 'failed', 0, `Graph API 190: GET /v25.0/CornwallCT/feed?access_token=${FB_TOKEN} refused; header Bearer ${X_TOKEN}; raw ${X_TOKEN}`);
    insert.run(3, 'x', '2017-09-03T02:00:00.000Z', null, 'running', 0, null);
  } finally {
    sql.close();
  }
}

async function cliJson<T>(args: readonly string[], env: Record<string, string> = {}): Promise<T> {
  const result = await runCli(['--db', db, ...args, '--json'], { cwd: tmp.dir, env });
  expect(result.stdout, result.stderr).not.toBe('');
  return JSON.parse(result.stdout) as T;
}

async function download(client: DeskClient, action: string): Promise<{ status: number; disposition: string | null; type: string | null; body: string }> {
  const token = await client.csrfToken('/health');
  const response = await client.post(action, { _csrf: token });
  return { status: response.status, disposition: response.headers.get('content-disposition'), type: response.headers.get('content-type'), body: response.body };
}

describe('runs and health', () => {
  it("shows doctor's checks as `doctor --offline` makes them, and never a token", async () => {
    const page = await analyst.get('/health');
    expect(page.status).toBe(200);
    const checks = await cliJson<Array<{ name: string; status: string }>>(['doctor', '--offline'], { X_BEARER_TOKEN: X_TOKEN, FB_PAGE_TOKEN: FB_TOKEN, ONEVISION_REPORTS: reports });
    expect(checks.length).toBeGreaterThan(4);
    for (const check of checks) expect(page.body).toContain(`<tr data-check="${check.name}">`);
    expect(page.body).toContain('x: configuration');
    for (const token of [X_TOKEN, FB_TOKEN, encodeURIComponent(X_TOKEN)]) expect(page.body).not.toContain(token);
    for (const hidden of [FLAGGED_SECRET, HUMAN_FLAGGED_SECRET]) expect(page.body).not.toContain(hidden);
    // The failed run's message is shown, redacted as the CLI redacts it.
    expect(page.body).toContain('access_token=[redacted]');
  });

  it('lists the recent runs as `onevision runs`, with the failed and the abandoned run marked', async () => {
    const page = (await analyst.get('/health')).body;
    const runs = await cliJson<Array<{ id: number }>>(['runs']);
    expect(runs.map((r) => r.id)).toEqual([3, 2, 1]);
    for (const run of runs) expect(page).toContain(`<tr data-run="${run.id}"`);
    expect(page).toMatch(/<tr data-run="2" class="attention" data-attention="failed">/);
    expect(page).toMatch(/<tr data-run="3" class="attention" data-attention="stale">/);
    expect(page).toMatch(/<tr data-run="1"><th/);
  });

  it('shows what the database holds, as `onevision status`', async () => {
    const page = (await analyst.get('/health')).body;
    const status = await cliJson<{ sources: Array<{ source: string; posts: number }> }>(['status']);
    expect(status.sources.length).toBeGreaterThan(2);
    for (const source of status.sources) expect(page).toContain(`<tr data-source="${source.source}"><th scope="row">${source.source}</th><td class="number" data-posts="${source.posts}">`);
  });

  it('downloads the HTML report as `onevision report` writes it, recorded in the export ledger', async () => {
    const before = queryDb<{ n: number }>(db, `SELECT count(*) AS n FROM exports WHERE kind = 'report'`)[0]!.n;
    const report = await download(analyst, '/health/report');
    expect(report.status).toBe(200);
    expect(report.disposition).toMatch(/^attachment; filename="onevision-2017-04-03-2017-\d\d-\d\d\.html"$/);
    expect(report.type).toMatch(/^text\/html/);
    expect(report.body).toContain('One Vision: what children, young people and families told us');
    expect(report.body).toContain('<blockquote>');
    for (const hidden of [FLAGGED_SECRET, HUMAN_FLAGGED_SECRET]) expect(report.body).not.toContain(hidden);
    const ledger = queryDb<{ path: string; row_count: number }>(db, `SELECT path, row_count FROM exports WHERE kind = 'report' ORDER BY id`);
    expect(ledger.length).toBe(before + 1);
    const written = ledger[ledger.length - 1]!;
    expect(written.row_count).toBe(66);
    expect(fs.readFileSync(written.path, 'utf8')).toBe(report.body);
    const audit = queryDb<{ details: string }>(db, `SELECT details FROM audit WHERE action = 'desk-download' AND subject = ?`, written.path);
    expect(JSON.parse(audit[0]!.details)).toEqual({ account: 'ana', role: 'analyst' });
  });

  it('downloads the posts CSV exactly as `onevision export` writes it, withheld text replaced, and an erasure lists it', async () => {
    const csv = await download(analyst, '/health/export');
    expect(csv.status).toBe(200);
    expect(csv.disposition).toMatch(/^attachment; filename="onevision-posts-\d{8}T\d{9}-[0-9a-f]{6}\.csv"$/);
    expect(csv.type).toMatch(/^text\/csv/);
    const ledger = queryDb<{ path: string; row_count: number }>(db, `SELECT path, row_count FROM exports WHERE kind = 'csv' ORDER BY id DESC LIMIT 1`)[0]!;
    expect(ledger.path.startsWith(reports)).toBe(true);
    expect(ledger.row_count).toBe(66);
    // The file, like `export --out`, starts with a byte-order mark (for Excel); decoding the response drops it.
    expect(fs.readFileSync(ledger.path, 'utf8')).toBe(`\uFEFF${csv.body}`);
    const fromCli = await runCli(['--db', db, 'export'], { cwd: tmp.dir });
    expect(csv.body).toBe(fromCli.stdout);
    const rows = parse(csv.body, { columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBe(66);
    expect(findExportRow(rows, db, 'x', 'flag1')?.text).toMatch(/^\[text withheld/);
    for (const hidden of [FLAGGED_SECRET, HUMAN_FLAGGED_SECRET]) expect(csv.body).not.toContain(hidden);

    const erasure = await runCli(['--db', db, 'forget', '--post', 'x:flag1', '--dry-run'], { cwd: tmp.dir });
    expect(erasure.code, erasure.stderr).toBe(0);
    expect(erasure.stdout + erasure.stderr).toContain(ledger.path);
  });

  it('offers downloads only with the form token, and only to signed-in people', async () => {
    expect((await analyst.post('/health/export', {})).status).toBe(403);
    const stranger = new DeskClient(serving.origin);
    expect((await stranger.post('/health/report', { _csrf: 'guess' })).status).toBe(401);
    expect((await stranger.get('/health')).status).toBe(303);
  });
});

describe('runs and health of a database with nothing collected yet', () => {
  it('shows the checks and says no run has happened, rather than failing', async () => {
    const empty = makeTempDir();
    const fresh = await startServe(empty.file('onevision.db'));
    try {
      const page = await new DeskClient(fresh.origin).get('/health');
      expect(page.status).toBe(200);
      expect(page.body).toContain('<tr data-check="last run">');
      expect(page.body).toContain('No collection runs yet.');
      expect(page.body).toContain('No posts yet.');
    } finally {
      await fresh.stop();
      empty.cleanup();
    }
  });
});
