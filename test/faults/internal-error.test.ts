/**
 * Something a collector did not expect (here a feed entry that is `null`, which trips the Facebook
 * collector) is a bug, not an API failure: `collect` exits 1 saying "internal error, please report",
 * the run is recorded as failed with the same words, the stack goes to the log, and what other
 * sources collected is kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from '../../src/fakes/graph-api';
import { startFakeXApi } from '../../src/fakes/x-api';
import { generateXDataSet } from '../../src/fakes/x-data';
import { runCli } from '../helpers/cli';
import { TOKEN as FB_TOKEN, collectFacebook, loadSample } from '../collectors/facebook-helpers';
import { TOKEN as X_TOKEN } from '../collectors/x-setup';
import { expectSound, facebookIdsOf, loadRunHistory, useScratch, xIdsOf } from './helpers';

const scratch = useScratch();

async function fakeGraphWithNullPost(): Promise<FakeGraphApi> {
  const api = await startFakeGraphApi({ data: loadSample(), token: FB_TOKEN, maxLimit: 5 });
  scratch.onCleanup(() => api.close());
  api.fail({ match: /\/feed$/, status: 200, body: { data: [null], paging: { cursors: { before: 'QVFIUm', after: 'QVFIUm' } } } });
  return api;
}

function loggedEvents(db: string): Array<Record<string, unknown>> {
  const file = path.join(path.dirname(db), 'logs', 'onevision.log');
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('an unexpected error inside a collector', () => {
  it('is exit 1, "internal error, please report", a failed run saying so, and the stack in the log', async () => {
    const api = await fakeGraphWithNullPost();
    const result = await collectFacebook(api, scratch.db);

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^onevision: facebook: internal error, please report it: TypeError: /m);
    expect(result.stderr).toContain('This is a bug in onevision, not a failure of facebook');
    expect(await loadRunHistory(scratch.db)).toMatchObject([{ source: 'facebook', outcome: 'failed', error: expect.stringContaining('internal error, please report it: TypeError') }]);
    const end = loggedEvents(scratch.db).find((e) => e.event === 'run.end');
    expect(end).toMatchObject({ outcome: 'failed', internal: true, stack: expect.stringContaining('TypeError') });

    // Not an outage: once Facebook answers as documented, the next run collects everything.
    const next = await collectFacebook(api, scratch.db);
    expect(next.code, next.stderr).toBe(0);
    await expectSound(scratch.db, 'facebook', facebookIdsOf(loadSample()));
  });

  it('with --source all is still exit 1, naming the sources whose data was kept', async () => {
    const graph = await fakeGraphWithNullPost();
    const data = generateXDataSet(120);
    const x = await startFakeXApi({ data, token: X_TOKEN });
    scratch.onCleanup(() => x.close());
    const result = await runCli(['--db', scratch.db, 'collect', '--source', 'all'], {
      env: { X_BEARER_TOKEN: X_TOKEN, X_API_BASE_URL: x.url, FB_PAGE_TOKEN: FB_TOKEN, FB_GRAPH_BASE_URL: graph.url, FB_PAGE_ID: 'CornwallCT' },
    });

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/facebook: internal error, please report it: TypeError: .* \(x collected and kept\)/);
    await expectSound(scratch.db, 'x', xIdsOf(data));
    expect((await loadRunHistory(scratch.db)).map((r) => [r.source, r.outcome])).toEqual([
      ['x', 'ok'],
      ['facebook', 'failed'],
    ]);
  });
});
