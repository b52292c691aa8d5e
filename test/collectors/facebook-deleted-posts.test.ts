/**
 * A Page post (a thread root) deleted on Facebook: the next collection that lists the whole feed
 * notices it, Graph confirms the post is gone, and the post with its comments and replies is erased
 * in that collection, like a deleted comment. A feed page that failed, a run cut short, or a post the
 * feed merely leaves out (Graph lists about 600 ranked posts a year) never erases anything.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeGraphApi } from '../../src/fakes/graph-api';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { collectFacebook, loadSample, readFixture, sampleCounts, startSampleApi } from './facebook-helpers';

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

const GONE = '1234567890123456_1400000259420074'; // 19 April 2017: 6 comments, 4 replies
const THREAD_SIZE = 1 + 6 + 4;
const sample = sampleCounts(loadSample());
const EVERYTHING = sample.posts + sample.comments + sample.replies;

function threadRows(): Array<{ source_id: string; deleted_at: string | null }> {
  return queryDb(db, `SELECT source_id, deleted_at FROM posts WHERE source_id = ? OR conversation_id = ? ORDER BY source_id`, GONE, GONE);
}

const countPosts = () => queryDb<{ n: number }>(db, `SELECT count(*) AS n FROM posts WHERE source = 'facebook'`)[0]?.n;
const lookups = (id: string, from = 0) => api.requests.slice(from).filter((r) => r.path.endsWith(`/${id}`));

describe('a Page post deleted on Facebook', () => {
  it('older than the active window: noticed by the count sweep, confirmed by id, erased with its thread in that collection', async () => {
    expect((await collectFacebook(api, db)).code).toBe(0);
    expect(threadRows()).toHaveLength(THREAD_SIZE);
    const exportFile = path.join(tmp.dir, 'before.csv');
    expect((await runCli(['--db', db, 'export', '--out', exportFile])).code).toBe(0);
    expect(api.deletePost(GONE)).toBe(true);

    const before = api.requests.length;
    const result = await collectFacebook(api, db);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`erased ${THREAD_SIZE} posts deleted on the platform`);
    expect(result.stderr).toContain(exportFile);
    expect(threadRows()).toEqual([]);
    expect(countPosts()).toBe(EVERYTHING - THREAD_SIZE);
    // Graph was asked about that post only: every other stored post was on the feed.
    expect(api.requests.slice(before).filter((r) => /\/v\d+\.\d+\/\d+_\d+$/.test(r.path)).map((r) => r.path.split('/').pop())).toEqual([GONE]);

    // Once gone it is not asked about again.
    const again = api.requests.length;
    expect((await collectFacebook(api, db)).code).toBe(0);
    expect(lookups(GONE, again)).toEqual([]);
    expect(countPosts()).toBe(EVERYTHING - THREAD_SIZE);
  });

  it('inside the active window (threads re-read in full every run): erased the same way', async () => {
    const env = { FB_ACTIVE_DAYS: '3650' }; // reaches back past the sample's 2017 posts
    expect((await collectFacebook(api, db, [], env)).code).toBe(0);
    expect(api.deletePost(GONE)).toBe(true);
    const result = await collectFacebook(api, db, [], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`erased ${THREAD_SIZE} posts deleted on the platform`);
    expect(threadRows()).toEqual([]);
    expect(countPosts()).toBe(EVERYTHING - THREAD_SIZE);
  });

  it('left out of the feed but still on Facebook: asked about, and kept', async () => {
    expect((await collectFacebook(api, db)).code).toBe(0);
    api.omitFromFeed(GONE);
    const before = api.requests.length;
    const result = await collectFacebook(api, db);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('deleted on the platform');
    expect(lookups(GONE, before)).toHaveLength(1);
    expect(threadRows()).toHaveLength(THREAD_SIZE);
    expect(threadRows().every((r) => r.deleted_at === null)).toBe(true);
  });

  it('never erased by a run whose feed reading failed or was cut short; the next whole run erases it', async () => {
    expect((await collectFacebook(api, db)).code).toBe(0);
    expect(api.deletePost(GONE)).toBe(true);

    // A feed page (the count sweep's first) is refused: the run fails, nothing is marked.
    api.fail({ match: /\/feed$/, kind: 'usage', headers: {} });
    api.fail({ match: /\/feed$/, status: 403, body: readFixture('fb_error_permission_10.json') });
    const failed = await collectFacebook(api, db);
    expect(failed.code, failed.stderr).toBe(3);
    expect(threadRows()).toHaveLength(THREAD_SIZE);

    // Stopped by --max-posts before the feed was listed to its end: nothing is marked.
    const stopped = await collectFacebook(api, db, ['--max-posts', '1']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(JSON.parse(stopped.stdout)).toMatchObject([{ outcome: 'stopped', reason: 'max-posts' }]);
    expect(threadRows()).toHaveLength(THREAD_SIZE);
    expect(threadRows().every((r) => r.deleted_at === null)).toBe(true);

    // An empty feed page that still has a next link is followed, not taken for the end.
    api.fail({ match: /\/feed$/, kind: 'empty-next' });
    const whole = await collectFacebook(api, db);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stderr).toContain(`erased ${THREAD_SIZE} posts deleted on the platform`);
    expect(threadRows()).toEqual([]);
    expect(countPosts()).toBe(EVERYTHING - THREAD_SIZE);
  });
});
