/**
 * Messages a person reads say "1 post", not "1 posts": a database with one post, taken through the
 * commands that count what they did. JSON and CSV are a contract and keep their names whatever the count.
 */
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { useScratchDatabase } from '../helpers/scratch';

const { scratch, cli, ok } = useScratchDatabase();

/** "1 posts", "1 rows", …: a count of one with a plural noun after it. */
const ONE_PLURAL = /\b1 (posts|rows|quotes|pages|items|retweets)\b/;

it('says "1 post" and "1 row" when there is one, in import, export, pivot, workbook, report and summary', async () => {
  fs.writeFileSync(scratch.tmp.file('one.csv'), 'id,text,created_at\nq1,More buses to Truro please,2017-05-01T10:00:00Z\n');
  const preview = await ok('import', scratch.tmp.file('one.csv'), '--dry-run');
  expect(preview).toContain('1 row, 1 post would be imported');
  const imported = await cli('import', scratch.tmp.file('one.csv'));
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toContain('1 row read, 1 new');
  expect(imported.stderr).toContain('classified 1 post against the five outcomes');

  const outputs = [
    { args: ['export', '--out', 'posts.csv'], says: 'wrote 1 post to posts.csv' },
    { args: ['export', '--pivot', 'month', '--out', 'month.csv'], says: 'wrote 1 row (1 post by month) to month.csv' },
    { args: ['export', '--format', 'xlsx', '--out', 'posts.xlsx'], says: 'wrote 1 post and 5 count tables to posts.xlsx' },
    { args: ['report', '--format', 'md', '--out', 'board.md'], says: 'report of 1 post (' },
  ];
  for (const { args, says } of outputs) {
    const result = await cli(...args);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(says);
    expect(result.stderr).not.toMatch(ONE_PLURAL);
  }
  expect(await ok('summary')).not.toMatch(ONE_PLURAL);
  expect(fs.readFileSync(scratch.tmp.file('board.md'), 'utf8')).not.toMatch(ONE_PLURAL);
});

it('keeps the JSON field names whatever the count', async () => {
  fs.writeFileSync(scratch.tmp.file('one.csv'), 'id,text,created_at\nq1,More buses to Truro please,2017-05-01T10:00:00Z\n');
  const summary = JSON.parse(await ok('import', scratch.tmp.file('one.csv'), '--json')) as Record<string, unknown>;
  expect(summary).toMatchObject({ rowsRead: 1, new: 1 });
});
