/**
 * A mistyped --db: commands that work on what was collected refuse a database that is not there, and
 * create nothing, rather than make an empty one and report success on it ("wrote 0 posts").
 */
import fs from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const COMMANDS = [
  ['export', '--out', 'out.csv'],
  ['report', '--out', 'report.md'],
  ['classify'],
  ['review', '--json'],
  ['label', 'survey:r1', '--none'],
  ['train', '--dry-run'],
  ['summary'],
  ['safeguarding'],
  ['explain', 'survey:r1'],
];

it.each(COMMANDS)('%s refuses a database that is not there', async (...args) => {
  const typo = tmp.file('no-such-folder/typo.db');
  const result = await runCli(['--db', typo, ...args], { cwd: tmp.dir });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`no database at ${typo}`);
  expect(fs.existsSync(typo)).toBe(false);
  expect(fs.readdirSync(tmp.dir)).toEqual([]);
});

it('refuses a blank --db rather than act on the default database', async () => {
  const real = tmp.file('real.db');
  const result = await runCli(['--db', ' ', 'forget', '--author', 'x:42'], { cwd: tmp.dir, env: { ONEVISION_DB: real } });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--db is empty');
  expect(fs.existsSync(real)).toBe(false);
});
