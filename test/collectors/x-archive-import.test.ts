/**
 * X account archives as people download them (Settings → Your account → Download an archive): long
 * posts with their notes, archives from 2019 to 2022 (tweet.js), multi-part archives, and the files
 * beside tweets.js that are not the owner's posts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
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

const textOf = () => new Map(queryDb<{ source_id: string; text: string }>(db, 'SELECT source_id, text FROM posts').map((r) => [r.source_id, r.text]));
const postCount = () => (fs.existsSync(db) ? queryDb<{ n: number }>(db, 'SELECT count(*) AS n FROM posts')[0]?.n : 0);
const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);

type Entry = { tweet: { id_str: string; full_text: string } };
type Note = { noteTweet: { createdAt: string; core: { text: string } } };
/** The array of an archive file, to change a copy of it. */
function readYtd<T>(file: string): { head: string; entries: T[] } {
  const text = fs.readFileSync(file, 'utf8');
  const at = text.indexOf('=') + 1;
  return { head: text.slice(0, at), entries: JSON.parse(text.slice(at)) as T[] };
}
function writeYtd(file: string, head: string, entries: unknown[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${head} ${JSON.stringify(entries, null, 2)}\n`);
}

// In archive_long_posts: a long post and a short one in the same second, and two long posts in another.
const LONG_SUMMER = '2061738369533579265';
const SHORT_SAME_SECOND = '2061738369688768514';
const LONG_CORNWALL = '2062232848925429763';
const LONG_SCILLY = '2062232849080619012';

describe('long posts in an X archive (note-tweet.js beside tweets.js)', () => {
  it('gives each long post its own full text, and a short post in the same second keeps its own', async () => {
    const result = await runCli(['--db', db, 'import', fixture('archive_long_posts', 'tweets.js'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'x-archive', rowsRead: 4, new: 4 });
    const notes = readYtd<Note>(fixture('archive_long_posts', 'note-tweet.js')).entries.map((n) => n.noteTweet.core.text);
    const texts = textOf();
    expect(texts.get(SHORT_SAME_SECOND)).toBe('Bodmin Family Hub drop-in today until 3pm & free fruit for the kids. Parents > paperwork! #CIoSOneVision');
    expect(texts.get(LONG_SUMMER)).toBe(notes.find((n) => n.startsWith('Summer at the Family Hubs')));
    // Two long posts in the same second: each gets the note that begins with its own words.
    expect(texts.get(LONG_CORNWALL)).toBe(notes.find((n) => n.startsWith('Cornwall:')));
    expect(texts.get(LONG_SCILLY)).toBe(notes.find((n) => n.startsWith('Isles of Scilly:')));
  });

  it('never gives one note to two posts: cut posts that cannot be told apart keep their cut text, and it says so', async () => {
    const dir = tmp.file('archive/data');
    const tweets = readYtd<Entry>(fixture('archive_long_posts', 'tweets.js'));
    const cornwall = tweets.entries.find((e) => e.tweet.id_str === LONG_CORNWALL);
    const scilly = tweets.entries.find((e) => e.tweet.id_str === LONG_SCILLY);
    if (!cornwall || !scilly) throw new Error('fixture changed');
    // The same announcement posted twice in one second, each with its own ending past the cut.
    scilly.tweet.full_text = cornwall.tweet.full_text.replace(/https:\/\/t\.co\/\w+$/, 'https://t.co/Pz4Ys9TbLm');
    const notes = readYtd<Note>(fixture('archive_long_posts', 'note-tweet.js'));
    const cornwallNote = notes.entries.find((n) => n.noteTweet.core.text.startsWith('Cornwall:'));
    const scillyNote = notes.entries.find((n) => n.noteTweet.core.text.startsWith('Isles of Scilly:'));
    if (!cornwallNote || !scillyNote) throw new Error('fixture changed');
    scillyNote.noteTweet.core.text = `${cornwallNote.noteTweet.core.text} Scilly families: see the island section.`;
    writeYtd(path.join(dir, 'tweets.js'), tweets.head, tweets.entries);
    writeYtd(path.join(dir, 'note-tweet.js'), notes.head, notes.entries);

    const result = await runCli(['--db', db, 'import', path.join(dir, 'tweets.js'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('2 long posts keep their cut text: note-tweet.js has more than one full text that could be theirs');
    const texts = textOf();
    expect(texts.get(LONG_CORNWALL)).toMatch(/… https:\/\/t\.co\/\w+$/);
    expect(texts.get(LONG_SCILLY)).toMatch(/… https:\/\/t\.co\/\w+$/);
    // The unambiguous pair in the other second is still matched.
    expect(texts.get(LONG_SUMMER)).not.toMatch(/…/);
  });

  it("keeps a long reply's leading @mention when its note starts after it", async () => {
    const id = '2061753467193462785';
    const whole = `Yes, all four hubs in Penwith have a quiet room you can book for an hour, free, and staff who have done autism training this year. ${'Ring the hub the day before and we will have it ready, with the lights down and the toys out. '.repeat(2)}#CIoSOneVision`;
    const shown = `@jesspascoe_pz ${whole.slice(0, 250)}…`;
    const tweet = {
      id_str: id,
      id,
      created_at: 'Tue Jun 02 10:15:07 +0000 2026',
      full_text: `${shown} https://t.co/Rm5Tq8Vb2N`,
      in_reply_to_status_id_str: '2061750012345678912',
      entities: { urls: [{ url: 'https://t.co/Rm5Tq8Vb2N', expanded_url: `https://twitter.com/i/web/status/${id}` }] },
    };
    const dir = tmp.file('reply/data');
    writeYtd(path.join(dir, 'tweets.js'), 'window.YTD.tweets.part0 =', [{ tweet }]);
    writeYtd(path.join(dir, 'note-tweet.js'), 'window.YTD.note_tweet.part0 =', [{ noteTweet: { noteTweetId: '2061753466903973888', createdAt: '2026-06-02T10:15:07.000Z', core: { text: whole } } }]);
    const result = await runCli(['--db', db, 'import', path.join(dir, 'tweets.js')]);
    expect(result.code, result.stderr).toBe(0);
    expect(textOf().get(id)).toBe(`@jesspascoe_pz ${whole}`);
  });

  it('reads a long post in a multi-part archive (tweets-part1.js) with its note from note-tweet-part1.js', async () => {
    const result = await runCli(['--db', db, 'import', fixture('archive_parts', 'tweets-part1.js'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'x-archive', new: 1 });
    const [note] = readYtd<Note>(fixture('archive_parts', 'note-tweet-part1.js')).entries;
    expect(textOf().get('1889273363878613004')).toBe(note?.noteTweet.core.text);
  });
});

describe('archives from 2019 to 2022 (data/tweet.js)', () => {
  it.each([
    ['archive_2021', '1460648948226560008', '2021'],
    ['archive_2019', '1128270019434090506', '2019'],
  ])('recognises %s/tweet.js (window.YTD.tweet.part0) and imports its posts, unescaped', async (folder, id, year) => {
    const result = await runCli(['--db', db, 'import', fixture(folder, 'tweet.js'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'x-archive', rowsRead: 2, new: 2 });
    expect(textOf().get(id)).toBe(`Thank you to everyone at the Liskeard Family Fun Day (${year}) who told us what would make Cornwall better for children & young people. #CIoSOneVision`);
  });
});

describe('the archive owner (account.js beside tweets.js)', () => {
  const OWN = { X_OWN_ACCOUNTS: 'KernowFamHubs' };
  const ownAccountColumn = async () => {
    const exported = await runCli(['--db', db, 'export', '--include-own'], { env: OWN });
    expect(exported.code, exported.stderr).toBe(0);
    return (parse(exported.stdout, { columns: true }) as Array<Record<string, string>>).map((row) => row.own_account);
  };

  it("says when account.js is missing that a campaign account's posts will count as residents', and re-importing with it mends that", async () => {
    const dir = tmp.file('archive/data');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(fixture('archive_2019', 'tweet.js'), path.join(dir, 'tweet.js'));
    const without = await runCli(['--db', db, 'import', path.join(dir, 'tweet.js'), '--json', '--no-classify'], { env: OWN });
    expect(without.code, without.stderr).toBe(0);
    expect(JSON.parse(without.stdout).notes).toEqual([expect.stringContaining("account.js is not beside it, so the posts are stored without their author: if this is one of the campaign's own accounts (X_OWN_ACCOUNTS), they will count as residents' posts")]);
    expect(await ownAccountColumn()).toEqual(['0', '0']);

    fs.copyFileSync(fixture('archive_long_posts', 'account.js'), path.join(dir, 'account.js'));
    const withOwner = await runCli(['--db', db, 'import', path.join(dir, 'tweet.js'), '--json', '--no-classify'], { env: OWN });
    expect(withOwner.code, withOwner.stderr).toBe(0);
    expect(JSON.parse(withOwner.stdout).notes).toBeUndefined();
    expect(await ownAccountColumn()).toEqual(['1', '1']);
  });

  it('says so when account.js is there but cannot be read', async () => {
    const dir = tmp.file('archive/data');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(fixture('archive_2019', 'tweet.js'), path.join(dir, 'tweet.js'));
    fs.writeFileSync(path.join(dir, 'account.js'), 'window.YTD.account.part0 = [ {"account": ');
    const result = await runCli(['--db', db, 'import', path.join(dir, 'tweet.js'), '--no-classify']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('account.js beside it could not be read, so the posts are stored without their author');
  });
});

describe('archive files that are not the owner\'s posts', () => {
  it('refuses deleted-tweets.js, forced in or not, so deleted posts never come back as live (exit 2, nothing written)', async () => {
    const file = fixture('archive_deleted', 'deleted-tweets.js');
    for (const args of [[], ['--format', 'x-archive']]) {
      const result = await runCli(['--db', db, 'import', file, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${file}:1: this is the archive's deleted-tweets.js: posts the owner deleted`);
      expect(result.stderr).toContain('import data/tweets.js instead');
    }
    expect(postCount()).toBe(0);
  });

  it('refuses note-tweet.js imported on its own, naming it', async () => {
    const file = fixture('archive_long_posts', 'note-tweet.js');
    const result = await runCli(['--db', db, 'import', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("this is the archive's note-tweet.js: the full text of long posts, read from beside tweets.js");
    expect(postCount()).toBe(0);
  });
});

describe('a tweets.js cut short', () => {
  it('says the JSON after the window.YTD prefix does not parse, at the line where it stops, and imports nothing', async () => {
    const whole = fs.readFileSync(fixture('x_archive_tweets.js'));
    const file = tmp.file('t.js');
    fs.writeFileSync(file, whole.subarray(0, 1500));
    // The last line with content: the parser fails where the cut file's JSON ends.
    const lastLine = whole.subarray(0, 1500).toString('utf8').trimEnd().split('\n').length;
    const result = await runCli(['--db', db, 'import', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`t.js:${lastLine}: the JSON after window.YTD.tweets.part0 = does not parse (the file may be cut short): `);
    expect(result.stderr).not.toContain('not an X archive tweets file');
    expect(postCount()).toBe(0);
  });
});
