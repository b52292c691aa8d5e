/**
 * Real per-request timeouts and rate-limit storms that would take minutes at the production timings
 * (30 s timeouts, Graph's 60 s first rate-limit wait). The CLI has no flag for these and production
 * code reads no test switches, so the collectors are built here with the options they take
 * (createXCollector, createFacebookCollector) and run through the same collection code `collect`
 * uses, against the real database and the fake servers.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/collectors/clock';
import { createFacebookCollector } from '../../src/collectors/facebook';
import { DEFAULT_TIMING } from '../../src/collectors/facebook/usage';
import type { SourceCollector } from '../../src/collectors/types';
import { createXCollector } from '../../src/collectors/x/collector';
import { collectSources, type SourceRunSummary } from '../../src/cli/collection';
import { openEventLog } from '../../src/cli/event-log';
import { ProgressLine } from '../../src/cli/progress';
import { readConfig } from '../../src/config';
import { startFakeGraphApi, type FakeGraphApi } from '../../src/fakes/graph-api';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { generateXDataSet } from '../../src/fakes/x-data';
import { openDatabase } from '../../src/store/database';
import { TOKEN as X_TOKEN } from '../collectors/x-setup';
import { TOKEN as FB_TOKEN, loadSample, readFixture } from '../collectors/facebook-helpers';
import { expectSound, facebookIdsOf, loadRunHistory, useScratch, xIdsOf } from './helpers';

const TIMEOUT_MS = 400;
const X_DATA = generateXDataSet(250);

const scratch = useScratch();

async function fakeX(): Promise<FakeXApi> {
  const api = await startFakeXApi({ data: X_DATA, token: X_TOKEN });
  scratch.onCleanup(() => api.close());
  return api;
}

async function fakeGraph(): Promise<FakeGraphApi> {
  const api = await startFakeGraphApi({ data: loadSample(), token: FB_TOKEN, maxLimit: 5 });
  scratch.onCleanup(() => api.close());
  return api;
}

/** What `onevision collect` does under its lease, with the collector given. */
async function collectWith(collector: SourceCollector, env: Record<string, string>): Promise<SourceRunSummary> {
  const config = readConfig({ db: scratch.db }, env, path.dirname(scratch.db));
  const handle = openDatabase(config.dbPath);
  try {
    const [summary] = await collectSources({
      config,
      db: handle,
      collectors: [collector],
      options: { maxWaitMs: 60_000 },
      clock: systemClock,
      signal: new AbortController().signal,
      command: 'collect',
      progress: new ProgressLine(process.stderr, false),
      log: openEventLog({ dbPath: config.dbPath, secrets: config.secrets, now: () => new Date(), say: () => undefined }),
    });
    return summary as SourceRunSummary;
  } finally {
    handle.close();
  }
}

describe('X: a request that never gets an answer times out and is retried', () => {
  const collector = createXCollector({ timeoutMs: TIMEOUT_MS, retryBaseMs: 20 });
  const env = (api: FakeXApi) => ({ X_BEARER_TOKEN: X_TOKEN, X_API_BASE_URL: api.url });

  it('one timeout: retried, the exact set, the retry counted', async () => {
    const api = await fakeX();
    api.script({ kind: 'ok' }, { kind: 'hold' });
    expect(await collectWith(collector, env(api))).toMatchObject({ outcome: 'ok' });
    await expectSound(scratch.db, 'x', xIdsOf(X_DATA));
    expect(await loadRunHistory(scratch.db)).toMatchObject([{ outcome: 'ok', pages: 3, requests: 4, error: null }]);
  });

  it('four timeouts in a row: the source fails saying so, and the next run completes the set', async () => {
    const api = await fakeX();
    api.script({ kind: 'ok' }, { kind: 'hold' }, { kind: 'hold' }, { kind: 'hold' }, { kind: 'hold' });
    const failed = await collectWith(collector, env(api));
    expect(failed).toMatchObject({ outcome: 'failed', message: 'X API failed 4 times in a row (network error: Request timeout.)' });
    expect((await collectWith(collector, env(api))).outcome).toBe('ok');
    await expectSound(scratch.db, 'x', xIdsOf(X_DATA));
    expect((await loadRunHistory(scratch.db)).map((r) => [r.outcome, r.error])).toEqual([
      ['failed', 'X API failed 4 times in a row (network error: Request timeout.)'],
      ['ok', null],
    ]);
  });
});

describe('Facebook: timeouts and rate-limit storms', () => {
  const timing = { ...DEFAULT_TIMING, timeoutMs: TIMEOUT_MS, retryBaseMs: 20, rateLimitBaseMs: 50 };
  const collector = createFacebookCollector(timing);
  const env = (api: FakeGraphApi) => ({ FB_PAGE_TOKEN: FB_TOKEN, FB_GRAPH_BASE_URL: api.url });
  const ALL = facebookIdsOf(loadSample());
  const afterFirstFeedPage = (api: FakeGraphApi, fault: Parameters<FakeGraphApi['fail']>[0]) => {
    api.fail({ match: /\/feed$/, kind: 'usage', headers: {} });
    api.fail({ match: /\/feed$/, ...fault });
  };

  it('a request that never gets an answer times out, is retried, and the set is exact', async () => {
    const api = await fakeGraph();
    afterFirstFeedPage(api, { kind: 'stall', stallMs: 10_000, times: 2 });
    expect(await collectWith(collector, env(api))).toMatchObject({ outcome: 'ok' });
    await expectSound(scratch.db, 'facebook', ALL);
    const [run] = await loadRunHistory(scratch.db);
    expect(run).toMatchObject({ outcome: 'ok', error: null });
    expect(run?.requests).toBe(api.requests.length);
  });

  it('timeouts past the retries fail the source naming the timeout; the next run completes the set', async () => {
    const api = await fakeGraph();
    afterFirstFeedPage(api, { kind: 'stall', stallMs: 10_000, times: 5 });
    const failed = await collectWith(collector, env(api));
    expect(failed.outcome).toBe('failed');
    expect(failed.message).toMatch(/after 4 retries: ECONNABORTED/);
    expect((await collectWith(collector, env(api))).outcome).toBe('ok');
    await expectSound(scratch.db, 'facebook', ALL);
  });

  it('a storm of rate-limit errors is waited out, each wait in the history', async () => {
    const api = await fakeGraph();
    afterFirstFeedPage(api, { status: 400, body: readFixture('fb_error_rate_limit_613.json'), times: timing.maxRateLimitWaits });
    expect(await collectWith(collector, env(api))).toMatchObject({ outcome: 'ok' });
    await expectSound(scratch.db, 'facebook', ALL);
    expect(await loadRunHistory(scratch.db)).toMatchObject([{ outcome: 'ok', waits: timing.maxRateLimitWaits, error: null }]);
  });

  it('a storm that outlasts the waits stops cleanly; the next run completes the set', async () => {
    const api = await fakeGraph();
    afterFirstFeedPage(api, { status: 400, body: readFixture('fb_error_rate_limit.json'), times: timing.maxRateLimitWaits + 1 });
    const stopped = await collectWith(collector, env(api));
    expect(stopped).toMatchObject({ outcome: 'stopped', reason: 'rate-limit' });
    expect(stopped.message).toContain(`Still limited after ${timing.maxRateLimitWaits} waits`);
    expect((await collectWith(collector, env(api))).outcome).toBe('ok');
    await expectSound(scratch.db, 'facebook', ALL);
    expect(await loadRunHistory(scratch.db)).toMatchObject([
      { outcome: 'stopped', waits: timing.maxRateLimitWaits, error: expect.stringContaining('Still limited') },
      { outcome: 'ok', error: null },
    ]);
  });
});
