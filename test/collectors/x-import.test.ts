import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { XSearchPage, XUser } from '../../src/collectors/x/wire';
import { makeTempDir, runCli } from '../helpers/cli';
import { dumpDb, queryDb } from '../helpers/db';
import { FIXTURES } from './x-setup';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
});
afterEach(() => tmp.cleanup());

const rows = () => queryDb<{ source: string; source_id: string; kind: string; text: string; parent_source_id: string | null; url: string }>(db, 'SELECT source, source_id, kind, text, parent_source_id, url FROM posts ORDER BY source_id');

function archiveFolder(withNotes: boolean, withAccount = false): string {
  const dir = tmp.file('archive/data');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, 'x_archive_tweets.js'), path.join(dir, 'tweets.js'));
  if (withNotes) fs.copyFileSync(path.join(FIXTURES, 'x_archive_note_tweet.js'), path.join(dir, 'note-tweet.js'));
  if (withAccount) {
    fs.writeFileSync(path.join(dir, 'account.js'), 'window.YTD.account.part0 = [ { "account" : { "accountId" : "1402718256337203201", "username" : "KernowFamHubs", "accountDisplayName" : "Kernow Family Hubs" } } ]');
  }
  return path.join(dir, 'tweets.js');
}

describe('import an X account archive (tweets.js)', () => {
  it('is recognised from its content, keeps one row per post with edits merged and long text from note-tweet.js', async () => {
    const result = await runCli(['--db', db, 'import', archiveFolder(true, true), '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'x-archive', rowsRead: 6, new: 5 });
    const byId = new Map(rows().map((r) => [r.source_id, r]));
    expect([...byId.values()].every((r) => r.source === 'x')).toBe(true);
    // Both versions of the edited post become one row with the latest text, keyed by the original id.
    expect(byId.get('2090479258039349258')?.text).toContain('146 young people');
    expect(byId.has('2090480960926696404')).toBe(false);
    expect(byId.get('2089716574188487457')?.kind).toBe('retweet');
    expect(byId.get('2090735752311775392')).toMatchObject({ kind: 'reply', parent_source_id: '2090728626189244971' });
    expect(byId.get('2087482977285090253')?.text).toMatch(/what 'good help' looks like to you\. Tell us at any Family Hub or online\.$/);
    expect(byId.get('2090711920276447666')?.url).toBe('https://x.com/KernowFamHubs/status/2090711920276447666');
    expect(queryDb(db, 'SELECT handle FROM authors')).toEqual([{ handle: 'KernowFamHubs' }]);
  });

  it('keeps the truncated text when note-tweet.js is absent, and re-importing changes nothing', async () => {
    const file = archiveFolder(false);
    expect((await runCli(['--db', db, 'import', file])).code).toBe(0);
    expect(rows().find((r) => r.source_id === '2087482977285090253')?.text).toMatch(/https:\/\/t\.co\/\S+$/);
    const before = dumpDb(db);
    const again = await runCli(['--db', db, 'import', file, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ new: 0, updated: 0, unchanged: 5 });
    expect(dumpDb(db)).toBe(before);
  });

  it('refuses a broken tweets.js as a whole, naming the file (exit 2, nothing imported)', async () => {
    const file = tmp.file('tweets.js');
    fs.writeFileSync(file, 'window.YTD.tweets.part0 = [ { "tweet" : { "id" : "1"');
    const result = await runCli(['--db', db, 'import', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tweets.js:1: the JSON after window.YTD.tweets.part0 = does not parse (the file may be cut short)');
    expect(fs.existsSync(db) ? queryDb(db, 'SELECT * FROM posts') : []).toEqual([]);
  });

  it('still says a file without the window.YTD prefix is not an X archive tweets file', async () => {
    const file = tmp.file('tweets.js');
    fs.writeFileSync(file, 'window.YTD = [ ]');
    const result = await runCli(['--db', db, 'import', file, '--format', 'x-archive']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tweets.js:1: not an X archive tweets file: expected window.YTD.tweets.part0 = [ … ]');
  });
});

describe('import twarc2 JSONL', () => {
  it('reads one API page per line, retweets marked, through the same normalisation as the collector', async () => {
    const result = await runCli(['--db', db, 'import', path.join(FIXTURES, 'twarc2_sample.jsonl'), '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'twarc', rowsRead: 3, new: 3 });
    const byId = new Map(rows().map((r) => [r.source_id, r]));
    expect(byId.get('1768223248085942274')).toMatchObject({ kind: 'retweet', url: 'https://x.com/jesspascoe_pz/status/1768223248085942274' });
    expect(byId.get('1768216042271670273')?.kind).toBe('post');
  });

  it('reads flattened tweets (author inline), and an API page and its flattened form give the same rows', async () => {
    const pages = fs.readFileSync(path.join(FIXTURES, 'twarc2_sample.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as XSearchPage & { __twarc: unknown });
    const flat = pages.flatMap((page) =>
      (page.data ?? []).map((t) => ({ ...t, author: page.includes?.users?.find((u: XUser) => u.id === t.author_id) ?? {}, __twarc: page.__twarc })),
    );
    const file = tmp.file('flat.jsonl');
    fs.writeFileSync(file, flat.map((t) => JSON.stringify(t)).join('\n'));
    const result = await runCli(['--db', db, 'import', file, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'twarc', new: 3 });
    const flatRows = rows();

    const other = tmp.file('pages.db');
    await runCli(['--db', other, 'import', path.join(FIXTURES, 'twarc2_sample.jsonl')]);
    const pageRows = queryDb(other, 'SELECT source, source_id, kind, text, parent_source_id, url FROM posts ORDER BY source_id');
    expect(flatRows).toEqual(pageRows);
  });
});
