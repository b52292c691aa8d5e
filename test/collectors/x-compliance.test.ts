/**
 * `onevision compliance` end to end: the real CLI collects from the fake X API, the fake reports some
 * posts deleted, protected, suspended, deactivated or geo-scrubbed, and compliance honours it.
 * Each test has its own fake and database, so they run side by side (most of their time is waiting).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import type { XTweet } from '../../src/collectors/x/wire';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import type { FakeComplianceOptions } from '../../src/fakes/x-compliance';
import { ROOT, cleanEnv, makeTempDir, runCli, type CliResult } from '../helpers/cli';
import { dumpDb, queryDb } from '../helpers/db';
import { FIXTURES, TOKEN, collectX, fixtureDataSet, xEnv } from './x-setup';

const SCRUB_GEO = '2090711920276447666';
const PLACE_ID = '3e1ef2c1a7a0d7b4';
const REPORTED = {
  '2088965810549858978': 'deleted',
  '2090036234679399364': 'protected',
  '2089428257731580451': 'suspended',
  '2088536175408054273': 'deactivated',
  [SCRUB_GEO]: 'scrub_geo',
} as const;
const ERASED = ['2088965810549858978', '2090036234679399364', '2089428257731580451', '2088536175408054273'];
/** The edited post is stored under its first id; the reply carries a copy of the geo-tagged post. */
const UNTOUCHED = ['2089737445045421269', '2090479258039349258', '2090728626189244971', SCRUB_GEO];

/** The fixture posts, one of them geo-tagged (a place and exact coordinates). */
function dataWithGeo() {
  const data = fixtureDataSet();
  const tweets = data.tweets.map((t): XTweet => (t.id === SCRUB_GEO ? { ...t, geo: { place_id: PLACE_ID, coordinates: { type: 'Point', coordinates: [-5.0527, 50.2632] } } } : t));
  return { ...data, tweets };
}

interface Setup {
  api: FakeXApi;
  db: string;
  compliance(args?: string[]): Promise<CliResult>;
}

/**
 * A fake X API, a database holding the collected fixture posts, and the fake's verdicts set. Cleaned
 * up by the test's own onTestFinished: the global one cannot tell concurrent tests apart.
 */
async function setUp({ onTestFinished }: TestContext, options: FakeComplianceOptions = {}): Promise<Setup> {
  const tmp = makeTempDir();
  // X finishes a job at the first poll unless a test says otherwise: most tests need no waiting.
  const api = await startFakeXApi({ data: dataWithGeo(), token: TOKEN, compliance: { pollsInProgress: 0, ...options } });
  onTestFinished(async () => {
    await api.close();
    tmp.cleanup();
  });
  const db = tmp.file('ov.db');
  expect((await collectX(db, api.url)).code).toBe(0);
  api.compliance.setResults(REPORTED);
  return { api, db, compliance: (args = []) => runCli(['--db', db, 'compliance', ...args], { env: xEnv(api.url) }) };
}

const storedIds = (db: string) => queryDb<{ source_id: string }>(db, `SELECT source_id FROM posts WHERE source = 'x' ORDER BY source_id`).map((r) => r.source_id);
const jobRequests = (api: FakeXApi, method: string) => api.requests.filter((r) => r.method === method && /^\/2\/compliance\/jobs(\/\d+)?$/.test(r.path));
const savedJob = (db: string) => queryDb<{ value: string }>(db, `SELECT value FROM cursors WHERE source = 'x' AND name = 'compliance_job'`).map((r) => JSON.parse(r.value) as { job: { id: string } | null })[0];
const fileBytes = (db: string) => Buffer.concat([db, `${db}-wal`, `${db}-shm`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));

/** A port nothing listens on: a server's, after it closed. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.concurrent('onevision compliance', { timeout: 60_000 }, () => {
  it('erases the posts X reports deleted, protected, suspended or deactivated, drops geo where asked, and leaves the rest', async (context) => {
    const { api, db, compliance } = await setUp(context);
    const texts = new Map(queryDb<{ source_id: string; text: string }>(db, `SELECT source_id, text FROM posts`).map((r) => [r.source_id, r.text]));
    const uploadable = storedIds(db);

    const result = await compliance(['--json']);
    expect(result.stderr).toBe('');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { status: string; checked: number; erased: Record<string, string[]>; erasedPosts: number; geoScrubbed: string[]; erasure: number };
    expect(report).toMatchObject({
      status: 'complete',
      checked: 8,
      erasedPosts: 4,
      erased: { deleted: ['x:2088965810549858978'], protected: ['x:2090036234679399364'], suspended: ['x:2089428257731580451'], deactivated: ['x:2088536175408054273'] },
      geoScrubbed: [`x:${SCRUB_GEO}`],
    });

    // X received exactly the stored ids, the edited post under the id it is stored by.
    expect(api.compliance.uploads).toHaveLength(1);
    expect([...(api.compliance.uploads[0] ?? [])].sort()).toEqual(uploadable);
    expect(api.compliance.uploads[0]).toContain('2090479258039349258');
    expect(api.compliance.uploads[0]).not.toContain('2090480960926696404');

    // The reported posts are gone, their text from the file's bytes too; the others are untouched.
    expect(storedIds(db)).toEqual([...UNTOUCHED].sort());
    const bytes = fileBytes(db);
    for (const id of ERASED) expect(bytes.includes(Buffer.from((texts.get(id) ?? '').slice(0, 40))), id).toBe(false);
    for (const id of UNTOUCHED) expect(queryDb(db, `SELECT text FROM posts WHERE source_id = ?`, id)).toEqual([{ text: texts.get(id) }]);

    // The geo-tagged post keeps its text but loses its place and coordinates, in the copy the reply carries too.
    const raws = queryDb<{ raw: string }>(db, `SELECT raw FROM posts WHERE source_id IN (?, ?)`, SCRUB_GEO, '2090728626189244971');
    expect(raws).toHaveLength(2);
    for (const { raw } of raws) expect(raw).not.toMatch(/"geo"|-5\.0527/);
    expect(bytes.includes(Buffer.from(PLACE_ID))).toBe(false);

    // The job is finished with; the erasure is in the audit trail, without whom it was about.
    expect(savedJob(db)?.job).toBeNull();
    const audit = queryDb<{ action: string; subject: string; details: string }>(db, `SELECT action, subject, details FROM audit WHERE action = 'compliance'`);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ erasure: report.erasure, erased: { deleted: 1, protected: 1, suspended: 1, deactivated: 1 }, geoScrubbed: 1 });

    // The signed storage URLs were reached through the configured base, and never with the token.
    const storage = api.requests.filter((r) => r.path.startsWith('/twttr-tweet-compliance/'));
    expect(storage.map((r) => r.method)).toEqual(['PUT', 'GET']);
    expect(storage.every((r) => r.authorization === undefined && r.query['X-Goog-Signature'] !== undefined)).toBe(true);
    expect(jobRequests(api, 'POST')).toHaveLength(1);
    expect(jobRequests(api, 'GET').every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('drops geo from a status imported from a v1.1 collection (stored as the status itself), as it reports', async ({ onTestFinished }) => {
    const tmp = makeTempDir();
    const api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN, compliance: { pollsInProgress: 0 } });
    onTestFinished(async () => {
      await api.close();
      tmp.cleanup();
    });
    const db = tmp.file('ov.db');
    const reply = '872015880772579355';
    const lines = fs.readFileSync(path.join(FIXTURES, 'twarc1_ciosonevision_2017.jsonl'), 'utf8').trimEnd().split('\n');
    // Edited as text, never re-serialised: the numeric ids must not be rounded.
    lines[1] = (lines[1] ?? '')
      .replace('"coordinates": null', '"coordinates": {"type": "Point", "coordinates": [-5.0527, 50.2632]}')
      .replace('"geo": null', '"geo": {"type": "Point", "coordinates": [50.2632, -5.0527]}');
    expect(lines[1]).toContain(reply);
    fs.writeFileSync(tmp.file('v1.jsonl'), `${lines.join('\n')}\n`);
    const imported = await runCli(['--db', db, 'import', tmp.file('v1.jsonl'), '--no-classify']);
    expect(imported.code, imported.stderr).toBe(0);
    api.compliance.setResults({ [reply]: 'scrub_geo' });

    const result = await runCli(['--db', db, 'compliance', '--json'], { env: xEnv(api.url) });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'complete', geoScrubbed: [`x:${reply}`], erasedPosts: 0 });
    const [row] = queryDb<{ raw: string; text: string }>(db, `SELECT raw, text FROM posts WHERE source_id = ?`, reply);
    expect(row?.raw).toContain(reply);
    expect(row?.raw).not.toMatch(/-5\.0527|50\.2632/);
    expect(fileBytes(db).includes(Buffer.from('-5.0527'))).toBe(false);
  });

  it('says what it erased per reason on the terminal, and the next run checks again with a new job', async (context) => {
    const { api, db, compliance } = await setUp(context);
    const first = await compliance();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('erased 4 posts: 1 deleted, 1 protected, 1 suspended, 1 deactivated');
    expect(first.stdout).toMatch(/^ {2}deleted {5}x:2088965810549858978$/m);
    expect(first.stdout).toContain(`dropped geo data of 1 post (kept): x:${SCRUB_GEO}`);

    const second = await compliance();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('erased 0 posts');
    expect(api.compliance.jobIds()).toHaveLength(2);
    expect([...(api.compliance.uploads[1] ?? [])].sort()).toEqual(storedIds(db));
  });

  it('--dry-run shows what would go and changes nothing', async (context) => {
    const { db, compliance } = await setUp(context);
    const before = dumpDb(db);
    const result = await compliance(['--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('would erase 4 posts: 1 deleted, 1 protected, 1 suspended, 1 deactivated');
    expect(result.stdout).toContain('dry run: nothing changed');
    expect(dumpDb(db)).toBe(before);
  });

  it('takes up the job a dry run left unfinished on X instead of failing on it', async (context) => {
    const { api, db, compliance } = await setUp(context);
    const dry = await compliance(['--dry-run', '--max-wait', '0s']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/pending \(job \d+\)/);
    expect(savedJob(db)).toBeUndefined();

    const real = await compliance();
    expect(real.code, real.stderr).toBe(0);
    expect(real.stderr).toMatch(/X already had compliance job \d+ \(in_progress\) from an earlier run; carrying on with it/);
    expect(api.compliance.jobIds()).toHaveLength(1);
    expect(api.compliance.uploads).toHaveLength(1);
    expect(storedIds(db)).toEqual([...UNTOUCHED].sort());
  });

  it('resumes the same job after being killed while X works on it', async (context) => {
    const { api, db } = await setUp(context, { pollsInProgress: 3 });
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'onevision'), '--db', db, 'compliance'], { env: cleanEnv(xEnv(api.url)), stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    context.onTestFinished(() => void child.kill('SIGKILL'));
    await until(() => api.compliance.uploads.length === 1 && jobRequests(api, 'GET').length >= 1);
    child.kill('SIGKILL');
    await exited;
    const [job] = api.compliance.jobIds();
    expect(savedJob(db)?.job?.id).toBe(job);
    expect(storedIds(db)).toHaveLength(8);

    const resumed = await runCli(['--db', db, 'compliance'], { env: xEnv(api.url) });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`job ${job} complete`);
    expect(api.compliance.jobIds()).toEqual([job]);
    expect(jobRequests(api, 'POST')).toHaveLength(1);
    expect(api.compliance.uploads).toHaveLength(1);
    expect(storedIds(db)).toEqual([...UNTOUCHED].sort());
  });

  it('when X answers 503 while it polls, exits 3 with the job saved, and the next run resumes it', async (context) => {
    const { api, db, compliance } = await setUp(context);
    api.scriptCompliance({ kind: 'ok' }, { kind: 'unavailable' }, { kind: 'unavailable' }, { kind: 'unavailable' }, { kind: 'unavailable' });
    const failed = await compliance();
    expect(failed.code, failed.stderr).toBe(3);
    expect(failed.stderr).toContain('X API failed 4 times in a row (503 Service Unavailable)');
    expect(storedIds(db)).toHaveLength(8);
    const [job] = api.compliance.jobIds();
    expect(savedJob(db)?.job?.id).toBe(job);

    const resumed = await compliance();
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(api.compliance.jobIds()).toEqual([job]);
    expect(storedIds(db)).toEqual([...UNTOUCHED].sort());
  });

  it('when X cannot be reached, exits 3 and says to run compliance again, not collect', async (context) => {
    const { db } = await setUp(context);
    const unreachable = `http://127.0.0.1:${await closedPort()}/`;
    const failed = await runCli(['--db', db, 'compliance', '--dry-run'], { env: xEnv(unreachable) });
    expect(failed.code, failed.stderr).toBe(3);
    expect(failed.stderr).toContain('X API failed 4 times in a row (network error:');
    expect(failed.stderr).toContain('run `onevision compliance` again later');
    expect(failed.stderr).not.toMatch(/\bcollect\b/);
  });

  it('a job X reports failed exits 3, erases nothing, and the next run starts a new job', async (context) => {
    const { api, db, compliance } = await setUp(context, { ending: 'failed' });
    const failed = await compliance();
    expect(failed.code, failed.stderr).toBe(3);
    expect(failed.stderr).toMatch(/X says compliance job \d+ failed \(Job failed to complete\); nothing was erased/);
    expect(failed.stderr).toContain('Run `onevision compliance` again to start a new job');
    expect(storedIds(db)).toHaveLength(8);
    expect(savedJob(db)?.job).toBeNull();

    api.compliance.configure({ ending: 'complete' });
    expect((await compliance()).code).toBe(0);
    expect(api.compliance.jobIds()).toHaveLength(2);
    expect(storedIds(db)).toEqual([...UNTOUCHED].sort());
  });

  it("sends the token with transfers only when X's URLs are on its own API host", async (context) => {
    const { api, db, compliance } = await setUp(context, { transfers: 'api' });
    const result = await compliance();
    expect(result.code, result.stderr).toBe(0);
    const transfers = api.requests.filter((r) => /^\/2\/compliance\/jobs\/\d+\/(upload|download)$/.test(r.path));
    expect(transfers.map((r) => r.method)).toEqual(['PUT', 'GET']);
    expect(transfers.every((r) => r.authorization === `Bearer ${TOKEN}` && r.query.token !== undefined)).toBe(true);
    expect(storedIds(db)).toEqual([...UNTOUCHED].sort());
  });

  it('explains a token the compliance endpoints refuse, and needs X to be configured', async (context) => {
    const { api, db, compliance } = await setUp(context);
    api.scriptCompliance({ kind: 'forbidden' });
    const forbidden = await compliance();
    expect(forbidden.code, forbidden.stderr).toBe(3);
    expect(forbidden.stderr).toContain('X_BEARER_TOKEN may not use the batch compliance endpoints (403');
    expect(forbidden.stderr).toContain('app-only bearer token');
    expect(forbidden.stderr).not.toContain(TOKEN);
    expect(savedJob(db)).toBeUndefined();

    const unconfigured = await runCli(['--db', db, 'compliance']);
    expect(unconfigured.code, unconfigured.stderr).toBe(2);
    expect(unconfigured.stderr).toContain('X_BEARER_TOKEN is not set');
  });

  it('runs from schedule on its own weekly expression', async (context) => {
    const { api, db } = await setUp(context);
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'onevision'), '--db', db, 'schedule', '--cron', '0 0 1 1 *', '--compliance', '* * * * * *'], {
      env: cleanEnv(xEnv(api.url)),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    context.onTestFinished(() => void child.kill('SIGKILL'));
    // Watch what it says, not the database: reading the file while it is being wiped would get in its way.
    await until(() => /erased 4 posts/.test(stderr), 20_000);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('X compliance "* * * * * *"');
    expect(storedIds(db)).toEqual([...UNTOUCHED].sort());
  });
});
