import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeGraphApi } from '../../src/fakes/graph-api';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { TOKEN, collectFacebook, loadSample, parseRuns, sampleCounts, startSampleApi } from './facebook-helpers';

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

const OLDEST_POST = '1234567890123456_1400000034960014'; // 24 March 2017, 49 comments
const LONG_THREAD = '1400000547780031_1410000548438548'; // 13 replies

function kinds(): Record<string, number> {
  const rows = queryDb<{ kind: string; n: number }>(db, `SELECT kind, count(*) AS n FROM posts WHERE source = 'facebook' AND deleted_at IS NULL GROUP BY kind`);
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

describe('collect --source facebook: first run', () => {
  it('brings in every post, comment and reply, linked so threads can be rebuilt', async () => {
    const result = await collectFacebook(api, db);
    expect(result.code, result.stderr).toBe(0);
    const expected = sampleCounts(loadSample());
    expect(kinds()).toEqual({ post: expected.posts, comment: expected.comments, reply: expected.replies });

    const [summary] = parseRuns(result.stdout);
    expect(summary).toMatchObject({ source: 'facebook', outcome: 'ok' });
    expect(summary?.run?.requests).toBe(api.requests.length);
    expect(api.requests.every((r) => r.tokenOk)).toBe(true);
    // The 13-reply thread is longer than a page: its nested paging.next (to graph.facebook.com) was followed here.
    expect(api.requests.some((r) => r.path.endsWith(`/${LONG_THREAD}/comments`))).toBe(true);

    const reply = queryDb<{ parent: string; conv: string; kind: string }>(db, `SELECT parent_source_id AS parent, conversation_id AS conv, kind FROM posts WHERE source_id = '1400001633000007_1410001644361788'`)[0];
    expect(reply).toEqual({ parent: '1400001633000007_1410001643505348', conv: '1234567890123456_1400001633000007', kind: 'reply' });
    const comment = queryDb<{ parent: string; url: string; metrics: string; author: string }>(
      db,
      `SELECT p.parent_source_id AS parent, p.url, p.metrics, a.name AS author FROM posts p JOIN authors a ON a.id = p.author_id WHERE p.source_id = '1400001633000007_1410001643505348'`,
    )[0];
    expect(comment).toEqual({
      parent: '1234567890123456_1400001633000007',
      url: 'https://www.facebook.com/CornwallCT/posts/1400001633000007?comment_id=1410001643505348',
      metrics: JSON.stringify({ likes: 9, replies: 1 }),
      author: 'Gemma Polkinghorne',
    });
  });

  it('keeps a comment whose author Facebook did not give, with the author unknown', async () => {
    expect((await collectFacebook(api, db)).code).toBe(0);
    const withoutFrom = loadSample().posts.flatMap((p) => (p.comments ?? []).flatMap((c) => [c, ...(c.replies ?? [])])).filter((c) => !c.from);
    expect(withoutFrom.length).toBeGreaterThan(0);
    const rows = queryDb<{ author_id: number | null }>(db, `SELECT author_id FROM posts WHERE source_id IN (${withoutFrom.map(() => '?').join(',')})`, ...withoutFrom.map((c) => c.id));
    expect(rows).toHaveLength(withoutFrom.length);
    expect(rows.every((r) => r.author_id === null)).toBe(true);
  });

  it('does not stop at an empty page that still has a next link', async () => {
    api.fail({ kind: 'empty-next', match: /\/feed$/ });
    api.fail({ kind: 'empty-next', match: new RegExp(`/${OLDEST_POST}/comments$`) });
    const result = await collectFacebook(api, db);
    expect(result.code, result.stderr).toBe(0);
    const expected = sampleCounts(loadSample());
    expect(kinds()).toEqual({ post: expected.posts, comment: expected.comments, reply: expected.replies });
  });
});

describe('collect --source facebook: later runs', () => {
  it('re-reads only what changed: nothing new means a few calls and no comment lists', async () => {
    expect((await collectFacebook(api, db)).code).toBe(0);
    const firstRunRequests = api.requests.length;
    const second = await collectFacebook(api, db);
    expect(second.code, second.stderr).toBe(0);
    const requests = api.requests.slice(firstRunRequests);
    expect(parseRuns(second.stdout)[0]?.run).toMatchObject({ new: 0, updated: 0, requests: requests.length });
    expect(requests.filter((r) => r.path.endsWith('/comments'))).toEqual([]);
    expect(requests.length).toBeLessThan(firstRunRequests / 3);
  });

  it('picks up a new comment and a new reply on an old post, re-reading only those threads', async () => {
    expect((await collectFacebook(api, db)).code).toBe(0);
    const before = api.requests.length;
    api.addComment(OLDEST_POST, { id: '1400000034960014_1499999999000001', message: 'Still waiting for a youth bus to Bude.', created_time: '2026-11-01T10:00:00+0000', like_count: 0, permalink_url: 'https://www.facebook.com/CornwallCT/posts/1400000034960014?comment_id=1499999999000001' });
    api.addComment('1234567890123456_1400000547780031', { id: '1400000547780031_1499999999000002', message: 'And another thing about youth clubs', created_time: '2026-11-02T10:00:00+0000', parent: { id: LONG_THREAD } }, LONG_THREAD);
    const result = await collectFacebook(api, db);
    expect(result.code, result.stderr).toBe(0);
    expect(parseRuns(result.stdout)[0]?.run?.new).toBe(2);
    const rows = queryDb<{ source_id: string; kind: string; parent_source_id: string }>(db, `SELECT source_id, kind, parent_source_id FROM posts WHERE source_id LIKE '%_1499999999%' ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: '1400000034960014_1499999999000001', kind: 'comment', parent_source_id: OLDEST_POST },
      { source_id: '1400000547780031_1499999999000002', kind: 'reply', parent_source_id: LONG_THREAD },
    ]);
    const threadReads = api.requests.slice(before).filter((r) => /\/\d+_\d+\/comments$/.test(r.path) && !r.params.after);
    expect(threadReads.map((r) => r.path.split('/')[2]).sort()).toEqual(['1234567890123456_1400000034960014', '1234567890123456_1400000547780031']);
  });

  it('notices a comment deleted on Facebook and erases it (with its replies), listing the exports that held it', async () => {
    expect((await collectFacebook(api, db)).code).toBe(0);
    const gone = '1400000547780031_1410000548438548'; // a comment with 13 replies: they go with it
    const before = queryDb<{ source_id: string }>(db, `SELECT source_id FROM posts WHERE source_id = ? OR parent_source_id = ?`, gone, gone).map((r) => r.source_id);
    expect(before).toHaveLength(14);
    const exportFile = path.join(path.dirname(db), 'before.csv');
    expect((await runCli(['--db', db, 'export', '--out', exportFile])).code).toBe(0);
    expect(api.deleteComment(gone)).toBe(true);

    const result = await collectFacebook(api, db);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('erased 14 posts deleted on the platform');
    expect(result.stderr).toContain(exportFile);
    const left = queryDb<{ source_id: string }>(db, `SELECT source_id FROM posts WHERE source_id IN (${before.map(() => '?').join(',')})`, ...before);
    expect(left).toEqual([]);
    const exported = await runCli(['--db', db, 'export', '--source', 'facebook']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).not.toContain(gone);
    // Re-reading never duplicates: everything else is still there once.
    expect(queryDb<{ n: number }>(db, `SELECT count(*) AS n FROM posts`)[0]?.n).toBe(187 - 14);
  });
});

describe('the Page token', () => {
  it('appears nowhere in output, logs or the database, even when paging links carry it', async () => {
    api.fail({ kind: 'malformed', match: /\/feed$/ });
    const ok = await collectFacebook(api, db);
    expect(ok.code, ok.stderr).toBe(0);
    api.fail({ status: 400, body: { error: { message: `Invalid token ${TOKEN}`, type: 'OAuthException', code: 190, error_subcode: 467 } } });
    const failed = await collectFacebook(api, db, [], {});
    expect(failed.code).toBe(3);
    for (const text of [ok.stdout, ok.stderr, failed.stdout, failed.stderr]) expect(text).not.toContain(TOKEN);
    for (const file of [db, `${db}-wal`]) {
      if (fs.existsSync(file)) expect(fs.readFileSync(file).includes(Buffer.from(TOKEN))).toBe(false);
    }
  });
});
