/**
 * An API whose paging never ends (issue 14): a next token or link handed out again, or pages that
 * keep claiming more while bringing nothing new. The run stops after a few requests with exit 3 and
 * says why, is recorded as failed, keeps what it saved, and the next run neither loops nor skips.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import { MAX_PAGES_WITHOUT_NEW_IDS } from '../../src/collectors/paging-guard';
import type { FakeGraphApi } from '../../src/fakes/graph-api';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { generateXDataSet } from '../../src/fakes/x-data';
import { makeTempDir } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { collectFacebook, loadSample, sampleCounts, startSampleApi } from './facebook-helpers';
import { TOKEN, collectX } from './x-setup';

const FACEBOOK_PAGE = 10;
const OLDEST_POST = '1234567890123456_1400000034960014'; // 49 comments
const LONG_THREAD = '1400000547780031_1410000548438548'; // 13 replies

interface RunRow {
  source: string;
  outcome: string;
  requests: number;
  pages: number;
  new: number;
  error: string | null;
}

interface Setup {
  db: string;
  file(name: string): string;
  runs(): RunRow[];
  stored(source: string): { n: number; distinct_ids: number } | undefined;
  /** The fake X API over `posts` invented posts a minute apart, the newest at `newest`. */
  fakeX(posts: number, newest?: Date): Promise<FakeXApi>;
  /** The fake Graph API over the bundled Page sample, in pages of 10: the feed, long comment lists and replies page. */
  fakeGraph(): Promise<FakeGraphApi>;
}

/** A database and fakes of the test's own, cleaned up by its onTestFinished. */
function setUp({ onTestFinished }: TestContext): Setup {
  const tmp = makeTempDir();
  const closers: Array<() => Promise<void>> = [];
  onTestFinished(async () => {
    for (const close of closers) await close();
    tmp.cleanup();
  });
  const db = tmp.file('ov.db');
  const started = <T extends { close(): Promise<void> }>(api: T): T => {
    closers.push(() => api.close());
    return api;
  };
  return {
    db,
    file: (name) => tmp.file(name),
    runs: () => queryDb<RunRow>(db, 'SELECT source, outcome, requests, pages, new, error FROM runs ORDER BY id'),
    stored: (source) => queryDb<{ n: number; distinct_ids: number }>(db, `SELECT count(*) AS n, count(DISTINCT source_id) AS distinct_ids FROM posts WHERE source = ?`, source)[0],
    fakeX: async (posts, newest) => started(await startFakeXApi({ data: generateXDataSet(posts, { newest }), token: TOKEN })),
    fakeGraph: async () => started(await startSampleApi(FACEBOOK_PAGE)),
  };
}

function everything(): number {
  const { posts, comments, replies } = sampleCounts(loadSample());
  return posts + comments + replies;
}

describe('X: a search whose paging loops', () => {
  it('stops at a repeated next_token, keeps the pages, and the next runs resume below them until all is read', async (context) => {
    const { db, runs, stored, fakeX } = setUp(context);
    const api = await fakeX(350); // recent search: pages of 100, 100, 100, 50
    api.misbehavePaging('repeat-token');
    const first = await collectX(db, api.url);
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toContain('X sent a next_token it had already sent in this run');
    expect(api.searchRequests()).toHaveLength(2);
    expect(stored('x')).toEqual({ n: 200, distinct_ids: 200 });
    expect(runs()).toEqual([expect.objectContaining({ outcome: 'failed', requests: 2, pages: 2, new: 200, error: expect.stringContaining('next_token it had already sent') })]);

    // Still looping: the run starts below the saved posts (until_id, not the token), reads on, and stops again.
    const second = await collectX(db, api.url);
    expect(second.code, second.stderr).toBe(3);
    const resumed = api.searchRequests()[2];
    expect(resumed?.query.next_token).toBeUndefined();
    expect(resumed?.query.until_id).toBeDefined();
    expect(api.searchRequests()).toHaveLength(4);
    expect(stored('x')).toEqual({ n: 350, distinct_ids: 350 });

    // X behaves again: the gap is closed and the run ends well, nothing read twice.
    api.misbehavePaging(null);
    const third = await collectX(db, api.url);
    expect(third.code, third.stderr).toBe(0);
    expect(stored('x')).toEqual({ n: 350, distinct_ids: 350 });
    expect(runs().map((r) => r.outcome)).toEqual(['failed', 'failed', 'ok']);
    expect(api.searchRequests().length).toBeLessThanOrEqual(6);
  });

  it('stops when pages keep claiming more but bring only posts already read', async (context) => {
    const { db, runs, stored, fakeX } = setUp(context);
    const api = await fakeX(250); // pages of 100, 100, 50
    api.misbehavePaging('stale-pages');
    const result = await collectX(db, api.url);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain(`X said there were more results for ${MAX_PAGES_WITHOUT_NEW_IDS + 1} pages in a row that brought no new posts`);
    // Page 1, page 2, then page 2 again under ever new tokens until the allowance runs out.
    expect(api.searchRequests()).toHaveLength(2 + MAX_PAGES_WITHOUT_NEW_IDS + 1);
    expect(stored('x')).toEqual({ n: 200, distinct_ids: 200 });
    expect(runs()[0]).toMatchObject({ outcome: 'failed', error: expect.stringContaining('no new posts') });
  });

  it('follows a few empty pages that still have a next_token, as full-archive search sends them, and stops at endless ones', async (context) => {
    const { db, file, stored, fakeX } = setUp(context);
    const api = await fakeX(150); // pages of 100, 50
    api.misbehavePaging('empty-pages');
    // Three empty pages (requests 2-4), then X behaves: the run carries on to the end.
    const healed = api.whenSearchRequests(4).then(() => api.misbehavePaging(null));
    const fine = await collectX(db, api.url);
    await healed;
    expect(fine.code, fine.stderr).toBe(0);
    expect(stored('x')).toEqual({ n: 150, distinct_ids: 150 });

    const endless = await fakeX(150);
    const other = file('other.db');
    endless.misbehavePaging('empty-pages');
    const stopped = await collectX(other, endless.url);
    expect(stopped.code, stopped.stderr).toBe(3);
    expect(stopped.stderr).toContain('brought no new posts');
    expect(endless.searchRequests()).toHaveLength(1 + MAX_PAGES_WITHOUT_NEW_IDS + 1);
  });

  it('resumes a looping --since/--until backfill below its oldest saved post, without end_time', async (context) => {
    const { db, stored, fakeX } = setUp(context);
    // Three days ago, 350 posts a minute apart (pages of 100, 100, 100, 50), all inside the window.
    const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const api = await fakeX(350, new Date(`${day}T12:00:00Z`));
    api.misbehavePaging('repeat-token');
    const window = ['--since', day, '--until', day];
    const first = await collectX(db, api.url, window);
    expect(first.code, first.stderr).toBe(3);
    expect(api.searchRequests()[0]?.query).toMatchObject({ start_time: `${day}T00:00:00Z`, end_time: expect.any(String) });
    expect(stored('x')?.n).toBe(200);

    api.misbehavePaging(null);
    const second = await collectX(db, api.url, window);
    expect(second.code, second.stderr).toBe(0);
    const resumed = api.searchRequests()[2]?.query;
    expect(resumed).toMatchObject({ start_time: `${day}T00:00:00Z`, until_id: expect.any(String) });
    // X takes only one of end_time and until_id; until_id, the oldest saved post, is the tighter bound.
    expect(resumed?.end_time).toBeUndefined();
    expect(stored('x')).toEqual({ n: 350, distinct_ids: 350 });
  });
});

describe('Facebook: a Graph list whose paging loops', () => {
  it('stops at a feed page whose next link repeats, keeps that page, and the next run reads the rest', async (context) => {
    const { db, runs, stored, fakeGraph } = setUp(context);
    const api = await fakeGraph();
    api.fail({ match: /\/feed$/, kind: 'repeat-next', times: 2 });
    const first = await collectFacebook(api, db);
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toContain('Facebook sent a paging.next link or after cursor it had already sent, for the Page feed');
    expect(api.requests.filter((r) => r.path.endsWith('/feed'))).toHaveLength(2);
    const firstPage = loadSample().posts.sort((a, b) => b.created_time.localeCompare(a.created_time)).slice(0, FACEBOOK_PAGE).map((p) => p.id);
    expect(queryDb<{ source_id: string }>(db, `SELECT source_id FROM posts WHERE kind = 'post' ORDER BY created_at DESC`).map((r) => r.source_id)).toEqual(firstPage);
    expect(runs()).toEqual([expect.objectContaining({ source: 'facebook', outcome: 'failed', error: expect.stringContaining('for the Page feed') })]);

    const second = await collectFacebook(api, db);
    expect(second.code, second.stderr).toBe(0);
    expect(stored('facebook')).toEqual({ n: everything(), distinct_ids: everything() });
  });

  it('stops at a comment list whose next link and after cursor repeat, saving the feed pages before it', async (context) => {
    const { db, fakeGraph } = setUp(context);
    const api = await fakeGraph();
    api.fail({ match: new RegExp(`/${OLDEST_POST}/comments$`), kind: 'repeat-next', times: Infinity });
    const result = await collectFacebook(api, db);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain(`for the comments on post ${OLDEST_POST}`);
    expect(api.requests.filter((r) => r.path.endsWith(`/${OLDEST_POST}/comments`))).toHaveLength(1);
    // The oldest post's feed page was not saved (its thread is unfinished); the pages before it were.
    const posts = queryDb<{ n: number }>(db, `SELECT count(*) AS n FROM posts WHERE kind = 'post'`)[0]?.n ?? 0;
    expect(posts).toBeGreaterThan(0);
    expect(queryDb(db, `SELECT 1 FROM posts WHERE source_id = ? OR conversation_id = ?`, OLDEST_POST, OLDEST_POST)).toEqual([]);
  });

  it('stops at a reply list that keeps pointing onwards to replies already read', async (context) => {
    const { db, runs, fakeGraph } = setUp(context);
    const api = await fakeGraph();
    api.fail({ match: new RegExp(`/${LONG_THREAD}/comments$`), kind: 'stale-next', times: Infinity });
    const result = await collectFacebook(api, db);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain(`Facebook pointed to a next page of the replies to comment ${LONG_THREAD} ${MAX_PAGES_WITHOUT_NEW_IDS + 1} times in a row without bringing anything new`);
    // The second page of replies (new), then the same page again until the allowance ran out.
    expect(api.requests.filter((r) => r.path.endsWith(`/${LONG_THREAD}/comments`))).toHaveLength(MAX_PAGES_WITHOUT_NEW_IDS + 2);
    expect(runs()[0]).toMatchObject({ outcome: 'failed', error: expect.stringContaining('without bringing anything new') });
  });
});
