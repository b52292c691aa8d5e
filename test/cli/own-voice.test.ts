/**
 * Issue 12, item 4: the organisation's own voice. CornwallCT's tweets, residents' retweets of them,
 * the Facebook page's posts and its replies as the page are stored and exported, marked, but are not
 * residents' voices: summaries, reports and the review queue leave them out unless --include-own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakePageData } from '../../src/fakes/graph-api';
import { ROOT, makeTempDir, runCli, type CliResult } from '../helpers/cli';

const FIXTURES = path.join(ROOT, 'test/fixtures/gate');
const X_FILE = path.join(FIXTURES, 'own-voice-x.jsonl');
const FACEBOOK = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'own-voice-facebook.json'), 'utf8')) as FakePageData;
const TOKEN = 'EAAFAKEOWNVOICE0123456789';
/** Named only in the campaign's events posts (and retweets of them), never by a resident. */
const EVENT_ONLY_TOWNS = ['Penzance', 'Newquay', 'Falmouth', 'Bude', 'Liskeard'];

interface Tweet {
  id: string;
  text: string;
  author_id: string;
}

/** Which posts are the campaign's, read from the fixtures by their authors, not by the product. */
function ownPostIds(xAccounts: readonly string[]): Set<string> {
  const ids = new Set<string>();
  const accounts = xAccounts.map((a) => a.toLowerCase());
  for (const line of fs.readFileSync(X_FILE, 'utf8').trim().split('\n')) {
    const page = JSON.parse(line) as { data: Tweet[]; includes: { users: Array<{ id: string; username: string }> } };
    const own = new Set(page.includes.users.filter((u) => accounts.includes(u.username.toLowerCase())).map((u) => u.id));
    for (const tweet of page.data) {
      const retweeted = /^RT @(\w+):/.exec(tweet.text)?.[1]?.toLowerCase();
      if (own.has(tweet.author_id) || (retweeted && accounts.includes(retweeted))) ids.add(tweet.id);
    }
  }
  for (const post of FACEBOOK.posts) {
    if (post.from?.id === FACEBOOK.page.id) ids.add(post.id);
    for (const c of (post.comments ?? []).flatMap((c) => [c, ...(c.replies ?? [])])) if (c.from?.id === FACEBOOK.page.id) ids.add(c.id);
  }
  return ids;
}

const OWN = ownPostIds(['CornwallCT']);
const OWN_WITH_YOUTH_VOICE = ownPostIds(['CornwallCT', 'KernowYouthVoice']);

type Row = Record<string, string>;
const csvRows = (text: string) => parse(text, { columns: true }) as Row[];

interface SummaryJson {
  totals: { posts: number; retweets: number; ownLeftOut: number };
  outcomes: Array<{ outcome: number; posts: number }>;
  notes: string[];
  by: { columns: string[]; rows: Array<Array<string | number>> } | null;
}

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
const cli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => runCli(['--db', db, ...args], { cwd: tmp.dir, env });
async function ok(args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await cli(args, env);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}
const summary = async (...args: string[]) => JSON.parse(await ok(['summary', '--json', ...args])) as SummaryJson;

let exported: Row[];
beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
  expect((await cli(['import', X_FILE])).code).toBe(0);
  const api = await startFakeGraphApi({ data: FACEBOOK, token: TOKEN, maxLimit: 5 });
  try {
    // FB_PAGE_ID is the page's username, as most people set it: the page's own comments are known by
    // the numeric id that prefixes its post ids.
    const collected = await cli(['collect', '--source', 'facebook', '--json'], { FB_PAGE_TOKEN: TOKEN, FB_GRAPH_BASE_URL: api.url, FB_PAGE_ID: 'CornwallCT' });
    expect(collected.code, collected.stderr).toBe(0);
  } finally {
    await api.close();
  }
  exported = csvRows(await ok(['export']));
}, 90_000);
afterAll(() => tmp.cleanup());

const residents = () => exported.filter((r) => !OWN.has(r.source_id!));
const withPlace = (rows: Row[], place: string) => rows.filter((r) => r.places!.split(';').includes(place)).length;
const placeRow = (model: SummaryJson, place: string) => model.by!.rows.find((row) => row[0] === place);

describe('export', () => {
  it('has every post, the campaign\'s own marked own_account=1 and residents\' 0', () => {
    expect(OWN.size).toBe(10); // 3 tweets, 2 retweets of them, 3 page posts, 2 replies as the page
    expect(exported).toHaveLength(24);
    expect(exported.filter((r) => r.own_account === '1').map((r) => r.source_id).sort()).toEqual([...OWN].sort());
    expect(residents().every((r) => r.own_account === '0')).toBe(true);
    const retweets = exported.filter((r) => /^RT /.test(r.text!));
    expect(retweets.filter((r) => r.own_account === '1')).toHaveLength(2);
  });
});

describe('summary', () => {
  it('counts residents only and says how many of the campaign\'s posts it left out', async () => {
    const model = await summary();
    expect(model.totals.posts).toBe(24 - OWN.size);
    expect(model.totals.ownLeftOut).toBe(OWN.size);
    expect(model.totals.retweets).toBe(1); // a resident retweeting the youth council, not the campaign
    for (const outcome of model.outcomes) {
      const expected = residents().filter((r) => r.outcomes!.split(';').includes(String(outcome.outcome))).length;
      expect(outcome.posts, `outcome ${outcome.outcome}`).toBe(expected);
    }
    expect(model.notes.join('\n')).toContain(`${OWN.size} posts by the campaign's own accounts`);
    expect(await ok(['summary'])).toContain(`${OWN.size} posts by the campaign's own accounts`);
  });

  it('does not put the events announcement on the place chart: its seven towns gain nothing', async () => {
    const model = await summary('--by', 'place');
    for (const town of EVENT_ONLY_TOWNS) expect(placeRow(model, town), town).toBeUndefined();
    const truro = withPlace(residents(), 'Truro');
    expect(truro).toBeGreaterThanOrEqual(5); // shown as a number, not "<5"
    expect(placeRow(model, 'Truro')?.[2]).toBe(truro);
  });

  it('--include-own counts them, places too', async () => {
    const model = await summary('--include-own', '--by', 'place');
    expect(model.totals.posts).toBe(24);
    expect(model.totals.ownLeftOut).toBe(0);
    for (const town of EVENT_ONLY_TOWNS) expect(placeRow(model, town), town).toBeDefined();
    expect(placeRow(model, 'Truro')?.[2]).toBe(withPlace(exported, 'Truro'));
    expect(withPlace(exported, 'Truro')).toBeGreaterThan(withPlace(residents(), 'Truro'));
  });
});

describe('report', () => {
  const ownTexts = () => exported.filter((r) => OWN.has(r.source_id!)).map((r) => r.text!.replace(/^RT person-[0-9a-f]{12}: /, '').slice(0, 40));

  it.each(['html', 'md'])('(%s) quotes none of them, leaves them out of the counts, and its method note says how many', async (format) => {
    const file = tmp.file(`report.${format}`);
    const written = JSON.parse(await ok(['report', '--format', format, '--out', file, '--json'])) as { posts: number; quotes: number };
    expect(written.posts).toBe(24 - OWN.size);
    expect(written.quotes).toBeGreaterThan(0);
    // As a reader sees it: entities decoded, Markdown escapes dropped.
    const report = fs.readFileSync(file, 'utf8').replace(/&#0*39;|&#x0*27;|&apos;/gi, "'").replace(/&amp;/g, '&').replace(/\\([\\`*_{}[\]()#+.!|-])/g, '$1');
    for (const text of ownTexts()) expect(report).not.toContain(text);
    for (const phrase of ['change the world', 'One Vision events', "family's experience", 'Thank you to everyone', 'Thanks Tamsin', 'Thank you Mabyn']) {
      expect(report.toLowerCase(), phrase).not.toContain(phrase.toLowerCase());
    }
    expect(report).toContain(`${OWN.size} posts by the campaign's own accounts`);
    for (const town of EVENT_ONLY_TOWNS) expect(report, town).not.toContain(town);
  });

  it('--include-own counts them', async () => {
    const file = tmp.file('report-own.md');
    const written = JSON.parse(await ok(['report', '--format', 'md', '--include-own', '--out', file, '--json'])) as { posts: number };
    expect(written.posts).toBe(24);
    const report = fs.readFileSync(file, 'utf8');
    expect(report).toContain(`| Truro | ${withPlace(exported, 'Truro')} |`);
    expect(report).toContain('| Bude |');
  });
});

describe('review', () => {
  it('queues none of them, unless --include-own', async () => {
    const queued = (JSON.parse(await ok(['review', '--json', '--limit', '500'])) as Array<{ post: string }>).map((q) => q.post.replace(/^\w+:/, ''));
    expect(queued.length).toBeGreaterThan(5);
    expect(queued.filter((id) => OWN.has(id))).toEqual([]);
    const all = (JSON.parse(await ok(['review', '--json', '--limit', '500', '--include-own'])) as Array<{ post: string }>).map((q) => q.post.replace(/^\w+:/, ''));
    expect(all.filter((id) => OWN.has(id)).length).toBeGreaterThan(0);
  });
});

describe('X_OWN_ACCOUNTS', () => {
  it('adds a second account of the campaign: its posts and retweets of it are marked and left out too', async () => {
    const env = { X_OWN_ACCOUNTS: 'CornwallCT,KernowYouthVoice' };
    expect(OWN_WITH_YOUTH_VOICE.size).toBe(OWN.size + 3); // 2 posts and a resident's retweet
    const rows = csvRows(await ok(['export'], env));
    expect(rows.filter((r) => r.own_account === '1').map((r) => r.source_id).sort()).toEqual([...OWN_WITH_YOUTH_VOICE].sort());
    const model = JSON.parse(await ok(['summary', '--json'], env)) as SummaryJson;
    expect(model.totals.ownLeftOut).toBe(OWN_WITH_YOUTH_VOICE.size);
    expect(model.totals.posts).toBe(24 - OWN_WITH_YOUTH_VOICE.size);
    expect(model.totals.retweets).toBe(0);
    const queued = (JSON.parse(await ok(['review', '--json', '--limit', '500'], env)) as Array<{ post: string }>).map((q) => q.post.replace(/^\w+:/, ''));
    expect(queued.filter((id) => OWN_WITH_YOUTH_VOICE.has(id))).toEqual([]);
  });
});
