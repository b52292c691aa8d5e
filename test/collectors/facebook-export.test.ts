import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, makeTempDir, runCli } from '../helpers/cli';
import { dumpDb, queryDb } from '../helpers/db';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const fixture = (name: string) => path.join(ROOT, 'test/fixtures/facebook', name);

describe('import of a Facebook Page "Download Your Information" export', () => {
  it('reads the posts file, recognised from its content, and mends its mojibake', async () => {
    const file = tmp.file('your_posts__check_ins__photos_and_videos_1.json');
    fs.copyFileSync(fixture('fb_page_export_sample.json'), file);
    const db = tmp.file('ov.db');
    const result = await runCli(['--db', db, 'import', file, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'facebook-export', rowsRead: 3, new: 3 });
    const rows = queryDb<{ text: string; created_at: string; kind: string }>(db, `SELECT text, created_at, kind FROM posts WHERE source = 'facebook-export' ORDER BY created_at`);
    expect(rows[0]).toMatchObject({ kind: 'post', created_at: '2025-08-15T09:20:00.000Z' });
    expect(rows[0]?.text).toContain('more than 40 venues this summer \u2013 free for children');
    expect(rows.every((r) => !/\u00e2\u0080/.test(r.text))).toBe(true);

    const before = dumpDb(db);
    const again = await runCli(['--db', db, 'import', file, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ new: 0, updated: 0, unchanged: 3 });
    expect(dumpDb(db).replace(/"updated_at":"[^"]*"/g, '')).toBe(before.replace(/"updated_at":"[^"]*"/g, ''));
  });

  it('reads the comments file with the comment authors', async () => {
    const file = tmp.file('comments.json');
    fs.copyFileSync(fixture('fb_page_export_comments_sample.json'), file);
    const db = tmp.file('ov.db');
    expect((await runCli(['--db', db, 'import', file])).code).toBe(0);
    const rows = queryDb<{ text: string; name: string }>(db, `SELECT p.text, a.name FROM posts p JOIN authors a ON a.id = p.author_id ORDER BY p.created_at`);
    expect(rows).toEqual([
      { text: 'Thanks Jess! The October report will go to every school council too.', name: 'Kernow Family Hubs' },
      { text: 'Hi Morwenna, yes \u2013 the full notes will be on the website next week.', name: 'Kernow Family Hubs' },
    ]);
  });

  it('leaves correctly encoded text alone: é stays é', async () => {
    const file = tmp.file('posts.json');
    fs.writeFileSync(file, JSON.stringify([{ timestamp: 1500000000, data: [{ post: 'Café in Penzance \u2013 open late' }], title: '' }, { timestamp: 1500000100, data: [{ post: 'Résumé help at the hub' }] }]));
    const db = tmp.file('ov.db');
    expect((await runCli(['--db', db, 'import', file])).code).toBe(0);
    expect(queryDb<{ text: string }>(db, `SELECT text FROM posts ORDER BY created_at`).map((r) => r.text)).toEqual(['Café in Penzance \u2013 open late', 'Résumé help at the hub']);
  });

  it('imports nothing when an item is broken, naming it', async () => {
    const file = tmp.file('posts.json');
    fs.writeFileSync(file, JSON.stringify([{ timestamp: 1500000000, data: [{ post: 'fine' }] }, { data: [{ post: 'no time' }] }]));
    const db = tmp.file('ov.db');
    const result = await runCli(['--db', db, 'import', file, '--format', 'facebook-export']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('item 2: no timestamp');
    expect(fs.existsSync(db) ? queryDb(db, 'SELECT * FROM posts') : []).toEqual([]);
  });
});

describe('Facebook export items without text', () => {
  it('skips and counts a comments file\'s stickers, GIFs, photos and reactions, importing the comments', async () => {
    const file = tmp.file('comments.json');
    fs.copyFileSync(fixture('dyi_comments_mixed.json'), file);
    const db = tmp.file('ov.db');
    const result = await runCli(['--db', db, 'import', file, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'facebook-export', rowsRead: 7, new: 2, skipped: 0, withoutText: { skipped: 5, kinds: { sticker: 2, gif: 1, photo: 1, reaction: 1 } } });
    const rows = queryDb<{ text: string }>(db, `SELECT text FROM posts ORDER BY created_at`);
    // Meta's latin-1-escaped UTF-8 is mended in the comments kept.
    expect(rows.map((r) => r.text)).toEqual([
      'Thanks Loveday \u2013 the Saturday drop-in at Redruth is back from September, caf\u00e9 included.',
      'The bus timetable for the Bodmin hub is pinned at the top of the page.',
    ]);

    const human = await runCli(['--db', tmp.file('other.db'), 'import', file]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('skipped 5 items without text: 2 stickers, 1 GIF, 1 photo, 1 reaction');
  });

  it('counts a posts file\'s photos, links, check-ins and videos without text the same way', async () => {
    const file = tmp.file('your_posts_1.json');
    fs.copyFileSync(fixture('dyi_posts_mixed.json'), file);
    const db = tmp.file('ov.db');
    const result = await runCli(['--db', db, 'import', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('6 rows read, 2 new');
    expect(result.stdout).toContain('skipped 4 items without text: 1 photo, 1 link, 1 check-in, 1 video');
    expect(queryDb<{ text: string }>(db, `SELECT text FROM posts ORDER BY created_at`).map((r) => r.text)).toEqual([
      "Helston hub's new sensory room opens on Monday.",
      'Summer holiday lunches are running at St Austell, Liskeard and Newquay hubs until 29 August \u2013 no need to book. #CIoSOneVision',
    ]);
  });

  it('reads comments in groups (group_comments_v2), recognised from the content', async () => {
    const file = tmp.file('your_comments_in_groups.json');
    fs.writeFileSync(file, JSON.stringify({ group_comments_v2: [{ timestamp: 1756290000, data: [{ comment: { timestamp: 1756290000, comment: 'Is the Truro hub open on bank holidays?', author: 'Kernow Family Hubs', group: 'Truro Parents' } }], title: 'Kernow Family Hubs commented on a post in Truro Parents.' }] }, null, 2));
    const db = tmp.file('ov.db');
    const result = await runCli(['--db', db, 'import', file, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'facebook-export', new: 1, withoutText: { skipped: 0 } });
  });

  it('still refuses a malformed item, naming its line and JSON path, unless --skip-invalid', async () => {
    const data = JSON.parse(fs.readFileSync(fixture('dyi_comments_mixed.json'), 'utf8')) as { comments_v2: Array<{ data?: Array<{ comment?: Record<string, unknown> }> }> };
    const broken = data.comments_v2[4]?.data?.[0]?.comment;
    if (broken) broken.comment = 42;
    const file = tmp.file('comments.json');
    const text = JSON.stringify(data, null, 2);
    fs.writeFileSync(file, text);
    // The item starts with the "{" just above its own timestamp line: that 0-based index is its 1-based line.
    const line = text.split('\n').findIndex((l) => l.includes('1756290000'));
    const db = tmp.file('ov.db');
    const result = await runCli(['--db', db, 'import', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:${line}: item 5 (comments_v2[4].data[0].comment.comment): expected text, found the number 42`);
    expect(fs.existsSync(db) ? queryDb(db, 'SELECT * FROM posts') : []).toEqual([]);

    const skipping = await runCli(['--db', db, 'import', file, '--skip-invalid', '--json']);
    expect(skipping.code, skipping.stderr).toBe(0);
    expect(JSON.parse(skipping.stdout)).toMatchObject({ new: 1, skipped: 1, withoutText: { skipped: 5 } });
  });

  it('names the line of an item whose text is over --max-post-chars (its id is made, not written in the file)', async () => {
    const items = ['Is the Truro hub open on bank holidays?', 'More youth workers in Camborne please. '.repeat(20), 'Free swimming in the holidays'].map((comment, i) => ({
      timestamp: 1756290000 + i,
      data: [{ comment: { timestamp: 1756290000 + i, comment, author: 'Kernow Family Hubs' } }],
      title: 'Kernow Family Hubs commented on a post.',
    }));
    const text = JSON.stringify({ comments_v2: items }, null, 2);
    const file = tmp.file('comments.json');
    fs.writeFileSync(file, text);
    // The second item's "{" is the line above its own timestamp line.
    const line = text.split('\n').findIndex((l) => l.includes('1756290001'));
    const db = tmp.file('ov.db');
    const result = await runCli(['--db', db, 'import', file, '--max-post-chars', '500', '--no-classify']);
    expect(result.code).toBe(2);
    expect(line).toBeGreaterThan(1);
    expect(result.stderr).toMatch(new RegExp(`comments\\.json:${line}: post "[^"]+" has 780 characters of text, over the limit of 500`));
    expect(fs.existsSync(db)).toBe(false);
  });
});
