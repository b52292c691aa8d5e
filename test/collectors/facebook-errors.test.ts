import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeGraphApi } from '../../src/fakes/graph-api';
import { makeTempDir } from '../helpers/cli';
import { dumpDb, queryDb } from '../helpers/db';
import { collectFacebook, loadSample, parseRuns, readFixture, sampleCounts, startSampleApi } from './facebook-helpers';

let tmp: ReturnType<typeof makeTempDir>;
let api: FakeGraphApi;
let db: string;
beforeEach(async () => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
  api = await startSampleApi();
});
afterEach(async () => {
  await api.close();
  tmp.cleanup();
});

const TOTAL = (() => {
  const c = sampleCounts(loadSample());
  return c.posts + c.comments + c.replies;
})();
const postCount = () => queryDb<{ n: number }>(db, `SELECT count(*) AS n FROM posts`)[0]?.n;
const withoutRuns = (dump: string) => dump.split('\n').filter((line) => !line.startsWith('runs:') && !line.startsWith('leases:')).join('\n');

describe('an expired or invalid token (code 190)', () => {
  it('exits 3 with how to get a new long-lived Page token, keeps what was saved, and the next run carries on', async () => {
    api.fail({ match: /\/feed$/, kind: 'usage', headers: {} }); // the first feed page is served
    api.fail({ match: /\/feed$/, status: 400, body: readFixture('fb_error_190.json'), headers: { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token"' } });
    const failed = await collectFacebook(api, db);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('token has expired');
    expect(failed.stderr).toContain('long-lived Page token');
    expect(failed.stderr).toContain('FB_PAGE_TOKEN');
    const saved = postCount() ?? 0;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(TOTAL);
    expect(queryDb(db, `SELECT outcome FROM runs`)).toEqual([{ outcome: 'failed' }]);

    const resumed = await collectFacebook(api, db);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(postCount()).toBe(TOTAL);
  });

  it('leaves an up-to-date database exactly as it was', async () => {
    expect((await collectFacebook(api, db)).code).toBe(0);
    const before = withoutRuns(dumpDb(db));
    api.fail({ status: 400, body: readFixture('fb_error_190_invalid.json') });
    const failed = await collectFacebook(api, db);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('password was changed');
    expect(withoutRuns(dumpDb(db))).toBe(before);
    // The refused request still shows in the run record.
    expect(queryDb(db, `SELECT outcome, requests FROM runs ORDER BY id DESC LIMIT 1`)).toEqual([{ outcome: 'failed', requests: 1 }]);
  });
});

describe('rate limits', () => {
  it('stops cleanly with progress saved when Facebook asks for a longer wait than --max-wait', async () => {
    api.fail({ match: /\/feed$/, kind: 'usage', headers: {} });
    api.fail({ match: /\/feed$/, status: 400, body: readFixture('fb_error_rate_limit_buc_80001.json'), headers: { 'x-business-use-case-usage': JSON.stringify({ '1234567890123456': [{ type: 'pages', call_count: 102, total_cputime: 20, total_time: 41, estimated_time_to_regain_access: 7 }] }) } });
    const result = await collectFacebook(api, db, ['--max-wait', '1m']);
    expect(result.code, result.stderr).toBe(0);
    const [summary] = parseRuns(result.stdout);
    expect(summary).toMatchObject({ outcome: 'stopped', reason: 'rate-limit' });
    expect(summary?.message).toContain('80001');
    expect(summary?.message).toContain('7 min');
    expect(postCount()).toBeGreaterThan(0);
    expect((await collectFacebook(api, db)).code).toBe(0);
    expect(postCount()).toBe(TOTAL);
  });

  it.each([
    ['fb_error_rate_limit.json', 4],
    ['fb_error_rate_limit_page_32.json', 32],
    ['fb_error_rate_limit_613.json', 613],
  ])('treats %s (code %i) as a rate limit, not a failure', async (fixture, code) => {
    api.fail({ status: 400, body: readFixture(fixture) });
    const result = await collectFacebook(api, db, ['--max-wait', '5s']);
    expect(result.code, result.stderr).toBe(0);
    expect(parseRuns(result.stdout)[0]).toMatchObject({ outcome: 'stopped', reason: 'rate-limit' });
    expect(parseRuns(result.stdout)[0]?.message).toContain(`code ${code}`);
  });

  it('slows down when the usage headers near the limit, and finishes', async () => {
    api.fail({ match: /\/feed$/, kind: 'usage', headers: { 'x-app-usage': JSON.stringify({ call_count: 82, total_cputime: 10, total_time: 30 }) } });
    const result = await collectFacebook(api, db);
    expect(result.code, result.stderr).toBe(0);
    expect(parseRuns(result.stdout)[0]?.run?.waits).toBe(1);
    expect(postCount()).toBe(TOTAL);
  });

  it('stops before the limit when a usage header says access returns only after --max-wait', async () => {
    api.fail({ match: /\/feed$/, kind: 'usage', headers: {} });
    api.fail({ match: /\/feed$/, kind: 'usage', headers: { 'x-page-usage': JSON.stringify({ call_count: 96, total_cputime: 9, total_time: 27, estimated_time_to_regain_access: 12 }) } });
    const result = await collectFacebook(api, db, ['--max-wait', '1m']);
    const [summary] = parseRuns(result.stdout);
    expect(summary).toMatchObject({ outcome: 'stopped', reason: 'rate-limit' });
    expect(summary?.message).toContain('12 min');
    // No call after the warning: the last request received is the feed page that carried it.
    expect(api.requests[api.requests.length - 1]?.path).toMatch(/\/feed$/);
    expect(postCount()).toBeGreaterThan(0);
  });
});

describe('transient failures are retried with backoff', () => {
  it.each([
    ['a 500', { status: 500, body: '<html>Internal Server Error</html>' }],
    ['code 2 (service unavailable)', { status: 500, body: { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', is_transient: true, code: 2, fbtrace_id: 'X' } } }],
    ['malformed JSON', { kind: 'malformed' as const }],
    ['a dropped connection', { kind: 'drop' as const }],
  ])('%s', async (_name, fault) => {
    api.fail({ ...fault, match: /\/comments$/ });
    const result = await collectFacebook(api, db);
    expect(result.code, result.stderr).toBe(0);
    expect(postCount()).toBe(TOTAL);
    expect(parseRuns(result.stdout)[0]?.run?.requests).toBe(api.requests.length);
  });
});

describe('errors the user must fix', () => {
  it('names the permissions the token needs (code 10)', async () => {
    api.fail({ status: 400, body: readFixture('fb_error_permission_10.json') });
    const result = await collectFacebook(api, db);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('pages_read_engagement');
    expect(result.stderr).toContain('pages_read_user_content');
  });

  it('says which page id was tried when the page does not exist (100/33)', async () => {
    const result = await collectFacebook(api, db, [], { FB_PAGE_ID: 'CornwallCTypo' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('FB_PAGE_ID=CornwallCTypo');
  });

  it('is not configured without a token: says so and exits 2', async () => {
    const result = await collectFacebook(api, db, [], { FB_PAGE_TOKEN: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('FB_PAGE_TOKEN is not set');
  });
});
