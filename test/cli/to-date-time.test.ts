/**
 * `--to` is "up to and including" for a date-time as for a date: an analyst who copies the last
 * post's created_at from an export into --to keeps that post, in export, summary and report alike.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { useScratchDatabase } from '../helpers/scratch';

const { scratch, ok } = useScratchDatabase();

const ROWS = [
  'id,text,created_at',
  'a,More youth clubs in Truro please,2017-10-29T00:30:00Z',
  'b,Mental health help for teens in Bodmin,2017-10-29T23:59:59Z',
  'c,Jobs for young people in Newquay,2017-10-30T00:00:00Z',
].join('\n');

it('keeps the post created at the very instant --to names', async () => {
  fs.writeFileSync(scratch.tmp.file('posts.csv'), `${ROWS}\n`);
  await ok('import', scratch.tmp.file('posts.csv'), '--source', 'event');
  const window = ['--from', '2017-10-29', '--to', '2017-10-29T23:59:59.000Z'];

  const rows = parse(await ok('export', ...window), { columns: true }) as Array<Record<string, string>>;
  expect(rows.map((r) => r.source_id)).toEqual(['a', 'b']);
  const summary = JSON.parse(await ok('summary', ...window, '--json')) as { totals: { posts: number } };
  expect(summary.totals.posts).toBe(2);
  await ok('report', ...window, '--format', 'md', '--out', scratch.tmp.file('report.md'));
  expect(fs.readFileSync(scratch.tmp.file('report.md'), 'utf8')).toContain('**2** posts');

  // The same instant with no fraction, and a bare date, agree.
  expect(parse(await ok('export', '--from', '2017-10-29', '--to', '2017-10-29T23:59:59Z'), { columns: true })).toHaveLength(2);
  expect(parse(await ok('export', '--from', '2017-10-29', '--to', '2017-10-29'), { columns: true })).toHaveLength(2);
});
