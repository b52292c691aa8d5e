/**
 * `onevision collect --source x` killed with SIGKILL at random points, over and over, while new posts
 * keep appearing: nothing is lost or stored twice, the database stays sound, and the run history
 * marks every abandoned run as failed. Besides the timed kills, some land on a search request, while
 * X's answer is on its way, so some kill always lands mid-run, however fast or slow the machine.
 */
import { expect, it } from 'vitest';
import type { XTweet } from '../../src/collectors/x/wire';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { generateXDataSet } from '../../src/fakes/x-data';
import { TOKEN, collectX, xEnv } from '../collectors/x-setup';
import { expectAllClassified, expectSound, loadRunHistory, useScratch, xIdsOf } from './helpers';
import { expectHistoryAfterKills, expectServedOnce, runKillLoop, type KillEvent } from './kill-loop';

const ITERATIONS = 20;
/** Kills on a run's 1st, 2nd and 3rd search request (the 1st is in every run; later ones when it pages). */
const ON_REQUESTS = [1, 2, 3];
const DAY_MS = 86_400_000;
const FIRST_NEWEST = Date.UTC(2026, 7, 1, 12);

const scratch = useScratch();

/** Kills when the run's n-th search request reaches the fake, which holds the answer for its latency. */
function onSearchRequest(api: FakeXApi, n: number): KillEvent {
  return { name: `on search request ${n} of the run`, arm: () => api.whenSearchRequests(api.searchRequests().length + n) };
}

it(`SIGKILL at ${ITERATIONS} random points and on search requests while posts keep arriving: the exact set, once each, and a truthful history`, async () => {
  const db = scratch.db;
  const first = generateXDataSet(400, { newest: new Date(FIRST_NEWEST) });
  const published: XTweet[] = [...first.tweets];
  // Each answer takes a moment, so a kill can land between any two pages.
  const api = await startFakeXApi({ data: first, token: TOKEN, latencyMs: 40 });
  scratch.onCleanup(() => api.close());

  const loop = await runKillLoop({
    label: 'kill collect --source x',
    iterations: ITERATIONS,
    spread: 1,
    db,
    args: () => ['collect', '--source', 'x'],
    env: xEnv(api.url),
    before: (i, random) => {
      if (i === 0 || random() < 0.3) return;
      // A later day's posts: ids above every earlier one, as on the real timeline.
      const batch = generateXDataSet(20 + Math.floor(random() * 160), { newest: new Date(FIRST_NEWEST + i * DAY_MS) });
      api.publish(batch.tweets, batch.users);
      published.push(...batch.tweets);
    },
    after: (context) => expectServedOnce(db, 'x', xIdsOf(published), context),
    events: ON_REQUESTS.map((n) => onSearchRequest(api, n)),
  });

  const clean = await collectX(db, api.url);
  expect(clean.code, `seed ${loop.seed}: ${clean.stderr}`).toBe(0);
  await expectSound(db, 'x', xIdsOf(published));
  expectAllClassified(db);
  expectHistoryAfterKills(await loadRunHistory(db), loop);
}, 240_000);
