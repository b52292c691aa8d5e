import fs from 'node:fs';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { dumpDb, queryDb } from '../helpers/db';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });

const SECRET_TEXT = 'Mabli-unique-phrase: my brother and me need the bus to Bodmin';
beforeEach(async () => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
  const csv = [
    'id,text,author,created_at',
    `1,"${SECRET_TEXT}",@Mabli,2017-05-01`,
    '2,Second post by the same person,mabli,2017-05-02',
    '3,Someone else entirely,@Other,2017-05-03',
  ].join('\n');
  fs.writeFileSync(tmp.file('a.csv'), csv);
  expect((await cli('import', tmp.file('a.csv'))).code).toBe(0);
});
afterEach(() => tmp.cleanup());

/** A human label and a machine classification, to prove they go with the post. */
function addLabelAndClassification(sourceId: string): void {
  const conn = new Database(db);
  const { id } = conn.prepare(`SELECT id FROM posts WHERE source_id = ?`).get(sourceId) as { id: number };
  conn.prepare(`INSERT INTO labels (post_id, outcomes, labelled_at) VALUES (?, '4', '2017-06-01')`).run(id);
  conn.prepare(`INSERT OR REPLACE INTO classifications (post_id, post_revision, outcomes, scores, safeguarding, codebook_version, model_version, classified_at) VALUES (?, 1, '4', '{}', 0, 'c1', 'm1', '2017-06-01')`).run(id);
  conn.close();
}

function fileBytesContain(text: string): boolean {
  const needle = Buffer.from(text, 'utf8');
  return [db, `${db}-wal`].some((f) => fs.existsSync(f) && fs.readFileSync(f).includes(needle));
}

describe('forget', () => {
  it("erases a person's posts, labels and classifications, removes the bytes, and lists the exports to recall", async () => {
    addLabelAndClassification('1');
    const exportFile = tmp.file('reports/spring.csv');
    await cli('export', '--out', exportFile);
    await cli('export', '--source', 'nothing-here', '--out', tmp.file('reports/empty.csv'));
    expect(fileBytesContain(SECRET_TEXT)).toBe(true);

    const result = await cli('forget', '--author', '@MABLI', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { posts: number; exports: Array<{ path: string; posts: number }> };
    expect(report.posts).toBe(2);
    expect(report.exports).toEqual([expect.objectContaining({ path: exportFile, posts: 2 })]);

    expect(queryDb(db, 'SELECT source_id FROM posts')).toEqual([{ source_id: '3' }]);
    expect(queryDb(db, 'SELECT count(*) AS n FROM labels')).toEqual([{ n: 0 }]);
    // Only the other person's post keeps its classification (import classified all three).
    expect(queryDb(db, 'SELECT p.source_id FROM classifications c JOIN posts p ON p.id = c.post_id')).toEqual([{ source_id: '3' }]);
    expect(queryDb(db, 'SELECT count(*) AS n FROM classifications')).toEqual([{ n: 1 }]);
    expect(queryDb(db, `SELECT count(*) AS n FROM authors WHERE source_author_id = 'mabli'`)).toEqual([{ n: 0 }]);
    expect(fileBytesContain(SECRET_TEXT)).toBe(false);
    expect(queryDb(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });

  it('finds a person by the pseudonym an analyst saw in an export', async () => {
    const rows = parse((await cli('export')).stdout, { columns: true }) as Array<{ author: string; source_id: string }>;
    const pseudonym = rows.find((r) => r.source_id === '3')!.author;
    const result = await cli('forget', '--author', pseudonym);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^erased 1 post(?!s)/m);
    expect(queryDb(db, 'SELECT source_id FROM posts ORDER BY source_id')).toEqual([{ source_id: '1' }, { source_id: '2' }]);
  });

  it('names a --source the database does not know (twitter for x) and erases nothing', async () => {
    const result = await cli('forget', '--author', '@MABLI', '--source', 'twitter');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--source "twitter" is not a source this database knows');
    expect(result.stderr).toMatch(/Use one of .*survey/);
    expect(queryDb(db, 'SELECT count(*) AS n FROM posts')).toEqual([{ n: 3 }]);
  });

  it('erases one post by SOURCE:ID', async () => {
    const result = await cli('forget', '--post', 'survey:2');
    expect(result.code).toBe(0);
    expect(queryDb(db, 'SELECT source_id FROM posts ORDER BY source_id')).toEqual([{ source_id: '1' }, { source_id: '3' }]);
  });

  it('--dry-run lists exactly what the erasure removes: retweets and quotes of the post too', async () => {
    const tweet = (id: string, text: string, user: string, ref?: { type: string; id: string }) => ({
      id, text, author_id: `u-${user}`, conversation_id: id, created_at: '2017-05-01T10:00:00.000Z', edit_history_tweet_ids: [id], author: { id: `u-${user}`, username: user, name: user },
      ...(ref ? { referenced_tweets: [ref] } : {}),
    });
    const lines = [
      tweet('1300000000000000001', 'Bring back the youth bus to St Just #CIoSOneVision', 'penwith_teen'),
      tweet('1300000000000000002', 'RT @penwith_teen: Bring back the youth bus to St Just #CIoSOneVision', 'someone_else', { type: 'retweeted', id: '1300000000000000001' }),
      tweet('1300000000000000003', 'This, and a late one on Fridays', 'a_third', { type: 'quoted', id: '1300000000000000001' }),
    ];
    fs.writeFileSync(tmp.file('x.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    expect((await cli('import', tmp.file('x.jsonl'), '--format', 'twarc')).code).toBe(0);
    const dry = await cli('forget', '--post', 'x:1300000000000000001', '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const listed = (JSON.parse(dry.stdout) as { posts: number; postRefs: string[] }).postRefs;
    const before = queryDb<{ ref: string }>(db, `SELECT source || ':' || source_id AS ref FROM posts WHERE source = 'x' ORDER BY source_id`).map((r) => r.ref);
    expect((await cli('forget', '--post', 'x:1300000000000000001')).code).toBe(0);
    const after = queryDb<{ ref: string }>(db, `SELECT source || ':' || source_id AS ref FROM posts WHERE source = 'x'`).map((r) => r.ref);
    const erased = before.filter((ref) => !after.includes(ref));
    expect(erased.length).toBeGreaterThan(1);
    expect([...listed].sort()).toEqual(erased);
  });

  it('--dry-run lists what would go and changes nothing', async () => {
    const before = dumpDb(db);
    const result = await cli('forget', '--author', 'mabli', '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('would erase 2 posts');
    expect(result.stdout).toContain('survey:1');
    expect(dumpDb(db)).toBe(before);
  });

  it('says clearly when nobody matches, with exit 2', async () => {
    const result = await cli('forget', '--author', 'nobody-like-this');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no author "nobody-like-this"');
    const neither = await cli('forget');
    expect(neither.code).toBe(2);
  });
});

describe('purge', () => {
  it('erases posts older than the retention period', async () => {
    // In hours, so the cut-off falls near midday on 2 May whatever the time of day the test runs.
    const hours = Math.round((Date.now() - Date.parse('2017-05-02T12:00:00Z')) / 3_600_000);
    const result = await cli('purge', '--older-than', `${hours}h`);
    expect(result.code).toBe(0);
    expect(queryDb(db, 'SELECT source_id FROM posts ORDER BY source_id')).toEqual([{ source_id: '3' }]);
  });

  it('erases posts deleted on the platform', async () => {
    const conn = new Database(db);
    conn.prepare(`UPDATE posts SET deleted_at = '2017-06-01' WHERE source_id = '2'`).run();
    conn.close();
    const result = await cli('purge', '--deleted', '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ posts: 1 });
    expect(queryDb(db, 'SELECT source_id FROM posts ORDER BY source_id')).toEqual([{ source_id: '1' }, { source_id: '3' }]);
  });

  it('refuses a nonsense duration', async () => {
    const result = await cli('purge', '--older-than', 'a while');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a duration');
  });
});

describe('runs', () => {
  it('shows an empty history before any collection', async () => {
    const result = await cli('runs', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});
