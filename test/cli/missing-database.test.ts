/**
 * A mistyped --db: commands that work on what was collected refuse a database that is not there, and
 * create nothing, rather than make an empty one and report success on it ("wrote 0 posts").
 */
import fs from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeXApi } from '../../src/fakes/x-api';
import { makeTempDir, runCli } from '../helpers/cli';
import { TOKEN, collectX, fixtureDataSet } from '../collectors/x-setup';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const COMMANDS = [
  ['export', '--out', 'out.csv'],
  ['report', '--format', 'md', '--out', 'report.md'],
  ['classify'],
  ['review', '--json'],
  ['label', 'survey:r1', '--none'],
  ['train', '--dry-run'],
  ['summary'],
  ['safeguarding'],
  ['explain', 'survey:r1'],
  // An erasure recorded in a database made by a typo would leave the person in the real one.
  ['forget', '--author', 'x:42'],
  ['forget', '--post', 'x:1642000000000000000'],
  ['purge', '--older-than', '2y'],
  ['purge', '--deleted'],
];

/** Every users subcommand but add works on accounts that must already be there. */
const USERS_SUBCOMMANDS = [
  ['list'],
  ['remove', 'jo'],
  ['set-role', 'jo', '--role', 'analyst'],
  ['password', 'jo'],
];

async function expectRefusedWithoutDatabase(args: readonly string[]): Promise<void> {
  const typo = tmp.file('no-such-folder/typo.db');
  const result = await runCli(['--db', typo, ...args], { cwd: tmp.dir, input: 'pasty harbour lighthouse\n' });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`no database at ${typo}`);
  expect(fs.existsSync(typo)).toBe(false);
  expect(fs.readdirSync(tmp.dir)).toEqual([]);
}

it.each(COMMANDS)('%s refuses a database that is not there', (...args) => expectRefusedWithoutDatabase(args));

it.each(USERS_SUBCOMMANDS)('users %s refuses a database that is not there', (...args) => expectRefusedWithoutDatabase(['users', ...args]));

it('users add still creates the database: the first account may come before anything is collected', async () => {
  const fresh = tmp.file('new-folder/ov.db');
  const result = await runCli(['--db', fresh, 'users', 'add', 'jo', '--role', 'admin'], { cwd: tmp.dir, input: 'pasty harbour lighthouse\n' });
  expect(result.code, result.stderr).toBe(0);
  expect(fs.existsSync(fresh)).toBe(true);
});

it('import and collect say when there was no database and they made one, with its full path; not the next time', async () => {
  fs.writeFileSync(tmp.file('a.csv'), 'id,text\n1,More buses to Bude please\n');
  const note = (file: string) => `note: there was no database at ${file}, so this run created it.`;
  const first = await runCli(['--db', 'typo/ov.db', 'import', 'a.csv', '--no-classify'], { cwd: tmp.dir });
  expect(first.code, first.stderr).toBe(0);
  expect(first.stderr).toContain(note(tmp.file('typo/ov.db')));
  expect(first.stderr).toContain('check --db or ONEVISION_DB');
  const again = await runCli(['--db', 'typo/ov.db', 'import', 'a.csv', '--no-classify'], { cwd: tmp.dir });
  expect(again.code, again.stderr).toBe(0);
  expect(again.stderr).not.toContain('note: there was no database');

  const api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN });
  try {
    const collected = await collectX(tmp.file('nightly.db'), api.url);
    expect(collected.code, collected.stderr).toBe(0);
    expect(collected.stderr).toContain(note(tmp.file('nightly.db')));
    const next = await collectX(tmp.file('nightly.db'), api.url);
    expect(next.stderr).not.toContain('note: there was no database');
  } finally {
    await api.close();
  }
});

it('refuses a blank --db rather than act on the default database', async () => {
  const real = tmp.file('real.db');
  const result = await runCli(['--db', ' ', 'forget', '--author', 'x:42'], { cwd: tmp.dir, env: { ONEVISION_DB: real } });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--db is empty');
  expect(fs.existsSync(real)).toBe(false);
});

it('compliance refuses a database that is not there: there is nothing stored to check', async () => {
  const typo = tmp.file('typo.db');
  const result = await runCli(['--db', typo, 'compliance', '--dry-run'], { cwd: tmp.dir, env: { X_BEARER_TOKEN: 'AAAAfake-token-for-missing-db', X_API_BASE_URL: 'http://127.0.0.1:9' } });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`no database at ${typo}`);
  expect(fs.readdirSync(tmp.dir)).toEqual([]);
});

it('a --db that is a folder, or a file that is not a database, is named as such (exit 2); doctor reports it as its failed check', async () => {
  fs.mkdirSync(tmp.file('a-folder'));
  const folder = await runCli(['--db', tmp.file('a-folder'), 'status'], { cwd: tmp.dir });
  expect(folder.code).toBe(2);
  expect(folder.stderr).toContain(`${tmp.file('a-folder')} is a folder, not a database file`);
  expect(folder.stderr).toContain(`--db ${tmp.file('a-folder/onevision.db')}`);

  fs.writeFileSync(tmp.file('notes.txt'), 'id,text\n1,this is a CSV, not a database\n'.repeat(50));
  for (const args of [['status'], ['summary'], ['export']]) {
    const result = await runCli(['--db', tmp.file('notes.txt'), ...args], { cwd: tmp.dir });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/not a SQLite database.*\n.*Check --db or ONEVISION_DB/);
  }
  const doctor = await runCli(['--db', tmp.file('notes.txt'), 'doctor', '--offline', '--json'], { cwd: tmp.dir });
  const checks = JSON.parse(doctor.stdout) as Array<{ name: string; status: string; detail: string }>;
  expect(checks).toContainEqual(expect.objectContaining({ name: 'database', status: 'fail', detail: expect.stringMatching(/not a SQLite database/) }));
  expect(doctor.code).not.toBe(0);
});
