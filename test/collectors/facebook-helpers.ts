/** Shared set-up for the Facebook collector tests: the bundled sample behind the fake Graph API. */
import fs from 'node:fs';
import path from 'node:path';
import { startFakeGraphApi, type FakeGraphApi, type FakePageData } from '../../src/fakes/graph-api';
import { ROOT, runCli, type CliResult } from '../helpers/cli';

export const TOKEN = 'EAAFAKEPAGETOKENdoNotLog0123456789';

export function loadSample(): FakePageData {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'data/sample/facebook-page.json'), 'utf8')) as FakePageData;
}

export function readFixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/facebook', name), 'utf8')) as unknown;
}

/** Small pages, so the sample's longest comment list and reply thread span several pages. */
export function startSampleApi(maxLimit = 5): Promise<FakeGraphApi> {
  return startFakeGraphApi({ data: loadSample(), token: TOKEN, maxLimit });
}

export function collectFacebook(api: FakeGraphApi, db: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(['--db', db, 'collect', '--source', 'facebook', '--json', ...args], {
    env: { FB_PAGE_TOKEN: TOKEN, FB_GRAPH_BASE_URL: api.url, FB_PAGE_ID: 'CornwallCT', ...env },
  });
}

export interface RunJson {
  source: string;
  outcome: string;
  reason: string | null;
  message: string | null;
  run: { requests: number; pages: number; fetched: number; new: number; updated: number; waits: number; outcome: string } | null;
}

export function parseRuns(stdout: string): RunJson[] {
  return JSON.parse(stdout) as RunJson[];
}

export function sampleCounts(data: FakePageData): { posts: number; comments: number; replies: number } {
  const comments = data.posts.reduce((n, p) => n + (p.comments?.length ?? 0), 0);
  const replies = data.posts.reduce((n, p) => n + (p.comments ?? []).reduce((m, c) => m + (c.replies?.length ?? 0), 0), 0);
  return { posts: data.posts.length, comments, replies };
}
