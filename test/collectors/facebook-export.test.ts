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
