import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeXApi, type FakeXApi, type FakeXApiOptions } from '../../src/fakes/x-api';
import { generateXDataSet } from '../../src/fakes/x-data';
import { makeTempDir } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { TOKEN, collectX } from './x-setup';

let tmp: ReturnType<typeof makeTempDir>;
let api: FakeXApi | undefined;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  tmp.cleanup();
});

async function fake(posts: number, options: Partial<FakeXApiOptions> = {}): Promise<FakeXApi> {
  api = await startFakeXApi({ data: generateXDataSet(posts), token: TOKEN, ...options });
  return api;
}
const postCount = () => queryDb<{ n: number }>(db, 'SELECT count(*) AS n FROM posts')[0]?.n;
const lastRun = () => queryDb<{ outcome: string; requests: number; waits: number; error: string | null }>(db, 'SELECT * FROM runs ORDER BY id DESC LIMIT 1')[0];

describe('collect --source x: rate limits', () => {
  it('waits out a 429 until its reset time, then carries on', async () => {
    const x = await fake(250);
    x.script({ kind: 'ok' }, { kind: 'rate-limit', resetInSeconds: 2 });
    const result = await collectX(db, x.url);
    expect(result.code).toBe(0);
    expect(postCount()).toBe(250);
    expect(x.searchRequests()).toHaveLength(4);
    expect(lastRun()).toMatchObject({ outcome: 'ok', waits: 1 });
    // Not on a terminal: no progress line (no carriage returns, no escape codes, no wait notices).
    for (const sign of ['\r', '\u001b[', 'waiting']) expect(result.stderr).not.toContain(sign);
  });

  it('sees the window run out on a successful page (where paginators stop silently) and waits instead of asking', async () => {
    const x = await fake(250, { rateLimit: { limit: 2, windowSeconds: 2 } });
    const result = await collectX(db, x.url);
    expect(result.code).toBe(0);
    expect(postCount()).toBe(250);
    // Never provoked a 429: exactly one request per page.
    expect(x.searchRequests()).toHaveLength(3);
    expect(lastRun()).toMatchObject({ outcome: 'ok', waits: 1 });
  });

  it('stops cleanly when the reset is beyond --max-wait, and the next run carries on', async () => {
    const x = await fake(250);
    x.script({ kind: 'ok' }, { kind: 'rate-limit', resetInSeconds: 600 });
    const stopped = await collectX(db, x.url, ['--max-wait', '5s']);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain('x: stopped (rate-limit)');
    expect(stopped.stdout).toContain('beyond --max-wait');
    expect(postCount()).toBe(100);

    await x.close();
    const fresh = await fake(250);
    const resumed = await collectX(db, fresh.url);
    expect(resumed.code).toBe(0);
    expect(postCount()).toBe(250);
    expect(fresh.postsServed).toBe(150);
  });

  it('ends the X part at once on the usage cap, keeping what was saved (exit 3)', async () => {
    const x = await fake(250);
    x.script({ kind: 'ok' }, { kind: 'usage-cap' });
    const result = await collectX(db, x.url);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('X usage cap reached (UsageCapExceeded: Usage cap exceeded: Monthly product cap)');
    expect(x.searchRequests()).toHaveLength(2);
    expect(postCount()).toBe(100);
    expect(lastRun()).toMatchObject({ outcome: 'failed', requests: 2 });
  });

  it('ends the X part at once when the credits are used up (exit 3)', async () => {
    const x = await fake(50);
    x.script({ kind: 'credits-depleted' });
    const result = await collectX(db, x.url);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('X credits are used up');
    expect(x.searchRequests()).toHaveLength(1);
  });
});

describe('collect --source x: failures', () => {
  it('names X_BEARER_TOKEN and where to get a new one on 401 (exit 3)', async () => {
    const x = await fake(50);
    const result = await collectX(db, x.url, [], { X_BEARER_TOKEN: 'not-the-right-token' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('X rejected X_BEARER_TOKEN (401 Unauthorized)');
    expect(result.stderr).toContain('developer.x.com');
    expect(x.searchRequests()).toHaveLength(1);
  });

  it('says the token may not use the endpoint on 403 (exit 3)', async () => {
    const x = await fake(50);
    x.script({ kind: 'forbidden' });
    const result = await collectX(db, x.url, [], { X_SEARCH: 'all' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('X_BEARER_TOKEN may not use tweets/search/all (403 Client Forbidden');
  });

  it('retries a 503, an unreadable body and a connection dropped mid-body, then succeeds', async () => {
    const x = await fake(150);
    x.script({ kind: 'unavailable' }, { kind: 'malformed-json' }, { kind: 'drop-mid-body' });
    const result = await collectX(db, x.url);
    expect(result.code).toBe(0);
    expect(postCount()).toBe(150);
    expect(x.searchRequests()).toHaveLength(5);
    expect(result.stdout).toContain('2 pages, 5 requests, 150 fetched');
  });

  it('gives up after four tries in a row and fails the source (exit 3), keeping saved pages', async () => {
    const x = await fake(150);
    x.script({ kind: 'ok' }, { kind: 'unavailable' }, { kind: 'unavailable' }, { kind: 'unavailable' }, { kind: 'unavailable' });
    const result = await collectX(db, x.url);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('X API failed 4 times in a row (503 Service Unavailable)');
    expect(x.searchRequests()).toHaveLength(5);
    expect(postCount()).toBe(100);
    // The run record counts every request, the four that failed included.
    expect(lastRun()).toMatchObject({ outcome: 'failed', requests: 5 });

    const again = await collectX(db, x.url);
    expect(again.code).toBe(0);
    expect(postCount()).toBe(150);
  });
});
