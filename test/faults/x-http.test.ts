/**
 * HTTP faults from the X API, through the real CLI: each is retried or waited out without losing or
 * doubling a post, or ends the run with a clear message and a follow-up run completes the set. The
 * run history says which.
 */
import { describe, expect, it } from 'vitest';
import { startFakeXApi, type FakeXApi, type XFault } from '../../src/fakes/x-api';
import { generateXDataSet } from '../../src/fakes/x-data';
import { TOKEN, collectX } from '../collectors/x-setup';
import { expectSound, loadRunHistory, loadSourceIds, useScratch, xIdsOf } from './helpers';

const DATA = generateXDataSet(250);
const ALL = xIdsOf(DATA);

const scratch = useScratch();

async function fakeX(...faults: XFault[]): Promise<FakeXApi> {
  const api = await startFakeXApi({ data: DATA, token: TOKEN });
  api.script(...faults);
  scratch.onCleanup(() => api.close());
  return api;
}

describe('X faults that are retried: the run completes with the exact set', () => {
  const retried: Array<[string, XFault]> = [
    ['500 Internal Server Error', { kind: 'server-error', status: 500 }],
    ['502 Bad Gateway (an HTML page)', { kind: 'server-error', status: 502 }],
    ['503 Service Unavailable', { kind: 'server-error', status: 503 }],
    ['a server that stops answering, then resets the connection', { kind: 'stall', ms: 1500 }],
    ['a connection reset mid-body', { kind: 'drop-mid-body' }],
    ['malformed JSON', { kind: 'malformed-json' }],
  ];
  it.each(retried)('%s on the second page', async (_name, fault) => {
    const api = await fakeX({ kind: 'ok' }, fault);
    const result = await collectX(scratch.db, api.url);
    expect(result.code, result.stderr).toBe(0);
    await expectSound(scratch.db, 'x', ALL);
    // The retry is in the history: one request more than pages.
    expect(await loadRunHistory(scratch.db)).toMatchObject([{ source: 'x', outcome: 'ok', pages: 3, requests: 4, fetched: 250, new: 250, waits: 0, error: null }]);
  });

  it('a storm of 429s with short resets is waited out, each wait counted', async () => {
    const storm: XFault = { kind: 'rate-limit', resetInSeconds: 1 };
    const api = await fakeX({ kind: 'ok' }, storm, storm, storm);
    const result = await collectX(scratch.db, api.url, ['--max-wait', '30s']);
    expect(result.code, result.stderr).toBe(0);
    await expectSound(scratch.db, 'x', ALL);
    const [run] = await loadRunHistory(scratch.db);
    expect(run).toMatchObject({ outcome: 'ok', pages: 3, requests: 6, waits: 3, error: null });
    expect(run?.waitSeconds).toBeGreaterThanOrEqual(3);
  });
});

describe('X faults that end the run: what was saved stays, the next run completes the set', () => {
  it('four failures in a row (500, a stall, a reset mid-body, malformed JSON) fail the source with exit 3', async () => {
    const api = await fakeX({ kind: 'ok' }, { kind: 'server-error', status: 500 }, { kind: 'stall', ms: 300 }, { kind: 'drop-mid-body' }, { kind: 'malformed-json' });
    const failed = await collectX(scratch.db, api.url);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('X API failed 4 times in a row (unreadable response body)');
    expect(failed.stderr).toContain('run `onevision collect` again later');
    expect(loadSourceIds(scratch.db, 'x')).toEqual(xIdsOf(DATA.tweets.slice(0, 100)));

    const again = await collectX(scratch.db, api.url);
    expect(again.code, again.stderr).toBe(0);
    await expectSound(scratch.db, 'x', ALL);
    expect(await loadRunHistory(scratch.db)).toMatchObject([
      { outcome: 'failed', pages: 1, fetched: 100, error: 'X API failed 4 times in a row (unreadable response body)' },
      { outcome: 'ok', fetched: 150, new: 150, error: null },
    ]);
  });

  it('a 429 storm that outlasts its resets stops cleanly (exit 0, outcome stopped)', async () => {
    const storm: XFault = { kind: 'rate-limit', resetInSeconds: 1 };
    const api = await fakeX({ kind: 'ok' }, storm, storm, storm, storm);
    const stopped = await collectX(scratch.db, api.url, ['--max-wait', '30s']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain('x: stopped (rate-limit)');
    expect(loadSourceIds(scratch.db, 'x')).toHaveLength(100);

    const again = await collectX(scratch.db, api.url, ['--max-wait', '30s']);
    expect(again.code, again.stderr).toBe(0);
    await expectSound(scratch.db, 'x', ALL);
    const [first, second] = await loadRunHistory(scratch.db);
    expect(first).toMatchObject({ outcome: 'stopped', pages: 1, waits: 3, error: expect.stringContaining('X kept answering 429 after its reset time') });
    expect(second).toMatchObject({ outcome: 'ok', new: 150 });
  });

  it('a 429 whose reset is beyond --max-wait stops at once without waiting', async () => {
    const limited = await fakeX({ kind: 'ok' }, { kind: 'rate-limit', resetInSeconds: 900 });
    const stopped = await collectX(scratch.db, limited.url, ['--max-wait', '5s']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain('beyond --max-wait (5s)');
    expect(loadSourceIds(scratch.db, 'x')).toHaveLength(100);

    // The window has reset: the same data, served afresh.
    const recovered = await fakeX();
    const again = await collectX(scratch.db, recovered.url);
    expect(again.code, again.stderr).toBe(0);
    await expectSound(scratch.db, 'x', ALL);
    expect(recovered.postsServed).toBe(150);
    expect(await loadRunHistory(scratch.db)).toMatchObject([
      { outcome: 'stopped', waits: 0, error: expect.stringContaining('beyond --max-wait') },
      { outcome: 'ok', error: null },
    ]);
  });
});
