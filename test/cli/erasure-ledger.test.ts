/**
 * Issue 13, as a data-protection officer would try it: what `forget` and `purge` erase stays erased
 * when the same posts come round again (a Facebook thread re-read, a file re-imported), every copy of
 * a person goes (other people's raw JSON, the file's bytes), an open reader is reported rather than
 * ignored, two people who share a name are never erased together, and every act is in the audit trail.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from '../../src/fakes/graph-api';
import { FIXTURES } from '../collectors/x-setup';
import { makeTempDir, runCli, type CliResult } from '../helpers/cli';
import { dumpDb, queryDb } from '../helpers/db';
import {
  DEMELZA,
  DEMELZA_TEXT,
  IDS,
  JAGO,
  JAGO_TEXT,
  KYLE_FB,
  PAGE,
  PAGE_POST,
  TAMSIN,
  TAMSIN_BUS,
  TAMSIN_CAMHS,
  WENNA_FB,
  WENNA_QUOTE,
  fbComment,
  kyleJsonl,
  pageData,
  tamsinThreadJsonl,
} from './erasure-fixtures';

const FB_TOKEN = 'EAAFAKEPAGETOKENforErasureTests0123456789';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let api: FakeGraphApi | undefined;
const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });

beforeEach(() => {
  tmp = makeTempDir('onevision-erasure-');
  db = tmp.file('ov.db');
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  tmp.cleanup();
});

async function startPage(): Promise<FakeGraphApi> {
  api = await startFakeGraphApi({ data: pageData(), token: FB_TOKEN, maxLimit: 25 });
  return api;
}

function collectPage(fake: FakeGraphApi): Promise<CliResult> {
  return runCli(['--db', db, 'collect', '--source', 'facebook', '--json'], { cwd: tmp.dir, env: { FB_PAGE_TOKEN: FB_TOKEN, FB_GRAPH_BASE_URL: fake.url, FB_PAGE_ID: PAGE.username } });
}

function expectCollected(result: CliResult): void {
  expect(result.code, result.stderr).toBe(0);
  const runs = JSON.parse(result.stdout) as Array<{ source: string; outcome: string }>;
  expect(runs).toEqual([expect.objectContaining({ source: 'facebook', outcome: 'ok' })]);
}

const sourceIds = (source: string) => queryDb<{ source_id: string }>(db, `SELECT source_id FROM posts WHERE source = ? ORDER BY source_id`, source).map((r) => r.source_id);
const authorIds = (source: string) => queryDb<{ id: string }>(db, `SELECT source_author_id AS id FROM authors WHERE source = ? ORDER BY 1`, source).map((r) => r.id);

/** Which of these strings (any case) occur in the bytes of the database file, its WAL or its shared memory. */
function inFileBytes(needles: readonly string[]): string[] {
  const files = ['', '-wal', '-shm'].map((suffix) => `${db}${suffix}`).filter((f) => fs.existsSync(f));
  const contents = files.map((f) => fs.readFileSync(f).toString('latin1').toLowerCase());
  return needles.filter((needle) => contents.some((c) => c.includes(needle.toLowerCase())));
}

/** The pseudonyms an analyst sees in an export, for these posts (SOURCE:ID). */
async function pseudonymsOf(...refs: string[]): Promise<string[]> {
  const exported = await cli('export');
  expect(exported.code, exported.stderr).toBe(0);
  const rows = parse(exported.stdout, { columns: true }) as Array<{ source: string; source_id: string; author: string }>;
  return refs.map((ref) => {
    const author = rows.find((r) => `${r.source}:${r.source_id}` === ref)?.author;
    expect(author, ref).toMatch(/^person-/);
    return author as string;
  });
}

async function importFile(name: string, content: string): Promise<{ new: number; unchanged: number; refused?: number }> {
  fs.writeFileSync(tmp.file(name), content);
  // Classifying is not what these tests are about, and costs a second an import.
  const result = await cli('import', tmp.file(name), '--json', '--no-classify');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { new: number; unchanged: number; refused?: number };
}

async function forgetJson(...args: string[]): Promise<{ posts: number; authors: number; postRefs: string[]; blockFuture: boolean; erasure: number; status: string }> {
  const result = await cli('forget', ...args, '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { posts: number; authors: number; postRefs: string[]; blockFuture: boolean; erasure: number; status: string };
}

describe('forget, then a Facebook collection re-reads the thread', () => {
  it('keeps the forgotten comment and its author out when someone else comments on the same post', async () => {
    const fake = await startPage();
    expectCollected(await collectPage(fake));
    const demelzaComment = fake.data.posts.find((p) => p.id === PAGE_POST)?.comments?.[0]?.id as string;
    expect(sourceIds('facebook')).toContain(demelzaComment);

    const forgotten = await forgetJson('--author', 'Demelza Rowe', '--source', 'facebook');
    expect(forgotten).toMatchObject({ posts: 1, authors: 1, blockFuture: true, postRefs: [`facebook:${demelzaComment}`] });
    expect(authorIds('facebook')).not.toContain(DEMELZA.id);

    const wenna = fbComment(PAGE_POST, 4, WENNA_FB, 'Free swimming at Polzeath in the summer holidays would be amazing', '2017-06-03T10:00:00+0000');
    fake.addComment(PAGE_POST, wenna);
    const before = fake.requests.length;
    const again = await collectPage(fake);
    expectCollected(again);
    // The thread was read again, Demelza's comment with it (inline in the feed, or from its comments edge).
    const rereads = fake.requests.slice(before).filter((r) => r.path.endsWith(`/${PAGE_POST}/comments`) || (r.path.endsWith('/feed') && /comments\.filter\(toplevel\)/.test(r.params.fields ?? '')));
    expect(rereads.length).toBeGreaterThan(0);
    expect((JSON.parse(again.stdout) as Array<{ run: { fetched: number; new: number } }>)[0]?.run).toMatchObject({ new: 1 });

    const ids = sourceIds('facebook');
    expect(ids).toContain(wenna.id);
    expect(ids).not.toContain(demelzaComment);
    expect(authorIds('facebook')).not.toContain(DEMELZA.id);
    expect(queryDb(db, `SELECT count(*) AS n FROM authors WHERE name = ?`, DEMELZA.name)).toEqual([{ n: 0 }]);
    // The Page's reply to her stays (it is not hers), and her words are nowhere in the file.
    expect(ids).toContain(fake.data.posts.find((p) => p.id === PAGE_POST)?.comments?.[0]?.replies?.[0]?.id);
    expect(inFileBytes([DEMELZA_TEXT.slice(0, 40), DEMELZA.name, DEMELZA.id])).toEqual([]);
  });

  it("refuses a forgotten person's new comment by default, and stores it when forgotten with --no-block-future", async () => {
    const fake = await startPage();
    expectCollected(await collectPage(fake));
    const jagoComment = fake.data.posts.find((p) => p.id === PAGE_POST)?.comments?.[1]?.id as string;
    expect((await forgetJson('--author', 'Demelza Rowe', '--source', 'facebook')).blockFuture).toBe(true);
    const [jagoPseudonym] = await pseudonymsOf(`facebook:${jagoComment}`);
    const jago = await forgetJson('--author', jagoPseudonym as string, '--no-block-future');
    expect(jago).toMatchObject({ posts: 1, blockFuture: false, postRefs: [`facebook:${jagoComment}`] });

    const demelzaAgain = fbComment(PAGE_POST, 5, DEMELZA, 'Me again: the bus to Camborne skate park would help too', '2017-06-04T10:00:00+0000');
    const jagoAgain = fbComment(PAGE_POST, 6, JAGO, 'And a late bus back from Plymouth on Saturdays', '2017-06-04T11:00:00+0000');
    fake.addComment(PAGE_POST, demelzaAgain);
    fake.addComment(PAGE_POST, jagoAgain);
    expectCollected(await collectPage(fake));

    const ids = sourceIds('facebook');
    expect(ids).not.toContain(demelzaAgain.id);
    expect(authorIds('facebook')).not.toContain(DEMELZA.id);
    expect(ids).toContain(jagoAgain.id);
    // Jago's erased comment stays erased even though his new one is welcome.
    expect(ids).not.toContain(jagoComment);
    expect(inFileBytes([JAGO_TEXT.slice(0, 40), DEMELZA.name])).toEqual([]);
  });
});

describe('forget, then the same file is imported again', () => {
  const CSV = [
    'id,text,author,created_at',
    'kv-2017-0101,"The youth club in Launceston shut, there is nowhere warm to go after school",@LovedayJago,2017-04-03',
    'kv-2017-0102,"My little brother waits months for speech therapy in Bude",@LovedayJago,2017-04-09',
    'kv-2017-0103,"Better Wi-Fi on the Scilly boats so we can do homework",@TreenBoat,2017-04-10',
  ].join('\n');
  const NDJSON = [
    { id: 'ev-41', text: 'Need a safe space in Newquay that is not the beach at night', author: 'Cadan Nance', created_at: '2017-05-02T18:00:00Z', source: 'event' },
    { id: 'ev-42', text: 'More mental health drop-ins at Truro College please', author: 'Cadan Nance', created_at: '2017-05-02T18:05:00Z', source: 'event' },
    { id: 'ev-43', text: 'Cheaper gym for under 18s in St Austell', author: 'Elowen Bray', created_at: '2017-05-02T18:09:00Z', source: 'event' },
  ]
    .map((row) => JSON.stringify(row))
    .join('\n');

  it('refuses the forgotten posts when the same files come again, and new posts only from the person forgotten with their future posts', async () => {
    expect(await importFile('survey.csv', CSV)).toMatchObject({ new: 3 });
    expect(await importFile('event.ndjson', NDJSON)).toMatchObject({ new: 3 });
    expect(await forgetJson('--author', '@lovedayjago')).toMatchObject({ posts: 2, blockFuture: true });
    expect(await forgetJson('--author', 'Cadan Nance', '--source', 'event', '--no-block-future')).toMatchObject({ posts: 2, blockFuture: false });
    const postsBefore = queryDb(db, 'SELECT * FROM posts ORDER BY id');

    // A dry run says what the import would refuse, and shows none of the forgotten person's words.
    const preview = await cli('import', tmp.file('survey.csv'), '--dry-run');
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('1 post would be imported, 2 refused (erased earlier');
    expect(preview.stdout).not.toMatch(/speech therapy|Launceston|LovedayJago/i);
    const previewJson = JSON.parse((await cli('import', tmp.file('event.ndjson'), '--dry-run', '--json')).stdout) as { posts: number; refused: number };
    expect(previewJson).toMatchObject({ posts: 1, refused: 2 });
    expect(queryDb(db, 'SELECT * FROM posts ORDER BY id')).toEqual(postsBefore);

    expect(await importFile('survey.csv', CSV)).toMatchObject({ new: 0, unchanged: 1, refused: 2 });
    expect(await importFile('event.ndjson', NDJSON)).toMatchObject({ new: 0, unchanged: 1, refused: 2 });
    expect(queryDb(db, 'SELECT * FROM posts ORDER BY id')).toEqual(postsBefore);
    expect(queryDb<{ id: string }>(db, 'SELECT source_author_id AS id FROM authors ORDER BY 1').map((a) => a.id)).toEqual(['elowen bray', 'treenboat']);

    const later = [
      { id: 'kv-2018-0007', text: 'Still no youth club in Launceston a year on', author: '@lovedayjago', created_at: '2018-04-03T12:00:00Z', source: 'survey' },
      { id: 'ev-97', text: 'Thanks for listening at the Newquay event', author: 'Cadan Nance', created_at: '2018-05-02T18:00:00Z', source: 'event' },
    ];
    expect(await importFile('later.ndjson', later.map((r) => JSON.stringify(r)).join('\n'))).toMatchObject({ new: 1, refused: 1 });
    expect(sourceIds('survey')).toEqual(['kv-2017-0103']);
    expect(sourceIds('event')).toEqual(['ev-43', 'ev-97']);
  });
});

describe('a typed name is one person however it is spaced', () => {
  it("refuses a forgotten respondent's later rows with the name in another case or with doubled spaces", async () => {
    expect(await importFile('first.csv', 'id,text,author,created_at\nr1,We need more youth clubs in Truro,Alice Pengelly,2017-05-01\n')).toMatchObject({ new: 1 });
    expect(await forgetJson('--author', 'Alice  Pengelly')).toMatchObject({ posts: 1, blockFuture: true });
    const later = 'id,text,author,created_at\nr9,lower case,alice pengelly,2017-06-01\nr10,Another spaced,Alice  Pengelly,2017-06-01\nr11,tabbed,Alice\tPengelly ,2017-06-01\nr12,Someone else,Alice Penrose,2017-06-01\n';
    expect(await importFile('later.csv', later)).toMatchObject({ new: 1, refused: 3 });
    expect(sourceIds('survey')).toEqual(['r12']);
  });
});

describe('forget, whatever way the name or handle is written', () => {
  // What a reader sees as the person, written with other characters: a no-break or zero-width space,
  // a hyphen, an accent, look-alike letters, full-width letters, the name run together.
  const AS_WRITTEN = ['sam jones', 'Sam\u00a0Jones', 'Sam-Jones', 'Sám Jones', 'Sam\u200bJones', 'S\u0430m Jones', 'SamJones', 'Jones, Sam', 'Sam R. Jones', 'Sam_Jones'];
  const HANDLES = ['jenny\u200b_p99', 'jen\u00adny_p99', '\uff4a\uff45\uff4e\uff4e\uff59_p99', 'j\u0435nny_p99'];
  const rows = (prefix: string, date: string, forms: readonly string[], words: string) =>
    forms.map((form, i) => JSON.stringify({ id: `${prefix}${i}`, text: `${form} ${words}`, created_at: date, author: `Resident ${prefix}${i}` })).join('\n');

  it('rewrites every spelling in the posts already stored, and in posts imported afterwards', async () => {
    const first = [
      JSON.stringify({ id: 'a1', text: 'More buses please', author: 'Sam Jones', created_at: '2017-05-01' }),
      JSON.stringify({ id: 'a2', text: 'We need more youth clubs', author: 'jenny_p99', created_at: '2017-05-01' }),
      rows('m', '2017-05-02', AS_WRITTEN, 'said buses'),
      rows('h', '2017-05-02', HANDLES, 'said youth clubs'),
    ].join('\n');
    expect(await importFile('first.ndjson', first)).toMatchObject({ new: 2 + AS_WRITTEN.length + HANDLES.length });
    await forgetJson('--author', 'Sam Jones');
    await forgetJson('--author', 'jenny_p99');
    const texts = () => queryDb<{ id: string; text: string }>(db, `SELECT source_id AS id, text FROM posts ORDER BY source_id`);
    expect(texts().filter((r) => /^[mh]\d/.test(r.id))).toEqual([
      ...HANDLES.map((_, i) => ({ id: `h${i}`, text: '[erased] said youth clubs' })),
      ...AS_WRITTEN.map((_, i) => ({ id: `m${i}`, text: '[erased] said buses' })),
    ]);

    expect(await importFile('later.ndjson', [rows('n', '2017-06-02', AS_WRITTEN, 'runs the youth club'), rows('k', '2017-06-02', HANDLES, 'runs the youth club')].join('\n'))).toMatchObject({
      new: AS_WRITTEN.length + HANDLES.length,
    });
    expect(texts().filter((r) => /^[nk]\d/.test(r.id)).map((r) => r.text)).toEqual(Array.from({ length: AS_WRITTEN.length + HANDLES.length }, () => '[erased] runs the youth club'));
    expect(inFileBytes(['Sam-Jones', 'jenny\u200b_p99'])).toEqual([]);
  });
});

describe('forget takes the person, not the words they share with everyone', () => {
  it("leaves an everyday-word handle or a name run together alone in other people's sentences, and takes it as a mention", async () => {
    const first = [
      { id: 'p1', text: 'Buses please', author: 'Summer', created_at: '2017-05-01' },
      { id: 'p2', text: 'Jobs please', author: 'Kit Chen', created_at: '2017-05-01' },
      { id: 'p3', text: 'In summer the kitchen at the youth club is open, and @Summer agrees', author: 'Resident One', created_at: '2017-05-02' },
    ];
    expect(await importFile('first.ndjson', first.map((r) => JSON.stringify(r)).join('\n'))).toMatchObject({ new: 3 });
    await forgetJson('--author', 'Summer');
    await forgetJson('--author', 'Kit Chen');
    const later = [{ id: 'p4', text: 'Summer is great, the kitchen is open, @summer come?', author: 'Resident Two', created_at: '2017-06-02' }];
    expect(await importFile('later.ndjson', later.map((r) => JSON.stringify(r)).join('\n'))).toMatchObject({ new: 1 });
    expect(queryDb<{ text: string }>(db, `SELECT text FROM posts ORDER BY source_id`).map((r) => r.text)).toEqual([
      'In summer the kitchen at the youth club is open, and [erased] agrees',
      'Summer is great, the kitchen is open, [erased] come?',
    ]);
  });

  it('takes them out of the url column, refuses their new posts under other spellings, and refuses hand-typed echoes of them', async () => {
    const first = [
      { id: 'q1', text: 'More youth clubs', author: 'jenny_p99', created_at: '2017-05-01' },
      { id: 'q2', text: 'look at this', author: 'Other One', created_at: '2017-05-02', url: 'https://example.com/fans/jenny_p99' },
      { id: 'q3', text: 'look at that', author: 'Other Two', created_at: '2017-05-02', url: 'https://example.org/plain-page' },
      // Echoes stored before the erasure go with the person, as the ledger refuses them afterwards.
      { id: 'q4', text: 'MT @Jenny_P99: More youth clubs', author: 'Other Three', created_at: '2017-05-02' },
      { id: 'q5', text: 'More youth clubs (via @jenny_p99)', author: 'Other Three', created_at: '2017-05-02' },
      { id: 'q6', text: 'I agree with @jenny_p99 via the survey', author: 'Other Three', created_at: '2017-05-02' },
    ];
    expect(await importFile('first.ndjson', first.map((r) => JSON.stringify(r)).join('\n'))).toMatchObject({ new: 6 });
    await forgetJson('--author', 'jenny_p99');
    expect(queryDb<{ id: string; url: string | null }>(db, `SELECT source_id AS id, url FROM posts ORDER BY source_id`)).toEqual([
      { id: 'q2', url: null },
      { id: 'q3', url: 'https://example.org/plain-page' },
      { id: 'q6', url: null },
    ]);
    expect(queryDb<{ text: string }>(db, `SELECT text FROM posts WHERE source_id = 'q6'`)).toEqual([{ text: 'I agree with [erased] via the survey' }]);
    const later = [
      { id: 'r1', text: 'a new post', author: 'jenny\u200b_p99', created_at: '2017-06-02' },
      { id: 'r2', text: 'another', author: '\uff4a\uff45\uff4e\uff4e\uff59_p99', created_at: '2017-06-02' },
      { id: 'r3', text: 'RT @jenny_p99 More youth clubs', author: 'Other Three', created_at: '2017-06-02' },
      { id: 'r4', text: 'MT @jenny_p99: More youth clubs', author: 'Other Three', created_at: '2017-06-02' },
      { id: 'r5', text: '"@jenny_p99: More youth clubs"', author: 'Other Three', created_at: '2017-06-02' },
      { id: 'r6', text: "jenny_p99's idea is good, jenny_p99-style", author: 'Other Four', created_at: '2017-06-02', url: 'https://example.com/u/jenny_p99' },
      { id: 'r7', text: 'More youth clubs via @jenny_p99 https://t.co/abc123', author: 'Other Three', created_at: '2017-06-02' },
    ];
    expect(await importFile('later.ndjson', later.map((r) => JSON.stringify(r)).join('\n'))).toMatchObject({ new: 1, refused: 6 });
    expect(queryDb<{ text: string; url: string | null }>(db, `SELECT text, url FROM posts WHERE source_id = 'r6'`)).toEqual([{ text: "[erased]'s idea is good, [erased]-style", url: null }]);
  });
});

describe('forget on X: every copy of the person goes', () => {
  it("drops their posts, retweets and quotes of them, scrubs replies to them, and leaves none of them in the file's bytes", async () => {
    fs.writeFileSync(tmp.file('harvest.jsonl'), tamsinThreadJsonl());
    const imported = await cli('import', tmp.file('harvest.jsonl'), '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ format: 'twarc', new: 8 });
    const needles = [TAMSIN_BUS.slice(0, 45), TAMSIN_CAMHS.slice(0, 38), 'none of us can stay for after-school clubs', TAMSIN.username, TAMSIN.name, TAMSIN.id];
    expect(inFileBytes(needles)).toEqual(needles);

    const forgotten = await forgetJson('--author', `@${TAMSIN.username}`);
    expect(forgotten.postRefs.sort()).toEqual([IDS.tamsinBus, IDS.tamsinCamhs, IDS.wennaQuote, IDS.kensaRetweet].map((id) => `x:${id}`).sort());
    expect(forgotten.status).toBe('wiped');
    expect(sourceIds('x')).toEqual([IDS.joryReply, IDS.wennaReply, IDS.kensaOwn, IDS.piranOwn].sort());
    expect(authorIds('x')).not.toContain(TAMSIN.id);

    // Jory's reply stays, but neither its text nor its raw JSON holds anything of Tamsin.
    const [reply] = queryDb<{ text: string; raw: string }>(db, `SELECT text, raw FROM posts WHERE source_id = ?`, IDS.joryReply);
    expect(reply?.text).toBe('[erased] Same in St Austell, I walk 40 minutes home every Tuesday #CIoSOneVision');
    const raw = JSON.parse(reply?.raw ?? '{}') as { tweet: Record<string, unknown>; referenced?: unknown[] };
    expect(raw.tweet.id).toBe(IDS.joryReply);
    for (const form of [TAMSIN_BUS.slice(0, 30), TAMSIN.username, TAMSIN.name, TAMSIN.id]) expect(reply?.raw.toLowerCase()).not.toContain(form.toLowerCase());
    // Morwenna's answer to Jory names Tamsin and carries Jory's reply: both scrubbed.
    const [answer] = queryDb<{ text: string; raw: string }>(db, `SELECT text, raw FROM posts WHERE source_id = ?`, IDS.wennaReply);
    expect(answer?.text).not.toMatch(/tamsin/i);
    expect(answer?.raw).not.toMatch(/tamsin|1587204936120483841/i);
    // Jory's profile said "Mates with @tamsin_kernow".
    expect(queryDb<{ raw: string }>(db, `SELECT raw FROM authors WHERE source_author_id = '2874561093'`)[0]?.raw).not.toMatch(/tamsin/i);

    expect(inFileBytes([...needles, WENNA_QUOTE.slice(0, 40)])).toEqual([]);
    expect(queryDb(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });
});

describe('forget, then the copies of the person in other people\'s posts come round again', () => {
  it('a reply that names the forgotten person stays scrubbed when the thread is re-read', async () => {
    const fake = await startPage();
    const demelzaComment = fake.data.posts.find((p) => p.id === PAGE_POST)?.comments?.[0]?.id as string;
    const naming = fbComment(PAGE_POST, 7, WENNA_FB, 'Demelza Rowe is so right, we used to skate there every Saturday', '2017-06-02T09:00:00+0000', demelzaComment);
    fake.addComment(PAGE_POST, naming, demelzaComment);
    expectCollected(await collectPage(fake));
    await forgetJson('--author', 'Demelza Rowe', '--source', 'facebook');
    const scrubbed = queryDb<{ text: string }>(db, `SELECT text FROM posts WHERE source_id = ?`, naming.id)[0]?.text;
    expect(scrubbed).toBe('[erased] is so right, we used to skate there every Saturday');

    fake.addComment(PAGE_POST, fbComment(PAGE_POST, 8, JAGO, 'Camborne needs a youth cafe as well', '2017-06-03T09:00:00+0000'));
    expectCollected(await collectPage(fake));
    expect(queryDb<{ text: string }>(db, `SELECT text FROM posts WHERE source_id = ?`, naming.id)[0]?.text).toBe(scrubbed);
    expect(inFileBytes([DEMELZA.name, DEMELZA.id])).toEqual([]);
  });

  it('re-importing the same X harvest brings back none of the forgotten person, in posts, profiles or bytes', async () => {
    fs.writeFileSync(tmp.file('harvest.jsonl'), tamsinThreadJsonl());
    expect((await cli('import', tmp.file('harvest.jsonl'), '--no-classify')).code).toBe(0);
    await forgetJson('--author', TAMSIN.username);
    const again = await cli('import', tmp.file('harvest.jsonl'), '--no-classify', '--json');
    expect(again.code, again.stderr).toBe(0);
    // Tamsin's two posts, Morwenna's quote and Kensa's retweet of them.
    expect(JSON.parse(again.stdout)).toMatchObject({ new: 0, refused: 4 });
    expect(sourceIds('x')).toEqual([IDS.joryReply, IDS.wennaReply, IDS.kensaOwn, IDS.piranOwn].sort());
    const rows = [
      ...queryDb<{ what: string; text: string; raw: string }>(db, `SELECT 'post x:' || source_id AS what, text, raw FROM posts`),
      ...queryDb<{ what: string; text: string; raw: string }>(db, `SELECT 'author ' || source_author_id AS what, coalesce(handle, '') || ' ' || coalesce(name, '') AS text, raw FROM authors`),
    ];
    const forms = [TAMSIN.username, TAMSIN.name, TAMSIN.id, TAMSIN_BUS.slice(0, 30)];
    const found = rows.flatMap((row) => (['text', 'raw'] as const).flatMap((column) => forms.filter((f) => (row[column] ?? '').toLowerCase().includes(f.toLowerCase())).map((f) => `${row.what} ${column}: ${f}`)));
    expect(found).toEqual([]);
    expect(inFileBytes([TAMSIN.username, TAMSIN.name, TAMSIN.id, TAMSIN_BUS.slice(0, 45)])).toEqual([]);
  });
});

describe('forget --post, then retweets, quotes and replies of the post arrive later', () => {
  it('refuses the retweet and the quote, and keeps no copy of the erased post in a reply', async () => {
    const [echoes, originals] = tamsinThreadJsonl().trim().split('\n');
    expect(await importFile('first.jsonl', `${originals}\n`)).toMatchObject({ new: 4 });
    expect((await forgetJson('--post', `x:${IDS.tamsinBus}`)).postRefs).toEqual([`x:${IDS.tamsinBus}`]);

    // Kensa's retweet and Morwenna's quote go with the post, as forget would have taken them.
    expect(await importFile('later.jsonl', `${echoes}\n`)).toMatchObject({ new: 2, refused: 2 });
    expect(sourceIds('x')).toEqual([IDS.tamsinCamhs, IDS.joryReply, IDS.wennaReply, IDS.kensaOwn, IDS.piranOwn].sort());
    const [reply] = queryDb<{ raw: string }>(db, `SELECT raw FROM posts WHERE source_id = ?`, IDS.joryReply);
    expect(reply?.raw).not.toContain(TAMSIN_BUS.slice(0, 30));
    expect(inFileBytes([TAMSIN_BUS.slice(0, 45)])).toEqual([]);
  });
});

describe('forget --post on a post imported from a v1.1 collection', () => {
  it('takes the quote of it along (its quoted_status holds the erased words), and a re-import brings neither back', async () => {
    const file = path.join(FIXTURES, 'twarc1_ciosonevision_2017.jsonl');
    const [announcement, quote] = ['872003887668294609', '872071807242519089'];
    expect((await cli('import', file, '--no-classify')).code).toBe(0);
    const text = 'tell us what helps your family';
    expect(queryDb<{ text: string }>(db, `SELECT text FROM posts WHERE source_id = ?`, announcement)[0]?.text).toContain(text);
    expect(queryDb<{ raw: string }>(db, `SELECT raw FROM posts WHERE source_id = ?`, quote)[0]?.raw).toContain(text);

    const forgotten = await forgetJson('--post', `x:${announcement}`);
    expect(forgotten.postRefs.sort()).toEqual([`x:${announcement}`, `x:${quote}`]);
    expect(forgotten.status).toBe('wiped');
    expect(sourceIds('x')).not.toContain(quote);
    expect(inFileBytes([text])).toEqual([]);

    const again = await cli('import', file, '--no-classify', '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ new: 0, refused: 2 });
    expect(inFileBytes([text])).toEqual([]);
  });
});

describe('forget while another program reads the database', () => {
  it('says the rows are gone but the bytes are not (exit 5), doctor shows the pending wipe, and --finish completes it', { timeout: 60_000 }, async () => {
    const text = 'Nobody at school knows I look after my mum, I am so tired in Redruth';
    await importFile('survey.csv', ['id,text,author,created_at', `kr-1,"${text}",@KeziaCarer,2017-06-01`, 'kr-2,"More youth buses in Redruth",@MylorB,2017-06-02'].join('\n'));
    const reader = new Database(db, { readonly: true });
    let closed = false;
    try {
      reader.prepare('BEGIN').run();
      expect(reader.prepare('SELECT * FROM posts').all()).toHaveLength(2);

      const started = Date.now();
      const result = await cli('forget', '--author', 'KeziaCarer', '--wait', '2s');
      const waited = Date.now() - started;
      expect(result.code, result.stderr).toBe(5);
      // --wait is the limit: 2 s of waiting, plus starting node, not SQLite's own 10 s busy timeout on top.
      expect.soft(waited, 'forget --wait 2s took this many ms').toBeLessThan(8000);
      expect(result.stderr).toMatch(/rows are gone/);
      expect(result.stderr).toMatch(/bytes are not yet/);
      expect(sourceIds('survey')).toEqual(['kr-2']);

      const doctor = await cli('doctor', '--offline', '--json');
      expect(doctor.code).toBe(2);
      const checks = JSON.parse(doctor.stdout) as Array<{ name: string; status: string; detail: string }>;
      expect(checks.find((c) => c.name === 'erasures')).toMatchObject({ status: 'fail' });

      reader.prepare('COMMIT').run();
      reader.close();
      closed = true;
      const finish = await cli('forget', '--finish');
      expect(finish.code, finish.stderr).toBe(0);
      const after = await cli('doctor', '--offline', '--json');
      expect(after.code, after.stdout).toBe(0);
      expect((JSON.parse(after.stdout) as Array<{ name: string; status: string }>).find((c) => c.name === 'erasures')).toMatchObject({ status: 'ok' });
      expect(inFileBytes([text.slice(0, 40), 'KeziaCarer'])).toEqual([]);
    } finally {
      if (!closed) reader.close();
    }
  });
});

describe('forget --author with a name two people share', () => {
  it('refuses (exit 2), erases nothing, lists both; with --source erases only one', async () => {
    const fake = await startPage();
    expectCollected(await collectPage(fake));
    fs.writeFileSync(tmp.file('kyle.jsonl'), kyleJsonl());
    expect((await cli('import', tmp.file('kyle.jsonl'))).code).toBe(0);
    const kyleComment = fake.data.posts[1]?.comments?.[0]?.id as string;
    const [fbPseudonym, xPseudonym] = await pseudonymsOf(`facebook:${kyleComment}`, 'x:1770100000000000050');
    const before = dumpDb(db);

    const refused = await cli('forget', '--author', 'Kyle Richards');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/matches 2 different people/);
    expect(refused.stderr).toMatch(new RegExp(`facebook\\s+${fbPseudonym}\\s+1 post$`, 'm'));
    expect(refused.stderr).toMatch(new RegExp(`x\\s+${xPseudonym}\\s+1 post$`, 'm'));
    expect(refused.stderr).toContain('--source');
    expect(dumpDb(db)).toBe(before);

    expect(await forgetJson('--author', 'kyle richards', '--source', 'facebook')).toMatchObject({ posts: 1, postRefs: [`facebook:${kyleComment}`] });
    expect(sourceIds('x')).toEqual(['1770100000000000050']);
    expect(authorIds('facebook')).not.toContain(KYLE_FB.id);
  });

  it('refuses too when one of them is a survey respondent who wrote the name as their author', async () => {
    const fake = await startPage();
    expectCollected(await collectPage(fake));
    await importFile('survey.csv', ['id,text,author,created_at', 'kv-77,"Skate park for Redruth please",Kyle Richards,2017-04-20'].join('\n'));
    const before = dumpDb(db);

    const refused = await cli('forget', '--author', 'Kyle Richards');
    expect(refused.code, refused.stdout).toBe(2);
    expect(refused.stderr).toMatch(/matches 2 different people/);
    expect(dumpDb(db)).toBe(before);
  });
});

describe('the audit trail', () => {
  it('lists every decision and data-protection act in order, with time, user and action, and nothing of whom a forget was about', async () => {
    const csv = [
      'id,text,author,created_at',
      'ab-9001,"Foster care in Penryn was the best thing that happened to me",@BryokSaunders,2017-05-01',
      'ab-9002,"Please keep the Helston library open late for revision",@NessaW,2017-05-02',
      'ab-9003,"The ferry to St Mary\'s costs too much for families",@ScillyKid,2012-05-03',
    ].join('\n');
    await importFile('survey.csv', csv);
    const steps: Array<[string, string[]]> = [
      ['label', ['label', 'survey:ab-9001', '--outcomes', '1,3']],
      ['flag-cleared', ['label', 'survey:ab-9002', '--safeguarding', 'no', '--note', 'a library, not a disclosure']],
      ['export', ['export', '--out', tmp.file('out/posts.csv')]],
      ['report', ['report', '--out', tmp.file('out/board.html')]],
    ];
    for (const [, args] of steps) expect((await cli(...args)).code).toBe(0);
    const beforeErasures = new Date().toISOString();
    expect((await cli('forget', '--author', '@BryokSaunders')).code).toBe(0);
    const purge = await cli('purge', '--older-than', '3650d');
    expect(purge.code, purge.stderr).toBe(0);

    const result = await cli('audit', '--json');
    expect(result.code, result.stderr).toBe(0);
    const entries = JSON.parse(result.stdout) as Array<{ at: string; osUser: string | null; action: string; subject: string | null; details?: unknown }>;
    expect(entries.map((e) => e.action)).toEqual(['label', 'flag-cleared', 'export', 'report', 'forget', 'purge']);
    expect(entries.map((e) => e.at)).toEqual(entries.map((e) => e.at).sort());
    for (const entry of entries) {
      expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
      expect(entry.osUser).toBe(os.userInfo().username);
    }
    const forget = entries.find((e) => e.action === 'forget');
    expect(forget?.subject).toMatch(/^erasure #\d+$/);
    // Nothing of Bryok: not in the forget entry, and the label about his post no longer says whose it was.
    expect(JSON.stringify(entries)).not.toMatch(/bryok|saunders|ab-9001|foster care in penryn/i);

    const since = await cli('audit', '--json', '--since', beforeErasures);
    expect((JSON.parse(since.stdout) as Array<{ action: string }>).map((e) => e.action)).toEqual(['forget', 'purge']);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(JSON.parse((await cli('audit', '--json', '--since', tomorrow)).stdout)).toEqual([]);
  });
});

describe('purge', () => {
  const CSV = [
    'id,text,author,created_at',
    'pg-1,"Old post about the Wadebridge skate park",@OldTimer,2014-03-01',
    'pg-2,"Old post about the Bude sea pool",@OldTimer,2014-06-01',
    'pg-3,"A recent post about youth buses in Liskeard",@OldTimer,2099-01-01',
    'pg-4,"Deleted on the platform: a post about Hayle",@Hayleite,2099-01-02',
  ].join('\n');

  it('--dry-run changes nothing; the real purge writes the ledger, so a re-import cannot bring the posts back', async () => {
    await importFile('posts.csv', CSV);
    const conn = new Database(db);
    conn.prepare(`UPDATE posts SET deleted_at = '2099-01-03T00:00:00.000Z' WHERE source_id = 'pg-4'`).run();
    conn.close();
    const before = dumpDb(db);
    for (const args of [['--older-than', '5y', '--dry-run'], ['--deleted', '--dry-run']]) {
      const dry = await cli('purge', ...args, '--json');
      expect(dry.code, dry.stderr).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, posts: args[0] === '--deleted' ? 1 : 2 });
    }
    expect(dumpDb(db)).toBe(before);

    expect(JSON.parse((await cli('purge', '--older-than', '5y', '--json')).stdout)).toMatchObject({ posts: 2, erasure: expect.any(Number) });
    expect(JSON.parse((await cli('purge', '--deleted', '--json')).stdout)).toMatchObject({ posts: 1, erasure: expect.any(Number) });
    expect(sourceIds('survey')).toEqual(['pg-3']);
    expect(queryDb(db, `SELECT reason, status, posts, authors FROM erasures ORDER BY id`)).toEqual([
      { reason: 'purge-age', status: 'wiped', posts: 2, authors: 0 },
      { reason: 'purge-deleted', status: 'wiped', posts: 1, authors: 0 },
    ]);

    // The same file again: the purged posts are refused; the authors were not forgotten, so a new post is welcome.
    expect(await importFile('posts.csv', CSV)).toMatchObject({ new: 0, unchanged: 1, refused: 3 });
    expect(await importFile('new.csv', 'id,text,author,created_at\npg-5,"A new post about Wadebridge",@OldTimer,2099-02-01\n')).toMatchObject({ new: 1, refused: 0 });
    expect(sourceIds('survey')).toEqual(['pg-3', 'pg-5']);
    expect(inFileBytes(['Old post about the Wadebridge skate park', 'Deleted on the platform: a post about Hayle'])).toEqual([]);
  });
});
