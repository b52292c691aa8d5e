/**
 * The desk's overview through the real `onevision serve`: its figures are `onevision summary --json`'s
 * on the same database and filter, its charts are inline SVG the CSP allows, and its quotes are the
 * report's: flagged, unscreened and contact-bearing text never reaches the page, whoever reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { DELETED_TEXT, EMAIL, FLAGGED_SECRET, HUMAN_FLAGGED_SECRET, PHONE, STALE_TEXT, seedReportDb } from '../report/seed';
import { addUser, DeskClient, startServe, type ServingDesk } from './desk-helpers';

const PASSWORD = 'overview test password';
let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let serving: ServingDesk;
let analyst: DeskClient;

beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
  await seedReportDb(db, tmp.file('seed.csv'));
  await addUser(db, 'ana', 'analyst', PASSWORD);
  await addUser(db, 'dee', 'safeguarding-lead', PASSWORD);
  serving = await startServe(db, [], { ONEVISION_REPORTS: tmp.file('reports') });
  analyst = new DeskClient(serving.origin);
  expect((await analyst.signIn('ana', PASSWORD)).status).toBe(303);
}, 90_000);
afterAll(async () => {
  await serving?.stop();
  tmp.cleanup();
});

interface SummaryJson {
  totals: { posts: number; voices: number; awaitingReview: number };
  outcomes: Array<{ outcome: number; posts: number; voices: number; previousPosts: number }>;
}

async function summaryJson(args: readonly string[]): Promise<SummaryJson> {
  const result = await runCli(['--db', db, 'summary', '--json', ...args], { cwd: tmp.dir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as SummaryJson;
}

function figure(page: string, name: string): number {
  const match = new RegExp(`data-figure="${name}" data-value="(\\d+)"`).exec(page);
  if (!match?.[1]) throw new Error(`no figure ${name} on the page`);
  return Number(match[1]);
}

function outcomeCell(page: string, outcome: number): number {
  const match = new RegExp(`<tr data-outcome="${outcome}">.*?data-posts="(\\d+)"`).exec(page);
  if (!match?.[1]) throw new Error(`no row for outcome ${outcome}`);
  return Number(match[1]);
}

describe('the overview', () => {
  it('counts exactly as `onevision summary --json`, unfiltered and filtered', async () => {
    const filters: Array<Record<string, string>> = [{}, { from: '2017-05-01', to: '2017-07-15', source: 'x' }, { from: '2017-05-01', to: '2017-05-31' }];
    for (const filter of filters) {
      const page = await analyst.get(`/?${new URLSearchParams(filter).toString()}`);
      expect(page.status).toBe(200);
      const model = await summaryJson(Object.entries(filter).flatMap(([name, value]) => [`--${name}`, value]));
      expect(figure(page.body, 'posts')).toBe(model.totals.posts);
      expect(figure(page.body, 'voices')).toBe(model.totals.voices);
      expect(figure(page.body, 'awaiting-review')).toBe(model.totals.awaitingReview);
      for (const outcome of model.outcomes) expect(outcomeCell(page.body, outcome.outcome)).toBe(outcome.posts);
    }
    // Guards the guard: the seed has posts, so equal counts are not two zeros.
    expect(figure((await analyst.get('/')).body, 'posts')).toBe(66);
  });

  it('names the outcomes and compares the latest month with the one before', async () => {
    const page = (await analyst.get('/')).body;
    expect(page).toContain('2. Children&#39;s physical, emotional and mental health');
    // The seed posts every other day from 3 April 2017 for 120 days: the latest month is July.
    expect(page).toMatch(/posts in 2017-07<\/p><p class="muted">(as many as in|[+-]\d+% on) 2017-06/);
  });

  it('draws the report\'s charts as inline SVG that needs no inline style, each beside a table', async () => {
    const page = await analyst.get('/');
    const charts = [...page.body.matchAll(/<figure class="chart" data-chart="([\w-]+)">/g)].map((m) => m[1]);
    expect(charts).toEqual(['outcomes', 'weekly-trend', 'sources', 'places']);
    expect((page.body.match(/<svg role="img" aria-label="[^"]+"/g) ?? []).length).toBe(4);
    expect(page.body).not.toMatch(/\sstyle=/);
    expect(page.body).not.toMatch(/<style/);
    // A nonce admits <style> elements but never style attributes: the SVG must need neither.
    expect(page.headers.get('content-security-policy')).toMatch(/style-src 'self'/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
    expect((page.body.match(/<div class="chart-pair (beside|below)"><figure/g) ?? []).length).toBe(4);
  });

  it('quotes only what the gate releases to the public, for an analyst and for the safeguarding lead alike', async () => {
    const lead = new DeskClient(serving.origin);
    expect((await lead.signIn('dee', PASSWORD)).status).toBe(303);
    for (const client of [analyst, lead]) {
      const page = (await client.get('/')).body;
      expect(page).toContain('<blockquote>');
      for (const hidden of [FLAGGED_SECRET, HUMAN_FLAGGED_SECRET, STALE_TEXT, DELETED_TEXT, PHONE, EMAIL, 'Zebedee', 'bruises']) expect(page).not.toContain(hidden);
    }
  });

  it('says what is wrong with a filter it cannot read', async () => {
    const page = await analyst.get('/?from=yesterday');
    expect(page.status).toBe(400);
    expect(page.body).toContain('“From” is not a date: “yesterday”');
  });

  it('shows the form again with the dates as given and what to mend, in the desk\'s words, when From is after To', async () => {
    const page = await analyst.get('/?from=2017-09-01&to=2017-03-01&source=survey');
    expect(page.status).toBe(400);
    expect(page.body).toContain('“From” (2017-09-01) is after “To” (2017-03-01): swap the dates.');
    expect(page.body).not.toContain('--from');
    expect(page.body).toMatch(/<form class="filters"[^>]*>/);
    expect(page.body).toContain('value="2017-09-01"');
    expect(page.body).toMatch(/<option value="survey" selected>/);
  });

  it('is for signed-in people only', async () => {
    const stranger = new DeskClient(serving.origin);
    const page = await stranger.get('/');
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/login/);
  });
});

describe('the overview of a database with no posts yet', () => {
  it('shows zeros and says there is nothing to chart, rather than failing', async () => {
    const empty = makeTempDir();
    const fresh = await startServe(empty.file('onevision.db'));
    try {
      const page = await new DeskClient(fresh.origin).get('/');
      expect(page.status).toBe(200);
      expect(figure(page.body, 'posts')).toBe(0);
      expect(page.body).toContain('no posts yet');
      expect(page.body).toContain('Posts per outcome: not enough data for a chart yet.');
      expect(page.body).not.toContain('<svg');
    } finally {
      await fresh.stop();
      empty.cleanup();
    }
  });
});
