/**
 * twarc2 files beyond search: stream/filter output (one tweet per response), the outputs of other
 * twarc2 commands that hold no posts, and placeholders (withheld, unavailable, empty) among posts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { FIXTURES } from './x-setup';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
});
afterEach(() => tmp.cleanup());

const rows = () => queryDb<{ source_id: string; kind: string; text: string; parent_source_id: string | null; url: string }>(db, 'SELECT source_id, kind, text, parent_source_id, url FROM posts ORDER BY source_id');
const postCount = () => (fs.existsSync(db) ? queryDb<{ n: number }>(db, 'SELECT count(*) AS n FROM posts')[0]?.n : 0);
const fixture = (name: string) => path.join(FIXTURES, name);

describe('twarc2 stream and filter output', () => {
  it('reads one tweet per response ("data" an object, with matching_rules), skipping a disconnect with a note', async () => {
    const result = await runCli(['--db', db, 'import', fixture('twarc2_stream_ciosonevision.jsonl'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'twarc', rowsRead: 2, new: 2, notes: ['skipped 1 line holding only X API errors (a stream disconnect, say)'] });
    expect(rows()).toEqual([
      {
        source_id: '2062814489527947265',
        kind: 'post',
        text: 'Brilliant morning at Pool Family Hub & the new sensory room is open to everyone. Under-5s <3 #CIoSOneVision',
        parent_source_id: null,
        url: 'https://x.com/KernowFamHubs/status/2062814489527947265',
      },
      {
        source_id: '2062818675598528514',
        kind: 'reply',
        text: '@KernowFamHubs Is the sensory room OK for a 7 year old with autism? #CIoSOneVision',
        parent_source_id: '2062814489527947265',
        url: 'https://x.com/morwennat_kernow/status/2062818675598528514',
      },
    ]);
  });
});

describe('bare X API v2 tweets, one a line', () => {
  it("are read as X posts (jq -c '.data[]' of saved responses), not as survey answers", async () => {
    const tweets = [
      { id: '900000000000000001', text: 'More buses to Bude after 6 please #CIoSOneVision', author_id: '2244994945', created_at: '2017-04-02T10:00:00.000Z', edit_history_tweet_ids: ['900000000000000001'] },
      { id: '900000000000000002', text: 'A youth club in Hayle #CIoSOneVision', author_id: '2244994946', created_at: '2017-04-02T11:00:00.000Z', conversation_id: '900000000000000002' },
    ];
    fs.writeFileSync(tmp.file('tweets.jsonl'), tweets.map((t) => JSON.stringify(t)).join('\n'));
    const result = await runCli(['--db', db, 'import', tmp.file('tweets.jsonl'), '--json', '--no-classify']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'twarc', new: 2 });
    expect(queryDb<{ source: string; source_id: string }>(db, 'SELECT source, source_id FROM posts ORDER BY source_id')).toEqual([
      { source: 'x', source_id: '900000000000000001' },
      { source: 'x', source_id: '900000000000000002' },
    ]);
  });
});

describe('X API v2 responses saved another way than one a line', () => {
  type Stored = { source: string; source_id: string; kind: string; text: string; parent_source_id: string | null; url: string; created_at: string };
  const stored = (file: string) =>
    queryDb<Stored>(file, 'SELECT source, source_id, kind, text, parent_source_id, url, created_at FROM posts ORDER BY source_id');
  const responses = () =>
    fs
      .readFileSync(fixture('twarc2_sample.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { data: unknown[] });
  const importInto = async (file: string, into: string) => runCli(['--db', into, 'import', file, '--json', '--no-classify']);

  it('reads the same posts from responses pretty-printed one after another (jq .) as from the twarc2 lines', async () => {
    fs.writeFileSync(tmp.file('pretty.json'), responses().map((r) => JSON.stringify(r, null, 2)).join('\n'));
    const lines = await importInto(fixture('twarc2_sample.jsonl'), tmp.file('lines.db'));
    const pretty = await importInto(tmp.file('pretty.json'), db);
    expect(pretty.code, pretty.stderr).toBe(0);
    expect(JSON.parse(pretty.stdout)).toMatchObject({ format: 'twarc', new: JSON.parse(lines.stdout).new });
    expect(stored(db).length).toBeGreaterThan(2);
    expect(stored(db)).toEqual(stored(tmp.file('lines.db')));
  });

  it('reads a saved search page as pretty-printed by the API reference, and an array of responses', async () => {
    const page = await importInto(fixture('x_search_page1.json'), db);
    expect(page.code, page.stderr).toBe(0);
    const pageJson = JSON.parse(fs.readFileSync(fixture('x_search_page1.json'), 'utf8')) as { data: Array<{ id: string }> };
    expect(JSON.parse(page.stdout)).toMatchObject({ format: 'twarc', new: pageJson.data.length });
    fs.writeFileSync(tmp.file('array.json'), JSON.stringify(responses(), null, 4));
    const array = await importInto(tmp.file('array.json'), tmp.file('array.db'));
    expect(array.code, array.stderr).toBe(0);
    await importInto(fixture('twarc2_sample.jsonl'), tmp.file('lines.db'));
    expect(stored(tmp.file('array.db'))).toEqual(stored(tmp.file('lines.db')));
  });

  it("reads an array of bare tweets (jq .data) as X posts, not survey answers", async () => {
    const tweets = [
      { id: '900000000000000011', text: 'Free swimming for under-16s in the holidays #CIoSOneVision', author_id: '2244994945', edit_history_tweet_ids: ['900000000000000011'], created_at: '2017-04-03T09:00:00.000Z' },
      { id: '900000000000000012', text: 'More youth workers in Camborne #CIoSOneVision', author_id: '2244994946', edit_history_tweet_ids: ['900000000000000012'], created_at: '2017-04-03T10:00:00.000Z' },
    ];
    fs.writeFileSync(tmp.file('tweets.json'), JSON.stringify(tweets, null, 2));
    const result = await importInto(tmp.file('tweets.json'), db);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'twarc', new: 2 });
    expect(stored(db).map((p) => [p.source, p.source_id])).toEqual([
      ['x', '900000000000000011'],
      ['x', '900000000000000012'],
    ]);
  });

  it('names the line where a pretty-printed response breaks off, and imports nothing', async () => {
    const [first, second] = responses().map((r) => JSON.stringify(r, null, 2));
    // The second response's closing brace lost, as when a save is cut short.
    const cut = `${first}\n${(second ?? '').slice(0, (second ?? '').lastIndexOf('}'))}`;
    fs.writeFileSync(tmp.file('cut.json'), cut);
    const result = await importInto(tmp.file('cut.json'), db);
    expect(result.code).toBe(2);
    const secondStarts = (first ?? '').split('\n').length + 1;
    expect(result.stderr).toContain(`cut.json:${secondStarts}: not valid JSON: this object is never closed`);
    expect(postCount()).toBe(0);
  });

  it('names a response of profiles among pretty-printed posts by the line it starts on', async () => {
    const [first] = responses().map((r) => JSON.stringify(r, null, 2));
    const users = JSON.stringify({ data: [{ id: '86213327', name: 'Kernow Family Hubs', username: 'KernowFamHubs' }], meta: { result_count: 1 } }, null, 2);
    fs.writeFileSync(tmp.file('mixed.json'), `${first}\n${users}\n`);
    const result = await importInto(tmp.file('mixed.json'), db);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`mixed.json:${(first ?? '').split('\n').length + 1}: `);
    expect(result.stderr).toContain('a twarc2 users response, not posts');
    expect(postCount()).toBe(0);
  });
});

describe('twarc2 files that hold no posts', () => {
  it.each([
    ['twarc2_counts_ciosonevision.jsonl', 'this is a twarc2 counts file, not posts: it holds how many posts matched per period; run twarc2 search with the same query for the posts'],
    ['twarc2_followers_kernowfamhubs.jsonl', 'this is a twarc2 users file, not posts: it holds profiles (twarc2 users, followers, following'],
    ['twarc2_lists_kernowfamhubs.jsonl', "this is a twarc2 lists file, not posts: it holds lists (twarc2 lists owned, followed, memberships or lookup); for a list's posts run twarc2 lists tweets"],
    ['tweets_compliance_1799876543210987520.json', 'this is an X compliance results file, not posts: it lists posts or accounts X reports deleted, protected, suspended or deactivated'],
  ])('refuses %s, naming what it is (exit 2, nothing written)', async (name, message) => {
    const file = fixture(name);
    const result = await runCli(['--db', db, 'import', file]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`${file}:1: ${message}`);
    expect(result.stderr).toContain('Nothing was imported.');
    expect(postCount()).toBe(0);
  });

  it('names a profiles response among posts by its line; --skip-invalid imports the posts', async () => {
    const file = tmp.file('mixed.jsonl');
    const posts = fs.readFileSync(fixture('twarc2_sample.jsonl'), 'utf8').trim().split('\n')[0] ?? '';
    const users = fs.readFileSync(fixture('twarc2_followers_kernowfamhubs.jsonl'), 'utf8').trim();
    fs.writeFileSync(file, `${posts}\n${users}\n`);
    const refused = await runCli(['--db', db, 'import', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${file}:2: a twarc2 users response, not posts`);
    expect(postCount()).toBe(0);
    const skipped = await runCli(['--db', db, 'import', file, '--skip-invalid', '--json']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ format: 'twarc', new: 2, skipped: 1 });
  });
});

describe('placeholders are not posts', () => {
  it('skips withheld notices, "This Tweet is unavailable" and empty texts from twarc2, counted in the summary', async () => {
    const result = await runCli(['--db', db, 'import', fixture('twarc2_placeholders.jsonl'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'twarc', rowsRead: 5, new: 1, withoutText: { skipped: 4, kinds: { withheld: 2, unavailable: 1, empty: 1 } } });
    expect(rows().map((r) => r.text)).toEqual(['Youth Voice summit tickets are free: 20 places left for 11 to 18 year olds from Penwith. #CIoSOneVision']);
    expect(queryDb(db, 'SELECT count(*) AS n FROM classifications')).toEqual([{ n: 1 }]);

    const again = await runCli(['--db', tmp.file('other.db'), 'import', fixture('twarc2_placeholders.jsonl')]);
    expect(again.stdout).toContain('skipped 4 items without text: 2 withheld notices, 1 "unavailable" notice, 1 empty item');
  });

  it('skips them in Twitter v1.1 files and X archives too', async () => {
    const [first = '', second = ''] = fs.readFileSync(fixture('twarc1_ciosonevision_2017.jsonl'), 'utf8').split('\n');
    const withheld = second.replace(/"full_text": "(?:[^"\\]|\\.)*"/, '"full_text": "This Tweet from @TruroPCV has been withheld in United Kingdom in response to a legal demand. Learn more."');
    const v1 = tmp.file('twarc1.jsonl');
    fs.writeFileSync(v1, `${first}\n${withheld}\n`);
    const fromV1 = await runCli(['--db', db, 'import', v1, '--json']);
    expect(fromV1.code, fromV1.stderr).toBe(0);
    expect(JSON.parse(fromV1.stdout)).toMatchObject({ format: 'twitter-v1', new: 1, withoutText: { skipped: 1, kinds: { withheld: 1 } } });

    const archive = tmp.file('data/tweets.js');
    fs.mkdirSync(path.dirname(archive));
    const entries = [
      { tweet: { id_str: '2063229416021397599', id: '2063229416021397599', created_at: 'Sat Jun 06 12:00:00 +0000 2026', full_text: '', lang: 'und', favorite_count: '0', retweet_count: '0' } },
      { tweet: { id_str: '2063229416021397600', id: '2063229416021397600', created_at: 'Sat Jun 06 12:00:00 +0000 2026', full_text: 'Penwith youth summit: 20 places left. #CIoSOneVision', lang: 'en', favorite_count: '0', retweet_count: '0' } },
    ];
    fs.writeFileSync(archive, `window.YTD.tweets.part0 = ${JSON.stringify(entries, null, 2)}`);
    const fromArchive = await runCli(['--db', db, 'import', archive, '--json']);
    expect(fromArchive.code, fromArchive.stderr).toBe(0);
    expect(JSON.parse(fromArchive.stdout)).toMatchObject({ format: 'x-archive', new: 1, withoutText: { skipped: 1, kinds: { empty: 1 } } });
  });
});
