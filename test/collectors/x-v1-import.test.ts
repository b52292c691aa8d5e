/**
 * Twitter API v1.1 statuses, as a 2017 collection of #CIoSOneVision holds them: twarc 1.x JSONL and
 * JSON arrays. Variants are built by editing the fixture text, never by JSON.parse/stringify, which
 * would round the ids this file is about.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { FIXTURES } from './x-setup';

const TWARC1 = path.join(FIXTURES, 'twarc1_ciosonevision_2017.jsonl');
const TIMELINE = path.join(FIXTURES, 'twitter_v1_timeline_2017.json');
const TWARC2 = path.join(FIXTURES, 'twarc2_ciosonevision_2017.jsonl');

const ANNOUNCEMENT = '872003887668294609';
const REPLY = '872015880772579355';
const REPLY_TO_REPLY = '872020292695430122';
const QUOTE = '872071807242519089';
const RETWEET = '877432945907679103';
const LONG = '930850435183278108';

interface Row {
  source: string;
  source_id: string;
  kind: string;
  created_at: string;
  text: string;
  url: string;
  lang: string;
  parent_source_id: string | null;
  conversation_id: string | null;
  metrics: string;
  revision: number;
  author_id: string;
  handle: string;
  name: string;
}

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
});
afterEach(() => tmp.cleanup());

const rows = () =>
  queryDb<Row>(
    db,
    `SELECT p.source, p.source_id, p.kind, p.created_at, p.text, p.url, p.lang, p.parent_source_id, p.conversation_id, p.metrics,
            p.revision, a.source_author_id AS author_id, a.handle, a.name
       FROM posts p LEFT JOIN authors a ON a.id = p.author_id ORDER BY p.source_id`,
  );
const byId = () => new Map(rows().map((r) => [r.source_id, r]));
const postCount = () => (fs.existsSync(db) ? queryDb<{ n: number }>(db, 'SELECT count(*) AS n FROM posts')[0]?.n : 0);
const fixtureLines = () => fs.readFileSync(TWARC1, 'utf8').trimEnd().split('\n');

function write(name: string, lines: readonly string[]): string {
  const file = tmp.file(name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function importJson(...args: string[]) {
  const result = await runCli(['--db', db, 'import', ...args, '--json']);
  return { ...result, summary: result.code === 0 ? (JSON.parse(result.stdout) as Record<string, unknown>) : undefined };
}

describe('import twarc 1.x JSONL (Twitter API v1.1 statuses)', () => {
  it('is recognised by its content, with exact ids, whole unescaped text, kinds, authors and dates', async () => {
    const result = await importJson(TWARC1);
    expect(result.code, result.stderr).toBe(0);
    expect(result.summary).toMatchObject({ format: 'twitter-v1', rowsRead: 6, new: 6, skipped: 0 });
    const posts = byId();
    expect([...posts.keys()].sort()).toEqual([ANNOUNCEMENT, REPLY, REPLY_TO_REPLY, QUOTE, RETWEET, LONG].sort());
    expect([...posts.values()].every((p) => p.source === 'x' && p.lang === 'en')).toBe(true);

    // X escapes &, < and > in text; the stored text is what the person wrote.
    expect(posts.get(ANNOUNCEMENT)).toMatchObject({
      kind: 'post',
      created_at: '2017-06-06T08:15:02.000Z',
      text: 'Truro library drop-in, Sat 10am–1pm: tell us what helps your family & what gets in the way. Tea & cake! Parents > paperwork #CIoSOneVision',
      url: `https://x.com/OneVisionCIoS/status/${ANNOUNCEMENT}`,
      author_id: '841574621839449256',
      handle: 'OneVisionCIoS',
      name: 'One Vision CIoS',
      conversation_id: ANNOUNCEMENT,
    });
    expect(JSON.parse(posts.get(ANNOUNCEMENT)?.metrics ?? '')).toEqual({ retweet_count: 9, like_count: 14 });
    expect(posts.get(REPLY)).toMatchObject({ kind: 'reply', parent_source_id: ANNOUNCEMENT, author_id: '86213327', handle: 'jesspascoe_pz' });
    expect(posts.get(REPLY)?.text).toBe("@OneVisionCIoS Will there be anything for under-5s? Mine won't sit still for long <3 #CIoSOneVision");
    // v1.1 has no conversation id: a reply whose whole chain is in the file gets the chain's root.
    expect(posts.get(REPLY_TO_REPLY)).toMatchObject({ kind: 'reply', parent_source_id: REPLY, conversation_id: ANNOUNCEMENT });
    expect(posts.get(QUOTE)).toMatchObject({ kind: 'quote', parent_source_id: null, handle: 'TruroPCV' });
    // A retweet keeps its own "RT @…" text, cut as X cuts it (the v2 API gives the same).
    expect(posts.get(RETWEET)).toMatchObject({ kind: 'retweet', handle: 'ScillyYouth', author_id: '719541011937381781' });
    expect(posts.get(RETWEET)?.text).toMatch(/^RT @TruroPCV: Our #CIoSOneVision survey closes Fri 30 June\. .*could sha…$/);
    // A long streamed tweet: the whole of extended_tweet.full_text, not the 140-character "text".
    expect(posts.get(LONG)).toMatchObject({ kind: 'post', created_at: '2017-11-15T17:30:12.000Z' });
    expect(posts.get(LONG)?.text).toMatch(/^280 characters and we'll use every one: .* check we heard you right\.$/);
    expect(posts.get(LONG)?.text.length).toBeGreaterThan(140);
  });

  it('stores each status as written, so the numeric ids beside the *_str ones are not rounded', async () => {
    expect((await importJson(TWARC1)).code).toBe(0);
    const [raw] = queryDb<{ raw: string }>(db, 'SELECT raw FROM posts WHERE source_id = ?', ANNOUNCEMENT);
    expect(raw?.raw).toBe(fixtureLines()[0]);
    expect(raw?.raw).toContain(`"id": ${ANNOUNCEMENT},`);
    const [author] = queryDb<{ raw: string }>(db, `SELECT raw FROM authors WHERE handle = 'OneVisionCIoS'`);
    expect(author?.raw).toContain('841574621839449256');
    expect(author?.raw).not.toContain('841574621839449300');
  });

  it('re-importing the same file changes nothing', async () => {
    expect((await importJson(TWARC1)).code).toBe(0);
    // The store stamps an author's updated_at on every sighting, whatever the format: compared without it.
    const snapshot = () => [queryDb(db, 'SELECT * FROM posts ORDER BY id'), queryDb(db, 'SELECT id, source, source_author_id, handle, name, raw FROM authors ORDER BY id')];
    const before = snapshot();
    const again = await importJson(TWARC1);
    expect(again.summary).toMatchObject({ new: 0, updated: 0, unchanged: 6 });
    expect(snapshot()).toEqual(before);
  });

  it('refuses a malformed line by file:line and writes nothing; --skip-invalid imports the rest', async () => {
    const lines = fixtureLines();
    const broken = write('broken.jsonl', [...lines.slice(0, 2), lines[2]?.slice(0, 400) ?? '', ...lines.slice(3)]);
    const refused = await runCli(['--db', db, 'import', broken]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${broken}:3: not valid JSON`);
    expect(postCount()).toBe(0);

    const skipped = await importJson(broken, '--skip-invalid');
    expect(skipped.summary).toMatchObject({ format: 'twitter-v1', new: 5, skipped: 1, problems: [{ line: 3 }] });
    expect(byId().has(REPLY_TO_REPLY)).toBe(false);
  });

  it('refuses a status that has only the rounded numeric id, naming the line', async () => {
    const lines = fixtureLines();
    const withoutStr = (lines[1] ?? '').replace(`"id_str": "${REPLY}", `, '');
    const file = write('no-id-str.jsonl', [lines[0] ?? '', withoutStr]);
    const result = await runCli(['--db', db, 'import', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2: a status without a usable "id_str"`);
    expect(postCount()).toBe(0);
  });
});

describe('import Twitter v1.1 JSON arrays', () => {
  it('reads a saved timeline array; a status also in a twarc file lands on the same row', async () => {
    expect((await importJson(TWARC1)).code).toBe(0);
    const result = await importJson(TIMELINE);
    expect(result.code, result.stderr).toBe(0);
    expect(result.summary).toMatchObject({ format: 'twitter-v1', rowsRead: 3, new: 1 });
    const posts = byId();
    expect(posts.size).toBe(7);
    expect(posts.get('881905562716807428')?.text).toBe('312 families came to our summer drop-ins. Next: what you told us about short breaks & respite, out on Friday. #CIoSOneVision');
    // The later harvest brings the newer counts to the same row; the text is unchanged, so no new revision.
    expect(JSON.parse(posts.get(ANNOUNCEMENT)?.metrics ?? '')).toEqual({ retweet_count: 12, like_count: 19 });
    expect(posts.get(ANNOUNCEMENT)?.revision).toBe(1);
  });

  it('reads a saved search response ({"statuses": [...]}), pretty-printed or one per line, as the same posts', async () => {
    const array = fs.readFileSync(TIMELINE, 'utf8').trim();
    const pretty = tmp.file('search.json');
    fs.writeFileSync(pretty, `{\n  "statuses": ${array},\n  "search_metadata": {"count": 100, "query": "%23CIoSOneVision"}\n}\n`);
    const lines = fixtureLines();
    const paged = write('pages.jsonl', [`{"statuses": [${lines.slice(0, 3).join(', ')}], "search_metadata": {"count": 3}}`, `{"statuses": [${lines.slice(3).join(', ')}], "search_metadata": {"count": 3}}`]);

    const fromPretty = await importJson(pretty);
    expect(fromPretty.summary).toMatchObject({ format: 'twitter-v1', new: 3 });
    const fromPages = await importJson(paged);
    expect(fromPages.summary).toMatchObject({ format: 'twitter-v1', rowsRead: 6, new: 4 });
    expect(byId().get(REPLY_TO_REPLY)?.conversation_id).toBe(ANNOUNCEMENT);
    const [raw] = queryDb<{ raw: string }>(db, 'SELECT raw FROM posts WHERE source_id = ?', LONG);
    expect(raw?.raw).toBe(lines[5]);
  });

  it('the same statuses laid out another way (pretty-printed, then on one line) are unchanged, not updated', async () => {
    expect((await importJson(TIMELINE)).summary).toMatchObject({ new: 3 });
    const before = queryDb(db, 'SELECT source_id, raw, updated_at FROM posts ORDER BY source_id');
    // JSON strings hold no raw line breaks, so this only takes out the layout.
    const oneLine = write('timeline-one-line.json', [fs.readFileSync(TIMELINE, 'utf8').replace(/\n\s*/g, '')]);
    const again = await importJson(oneLine);
    expect(again.code, again.stderr).toBe(0);
    expect(again.summary).toMatchObject({ format: 'twitter-v1', rowsRead: 3, new: 0, updated: 0, unchanged: 3 });
    expect(queryDb(db, 'SELECT source_id, raw, updated_at FROM posts ORDER BY source_id')).toEqual(before);
  });

  it('names the line of a broken element in an array, and of a broken array', async () => {
    const text = fs.readFileSync(TIMELINE, 'utf8');
    const badElement = tmp.file('bad-element.json');
    // The second element's created_at, on its own line of the pretty-printed array.
    const createdAt = text.indexOf('"created_at"', text.indexOf('"created_at"', text.indexOf('"created_at"') + 1) + 1);
    fs.writeFileSync(badElement, `${text.slice(0, createdAt)}"created_at": "yesterday",${text.slice(text.indexOf('\n', createdAt))}`);
    const lineOfElement = text.slice(0, text.lastIndexOf('{', createdAt)).split('\n').length;
    const result = await runCli(['--db', db, 'import', badElement]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${badElement}:${lineOfElement}: status ${REPLY_TO_REPLY} has an unparseable created_at "yesterday"`);

    const truncated = tmp.file('truncated.json');
    fs.writeFileSync(truncated, text.trimEnd().slice(0, -1));
    const cut = await runCli(['--db', db, 'import', truncated]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/truncated\.json:1: not valid JSON: this array is never closed/);
    expect(postCount()).toBe(0);
  });
});

describe('the same tweet from Twitter v1.1 and from the v2 API (twarc2)', () => {
  it('lands on one row with the same text, in either order, and no new text revision', async () => {
    expect((await importJson(TWARC1)).code).toBe(0);
    const fromV1 = byId();
    const v2 = await importJson(TWARC2);
    expect(v2.summary).toMatchObject({ format: 'twarc', rowsRead: 2, new: 0 });
    const after = byId();
    expect(after.size).toBe(6);
    for (const id of [LONG, RETWEET]) {
      expect(after.get(id)).toMatchObject({
        kind: fromV1.get(id)?.kind,
        text: fromV1.get(id)?.text,
        created_at: fromV1.get(id)?.created_at,
        author_id: fromV1.get(id)?.author_id,
        url: fromV1.get(id)?.url,
        conversation_id: fromV1.get(id)?.conversation_id,
        revision: 1,
      });
    }

    const other = tmp.file('v2-first.db');
    expect((await runCli(['--db', other, 'import', TWARC2])).code).toBe(0);
    expect((await runCli(['--db', other, 'import', TWARC1])).code).toBe(0);
    const reversed = queryDb<{ source_id: string; text: string; revision: number }>(other, 'SELECT source_id, text, revision FROM posts ORDER BY source_id');
    expect(reversed).toEqual(rows().map((r) => ({ source_id: r.source_id, text: r.text, revision: 1 })));
  });
});

describe('twarc 1.x files that are not statuses', () => {
  const DELETE = `{"delete": {"status": {"id": ${QUOTE}, "id_str": "${QUOTE}", "user_id": 2901837465, "user_id_str": "2901837465"}, "timestamp_ms": "1496759400000"}}`;
  const LIMIT = '{"limit": {"track": 12, "timestamp_ms": "1496759500000"}}';

  it('skips streaming notices with a count, and leaves out a status the stream says was deleted', async () => {
    const lines = fixtureLines();
    const file = write('stream.jsonl', [LIMIT, ...lines.slice(0, 4), DELETE, ...lines.slice(4)]);
    const result = await importJson(file);
    expect(result.code, result.stderr).toBe(0);
    expect(result.summary).toMatchObject({ format: 'twitter-v1', new: 5, skipped: 0 });
    expect(result.summary?.notes).toEqual([
      'skipped streaming notices: 1 limit, 1 delete',
      '1 status was left out: the stream says it was deleted',
      'limit notices mean X held back some matching tweets: this collection is incomplete',
    ]);
    expect(result.stderr).toContain('skipped streaming notices: 1 limit, 1 delete');
    expect(byId().has(QUOTE)).toBe(false);
  });

  it('refuses user profiles, bare ids and notices alone, naming what the file is (exit 2, nothing written)', async () => {
    const user = '{"id": 719541011937381781, "id_str": "719541011937381781", "name": "Scilly Youth Work", "screen_name": "ScillyYouth", "location": "Isles of Scilly", "followers_count": 377, "friends_count": 290, "created_at": "Mon Apr 11 15:02:00 +0000 2016", "statuses_count": 905}';
    const cases: Array<[string, string[], string]> = [
      ['users.jsonl', [user], ':1: Twitter user profiles (twarc users, or a followers/friends lookup), not statuses'],
      ['ids.txt', [ANNOUNCEMENT, REPLY], ':1: a list of ids (twarc dehydrate, followers or friends output), not statuses: hydrate it first'],
      ['deletes.jsonl', [DELETE, DELETE], ':1: only streaming notices (2 delete), no statuses'],
    ];
    for (const [name, lines, message] of cases) {
      const file = write(name, lines);
      const result = await runCli(['--db', db, 'import', file]);
      expect(result.code, name).toBe(2);
      expect(result.stderr).toContain(`${file}${message}`);
    }
    expect(postCount()).toBe(0);
  });

  it('a user profile among statuses is a bad row: refused by line, or skipped with --skip-invalid', async () => {
    const user = '{"id": 86213327, "id_str": "86213327", "name": "Jess Pascoe", "screen_name": "jesspascoe_pz", "followers_count": 204, "created_at": "Wed Sep 30 08:41:55 +0000 2009"}';
    const file = write('mixed.jsonl', [...fixtureLines().slice(0, 2), user]);
    const refused = await runCli(['--db', db, 'import', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${file}:3: a Twitter user profile (twarc users output), not a status`);
    const skipped = await importJson(file, '--skip-invalid', '--format', 'twitter-v1');
    expect(skipped.summary).toMatchObject({ new: 2, skipped: 1 });
  });
});
