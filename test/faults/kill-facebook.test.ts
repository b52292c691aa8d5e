/**
 * `onevision collect --source facebook` killed with SIGKILL at random points, over and over, while
 * the Page gets new posts, comments and replies: nothing lost, nothing doubled, a sound database and
 * a run history that marks every abandoned run as failed. Besides the timed kills, some land on a
 * Graph request, while its answer is on its way, so some kill always lands mid-run.
 */
import { expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from '../../src/fakes/graph-api';
import { TOKEN, collectFacebook, loadSample } from '../collectors/facebook-helpers';
import { expectAllClassified, expectSound, facebookIdsOf, loadRunHistory, useScratch } from './helpers';
import { expectHistoryAfterKills, expectServedOnce, runKillLoop, type KillEvent } from './kill-loop';

const ITERATIONS = 16;
/** Kills on a run's 1st, 3rd and 6th Graph request (the 1st is in every run). */
const ON_REQUESTS = [1, 3, 6];

const scratch = useScratch();

/** Graph's timestamp format, some minutes after the sample's newest post. */
function graphTime(minutesAfter: number): string {
  return new Date(Date.UTC(2017, 8, 26) + minutesAfter * 60_000).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/** New activity on the Page between two runs: a comment on an old post, a reply, sometimes a new post. */
function addActivity(api: FakeGraphApi, i: number, random: () => number): void {
  const posts = api.data.posts;
  const post = posts[Math.floor(random() * posts.length)];
  if (!post) return;
  const from = { id: String(1_700_000_000 + i), name: `New Voice ${i}` };
  const commentId = `${post.id.split('_')[1]}_17100000000${String(i).padStart(2, '0')}`;
  api.addComment(post.id, { id: commentId, message: `the bus to college costs too much (${i})`, created_time: graphTime(i * 10), from });
  const parent = post.comments?.[0];
  if (parent && parent.id !== commentId) api.addComment(post.id, { id: `${commentId}1`, message: `agree, and the youth club shut (${i})`, created_time: graphTime(i * 10 + 1), from }, parent.id);
  if (random() < 0.3) {
    api.addPost({ id: `${api.data.page.id}_17200000000${String(i).padStart(2, '0')}`, message: `Thank you for ${i * 10} replies so far! #CIoSOneVision`, created_time: graphTime(i * 10 + 2), from: { id: api.data.page.id, name: api.data.page.name } });
  }
}

/** Kills when the run's n-th Graph request reaches the fake, which holds the answer for its latency. */
function onGraphRequest(api: FakeGraphApi, n: number): KillEvent {
  return { name: `on Graph request ${n} of the run`, arm: () => api.whenMoreRequests(n) };
}

it(`SIGKILL at ${ITERATIONS} random points and on Graph requests while the Page changes: the exact set, once each, and a truthful history`, async () => {
  const db = scratch.db;
  const api = await startFakeGraphApi({ data: loadSample(), token: TOKEN, maxLimit: 5, latencyMs: 25 });
  scratch.onCleanup(() => api.close());

  const loop = await runKillLoop({
    label: 'kill collect --source facebook',
    iterations: ITERATIONS,
    spread: 1,
    db,
    args: () => ['collect', '--source', 'facebook'],
    env: { FB_PAGE_TOKEN: TOKEN, FB_GRAPH_BASE_URL: api.url, FB_PAGE_ID: 'CornwallCT' },
    before: (i, random) => {
      if (i > 0 && random() < 0.7) addActivity(api, i, random);
    },
    after: (context) => expectServedOnce(db, 'facebook', facebookIdsOf(api.data), context),
    events: ON_REQUESTS.map((n) => onGraphRequest(api, n)),
  });

  const clean = await collectFacebook(api, db);
  expect(clean.code, `seed ${loop.seed}: ${clean.stderr}`).toBe(0);
  await expectSound(db, 'facebook', facebookIdsOf(api.data));
  expectAllClassified(db);
  expectHistoryAfterKills(await loadRunHistory(db), loop);
}, 240_000);
