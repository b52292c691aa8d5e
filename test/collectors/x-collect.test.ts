import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { XTweet } from '../../src/collectors/x/wire';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { generateXDataSet } from '../../src/fakes/x-data';
import { makeTempDir } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { TOKEN, collectX, fixtureDataSet, laterTweet, spawnCollect } from './x-setup';

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

interface PostRow {
  source_id: string;
  kind: string;
  text: string;
  url: string;
  parent_source_id: string | null;
  revision: number;
}
const posts = () => queryDb<PostRow>(db, 'SELECT source_id, kind, text, url, parent_source_id, revision FROM posts ORDER BY source_id');
const postCount = () => queryDb<{ n: number }>(db, 'SELECT count(*) AS n FROM posts')[0]?.n;
const runs = () => queryDb<{ outcome: string; pages: number; requests: number; fetched: number; new: number; waits: number; error: string | null }>(db, 'SELECT * FROM runs ORDER BY id');

describe('collect --source x: first run', () => {
  it('stores every post once, keyed by its original id, with long text, replies, quotes and authors', async () => {
    api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN });
    const result = await collectX(db, api.url);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^x: ok: 1 page, 1 request, 8 fetched, 8 new, 0 updated, 0 waits$/m);

    const rows = posts();
    expect(rows).toHaveLength(8);
    const byId = new Map(rows.map((r) => [r.source_id, r]));
    // The edited post is keyed by its first version; the link goes to the latest.
    expect(byId.get('2090479258039349258')?.url).toBe('https://x.com/KernowFamHubs/status/2090480960926696404');
    expect(byId.has('2090480960926696404')).toBe(false);
    // The long post has its full note_tweet text, not the truncated one.
    expect(byId.get('2090036234679399364')?.text).not.toMatch(/…$/);
    expect(byId.get('2090036234679399364')?.text.length).toBeGreaterThan(280);
    expect(byId.get('2090728626189244971')).toMatchObject({ kind: 'reply', parent_source_id: '2090711920276447666' });
    expect(byId.get('2089737445045421269')?.kind).toBe('quote');

    const authors = queryDb<{ n: number; distinct_ids: number }>(db, `SELECT count(*) AS n, count(DISTINCT source_author_id) AS distinct_ids FROM authors WHERE source = 'x'`)[0];
    expect(authors?.n).toBe(authors?.distinct_ids);
    expect(queryDb(db, `SELECT handle, name FROM authors WHERE source_author_id = '1402718256337203201'`)).toEqual([{ handle: 'KernowFamHubs', name: 'Kernow Family Hubs' }]);
    // The partial error (a deleted replied-to post) is logged, not fatal.
    expect(result.stderr).toContain('Could not find tweet with referenced_tweets.id: [2088928753873895151]');

    const [request] = api.searchRequests();
    expect(request?.path).toBe('/2/tweets/search/recent');
    expect(request?.query).toMatchObject({ query: '#CIoSOneVision', max_results: '100' });
    expect(request?.query['tweet.fields']).toContain('note_tweet');
    expect(request?.query['tweet.fields']).toContain('edit_history_tweet_ids');
    expect(request?.query['tweet.fields']).not.toContain('context_annotations');
    expect(request?.query.expansions).toContain('author_id');
  });

  it('pages with next_token, asking for the largest pages, in the minimum number of requests', async () => {
    api = await startFakeXApi({ data: generateXDataSet(250), token: TOKEN });
    const result = await collectX(db, api.url, ['--json']);
    expect(result.code).toBe(0);
    expect(postCount()).toBe(250);
    const requests = api.searchRequests();
    expect(requests).toHaveLength(3);
    expect(requests.map((r) => r.query.next_token === undefined)).toEqual([true, false, false]);
    const [summary] = JSON.parse(result.stdout) as Array<{ outcome: string; run: { pages: number; requests: number; fetched: number; new: number } }>;
    expect(summary).toMatchObject({ outcome: 'ok', run: { pages: 3, requests: 3, fetched: 250, new: 250 } });
  });

  it('stores a retweet marked as one, so summaries can count voices rather than echoes', async () => {
    const data = fixtureDataSet();
    const original = data.tweets[1] as XTweet;
    const retweet = laterTweet(original, 5, `RT @KernowFamHubs: ${original.text.slice(0, 100)}…`, { author_id: '86213327', referenced_tweets: [{ type: 'retweeted', id: original.id }] });
    api = await startFakeXApi({ data: { ...data, tweets: [retweet, ...data.tweets] }, token: TOKEN });
    expect((await collectX(db, api.url)).code).toBe(0);
    expect(posts().find((p) => p.source_id === retweet.id)?.kind).toBe('retweet');
  });

  it('never stores a withheld notice or an empty text as a post', async () => {
    const data = fixtureDataSet();
    const first = data.tweets[0] as XTweet;
    const withheld = laterTweet(first, 5, 'This Post from @KernowFamHubs has been withheld in United Kingdom in response to a legal demand.');
    const empty = laterTweet(first, 6, '');
    api = await startFakeXApi({ data: { ...data, tweets: [withheld, empty, ...data.tweets] }, token: TOKEN });
    expect((await collectX(db, api.url)).code).toBe(0);
    const stored = posts().map((p) => p.source_id);
    expect(stored).toHaveLength(data.tweets.length);
    expect(stored).not.toContain(withheld.id);
    expect(stored).not.toContain(empty.id);
  });

  it('uses full-archive search with 500-post pages and the --since/--until window when X_SEARCH=all', async () => {
    api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN });
    const result = await collectX(db, api.url, ['--since', '2026-08-18', '--until', '2026-08-20'], { X_SEARCH: 'all' });
    expect(result.code).toBe(0);
    const [request] = api.searchRequests();
    expect(request?.path).toBe('/2/tweets/search/all');
    expect(request?.query).toMatchObject({ max_results: '500', start_time: '2026-08-18T00:00:00Z', end_time: '2026-08-21T00:00:00Z' });
    expect(posts().map((p) => p.source_id)).toEqual(['2089737445045421269', '2090036234679399364', '2090479258039349258']);
  });

  it('refuses a backfill older than 7 days on recent search before any run starts, and says to use X_SEARCH=all', async () => {
    api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN });
    const result = await collectX(db, api.url, ['--since', '2026-08-01']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('more than 7 days ago');
    expect(result.stderr).toContain('X_SEARCH=all');
    expect(api.searchRequests()).toHaveLength(0);
    // A usage error is not a failed collection: no run record (so no doctor warning) and no failure alert.
    expect(fs.existsSync(db) ? runs() : []).toEqual([]);
    expect(result.stderr).not.toContain('COLLECTION FAILED');
  });

  it('refuses a --since in the future (a mistyped year) before any run starts', async () => {
    api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN });
    const nextYear = String(new Date().getUTCFullYear() + 1);
    const result = await collectX(db, api.url, ['--since', `${nextYear}-01-01`], { X_SEARCH: 'all' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--since ${nextYear}-01-01 is in the future`);
    expect(api.searchRequests()).toHaveLength(0);
    expect(fs.existsSync(db) ? runs() : []).toEqual([]);
  });
});

describe('collect --source x: later runs', () => {
  it('asks only for posts newer than the last complete run, and an edit updates its row', async () => {
    const data = fixtureDataSet();
    api = await startFakeXApi({ data, token: TOKEN });
    expect((await collectX(db, api.url)).code).toBe(0);
    const newest = data.tweets[0] as XTweet;
    const served = api.postsServed;

    const fresh = laterTweet(newest, 30, 'Could the youth bus to Truro run on Saturdays too? #CIoSOneVision');
    const edited = data.tweets[2] as XTweet;
    const editId = laterTweet(newest, 31, 'x').id;
    const edit = { ...edited, id: editId, text: `${edited.text} (edited: 150 young people)`, edit_history_tweet_ids: [...(edited.edit_history_tweet_ids ?? []), editId] };
    api.publish([fresh, edit]);

    const second = await collectX(db, api.url);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('2 fetched, 1 new, 1 updated');
    const requests = api.searchRequests();
    expect(requests[1]?.query.since_id).toBe(newest.id);
    expect(api.postsServed - served).toBe(2);
    expect(postCount()).toBe(9);
    const row = posts().find((p) => p.source_id === '2090479258039349258');
    expect(row).toMatchObject({ revision: 2, url: `https://x.com/KernowFamHubs/status/${editId}` });
    expect(row?.text).toContain('(edited: 150 young people)');

    const third = await collectX(db, api.url);
    expect(third.code).toBe(0);
    expect(api.searchRequests()[2]?.query.since_id).toBe(editId);
    expect(api.postsServed - served).toBe(2);
  });

  it('after --max-posts stops a run part-way, the next run fills the gap: the full set, nothing read twice', async () => {
    api = await startFakeXApi({ data: generateXDataSet(250), token: TOKEN });
    const first = await collectX(db, api.url, ['--max-posts', '120']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('x: stopped (max-posts)');
    // 100, then the 20 still allowed: the cap holds paid reads to what was asked.
    expect(api.searchRequests().map((r) => r.query.max_results)).toEqual(['100', '20']);
    expect(postCount()).toBe(120);

    const second = await collectX(db, api.url);
    expect(second.code).toBe(0);
    expect(postCount()).toBe(250);
    expect(api.postsServed).toBe(250);
    const resumed = api.searchRequests()[2];
    expect(resumed?.query.next_token).toBeDefined();
    expect(resumed?.query.since_id).toBeUndefined();

    // Ids exceed 2^53: the newest is the longest, then the greatest as text.
    const [newest] = queryDb<{ source_id: string }>(db, 'SELECT source_id FROM posts ORDER BY length(source_id) DESC, source_id DESC LIMIT 1');
    await collectX(db, api.url);
    const last = api.searchRequests().at(-1);
    expect(last?.query.since_id).toBe(newest?.source_id);
    expect(last?.query.next_token).toBeUndefined();
    expect(api.postsServed).toBe(250);
  });

  it('resumes from the oldest saved post (until_id) should X refuse the saved next_token', async () => {
    api = await startFakeXApi({ data: generateXDataSet(250), token: TOKEN });
    await collectX(db, api.url, ['--max-posts', '100']);
    const raw = new Database(db);
    const cursor = JSON.parse((raw.prepare(`SELECT value FROM cursors WHERE source = 'x'`).get() as { value: string }).value);
    cursor.pending.nextToken = 'no-longer-valid';
    raw.prepare(`UPDATE cursors SET value = ? WHERE source = 'x'`).run(JSON.stringify(cursor));
    raw.close();

    const result = await collectX(db, api.url);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('X refused the saved next_token');
    expect(postCount()).toBe(250);
    expect(api.postsServed).toBe(250);
    const [, refused, resumed] = api.searchRequests();
    expect(refused?.query.next_token).toBe('no-longer-valid');
    expect(resumed?.query).toMatchObject({ until_id: cursor.pending.untilId });
    expect(resumed?.query.next_token).toBeUndefined();
  });

  it('after kill -9 mid-pagination, the next run ends with exactly the full set and no duplicates', async () => {
    const data = generateXDataSet(350);
    api = await startFakeXApi({ data, token: TOKEN });
    api.script({ kind: 'ok' }, { kind: 'ok' }, { kind: 'hold' });
    const { child, exited } = spawnCollect(db, api.url);
    await api.whenSearchRequests(3);
    child.kill('SIGKILL');
    await exited;
    expect(postCount()).toBe(200);

    const again = await collectX(db, api.url);
    expect(again.code).toBe(0);
    expect(postCount()).toBe(350);
    const ids = queryDb<{ source_id: string }>(db, 'SELECT source_id FROM posts').map((r) => r.source_id);
    expect(new Set(ids).size).toBe(350);
    expect(api.postsServed).toBe(350);
    expect(runs().map((r) => r.outcome)).toEqual(['failed', 'ok']);
  });
});

describe('collect --source x: secrets', () => {
  it('never writes the bearer token to stdout, stderr or the database, even on failures', async () => {
    api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN });
    const outputs: string[] = [];
    for (const args of [[], ['--json']]) {
      const r = await collectX(db, api.url, args);
      outputs.push(r.stdout, r.stderr);
    }
    api.script({ kind: 'unauthorized' });
    const failed = await collectX(db, api.url);
    expect(failed.code).toBe(3);
    outputs.push(failed.stdout, failed.stderr);
    const wrongToken = await collectX(db, api.url, [], { X_BEARER_TOKEN: `${TOKEN}-revoked` });
    expect(wrongToken.code).toBe(3);
    outputs.push(wrongToken.stdout, wrongToken.stderr);

    for (const text of outputs) expect(text).not.toContain(TOKEN);
    for (const file of [db, `${db}-wal`]) {
      if (fs.existsSync(file)) expect(fs.readFileSync(file).includes(Buffer.from(TOKEN))).toBe(false);
    }
    expect(api.requests.every((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
  });
});
