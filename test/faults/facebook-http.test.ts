/**
 * HTTP faults from the Graph API, through the real CLI: each is retried without losing or doubling a
 * post, comment or reply, or ends the run with a clear message and a follow-up run completes the set.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { FakeGraphApi, GraphFault } from '../../src/fakes/graph-api';
import { collectFacebook, loadSample, readFixture, startSampleApi } from '../collectors/facebook-helpers';
import { expectSound, facebookIdsOf, loadRunHistory, loadSourceIds, useScratch } from './helpers';

const ALL = facebookIdsOf(loadSample());
const UNAVAILABLE = { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', is_transient: true, code: 2, fbtrace_id: 'AFaultTrace' } };

const scratch = useScratch();
let api: FakeGraphApi;
beforeEach(async () => {
  api = await startSampleApi();
  scratch.onCleanup(() => api.close());
});

/** The first feed page is served; the fault hits the next request that matches. */
function failAfterFirstFeedPage(fault: GraphFault): void {
  api.fail({ match: /\/feed$/, kind: 'usage', headers: {} });
  api.fail({ match: /\/feed$/, ...fault });
}

describe('Graph faults that are retried: the run completes with the exact set', () => {
  const retried: Array<[string, GraphFault]> = [
    ['500 with a transient Graph error', { status: 500, body: UNAVAILABLE }],
    ['502 Bad Gateway (an HTML page)', { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } }],
    ['503 Service Unavailable', { status: 503, body: 'Service Unavailable', headers: { 'content-type': 'text/plain' } }],
    ['a server that stops answering, then resets the connection', { kind: 'stall', stallMs: 1500 }],
    ['a connection reset mid-body', { kind: 'truncate' }],
    ['malformed JSON', { kind: 'malformed' }],
  ];
  it.each(retried)('%s on the second feed page', async (_name, fault) => {
    failAfterFirstFeedPage(fault);
    const result = await collectFacebook(api, scratch.db);
    expect(result.code, result.stderr).toBe(0);
    await expectSound(scratch.db, 'facebook', ALL);
    const [run] = await loadRunHistory(scratch.db);
    expect(run).toMatchObject({ source: 'facebook', outcome: 'ok', new: ALL.length, error: null });
    // Every request, the failed one included, is counted in the history.
    expect(run?.requests).toBe(api.requests.length);
  });

  it('a fault in a comment thread is retried too', async () => {
    api.fail({ match: /\/comments$/, kind: 'truncate' });
    api.fail({ match: /\/comments$/, status: 502, body: '<html>Bad Gateway</html>' });
    const result = await collectFacebook(api, scratch.db);
    expect(result.code, result.stderr).toBe(0);
    await expectSound(scratch.db, 'facebook', ALL);
  });
});

describe('Graph faults that end the run: what was saved stays, the next run completes the set', () => {
  it('five 503s in a row fail the source with exit 3 and the Graph error in the history', async () => {
    failAfterFirstFeedPage({ status: 503, body: UNAVAILABLE, times: 5 });
    const failed = await collectFacebook(api, scratch.db);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('the Graph API kept failing (code 2, HTTP 503)');
    expect(failed.stderr).toContain('Progress is saved; run again later.');
    const saved = loadSourceIds(scratch.db, 'facebook');
    expect(saved.length).toBeGreaterThan(0);
    expect(saved.length).toBeLessThan(ALL.length);

    const again = await collectFacebook(api, scratch.db);
    expect(again.code, again.stderr).toBe(0);
    await expectSound(scratch.db, 'facebook', ALL);
    expect(await loadRunHistory(scratch.db)).toMatchObject([
      { outcome: 'failed', new: saved.length, error: expect.stringContaining('the Graph API kept failing (code 2, HTTP 503)') },
      { outcome: 'ok', new: ALL.length - saved.length, error: null },
    ]);
  });

  it('five dropped connections in a row fail the source, naming the network failure', async () => {
    failAfterFirstFeedPage({ kind: 'drop', times: 5 });
    const failed = await collectFacebook(api, scratch.db);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/cannot get a good answer from the Graph API at http:\/\/127\.0\.0\.1:\d+ after 4 retries: ECONNRESET/);

    const again = await collectFacebook(api, scratch.db);
    expect(again.code, again.stderr).toBe(0);
    await expectSound(scratch.db, 'facebook', ALL);
    expect((await loadRunHistory(scratch.db)).map((r) => r.outcome)).toEqual(['failed', 'ok']);
  });

  it('a rate limit whose wait is beyond --max-wait stops cleanly (exit 0, outcome stopped)', async () => {
    failAfterFirstFeedPage({ status: 400, body: readFixture('fb_error_rate_limit.json') });
    const stopped = await collectFacebook(api, scratch.db, ['--max-wait', '30s']);
    expect(stopped.code, stopped.stderr).toBe(0);
    const saved = loadSourceIds(scratch.db, 'facebook');
    expect(saved.length).toBeLessThan(ALL.length);

    const again = await collectFacebook(api, scratch.db);
    expect(again.code, again.stderr).toBe(0);
    await expectSound(scratch.db, 'facebook', ALL);
    expect(await loadRunHistory(scratch.db)).toMatchObject([
      { outcome: 'stopped', waits: 0, error: expect.stringContaining('Facebook rate limit (code 4)') },
      { outcome: 'ok', error: null },
    ]);
  });
});
