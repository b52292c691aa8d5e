import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { CONFIG_VARIABLES } from '../../src/config';
import { MIGRATIONS } from '../../src/store/migrations';
import { ROOT, makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

function writeFile(name: string, content: string): string {
  const file = tmp.file(name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('configuration', () => {
  it('takes the database from --db over the environment over .env over the default', async () => {
    const csv = writeFile('a.csv', 'id,text\n1,hello\n');
    writeFile('.env', 'ONEVISION_DB=from-dotenv.db\n');
    await runCli(['import', csv], { cwd: tmp.dir });
    expect(fs.existsSync(tmp.file('from-dotenv.db'))).toBe(true);

    await runCli(['import', csv], { cwd: tmp.dir, env: { ONEVISION_DB: 'from-env.db' } });
    expect(fs.existsSync(tmp.file('from-env.db'))).toBe(true);

    await runCli(['--db', 'from-flag.db', 'import', csv], { cwd: tmp.dir, env: { ONEVISION_DB: 'from-env.db' } });
    expect(fs.existsSync(tmp.file('from-flag.db'))).toBe(true);

    fs.rmSync(tmp.file('.env'));
    await runCli(['import', csv], { cwd: tmp.dir });
    expect(fs.existsSync(tmp.file('data/onevision.db'))).toBe(true);
  });

  it('names the variable and the fix when a value is invalid', async () => {
    const result = await runCli(['status'], { cwd: tmp.dir, env: { X_SEARCH: 'everything' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('X_SEARCH must be "recent" or "all", not "everything"');
    expect(result.stderr).toContain('Use X_SEARCH=recent');

    const url = await runCli(['status'], { cwd: tmp.dir, env: { FB_GRAPH_BASE_URL: 'graph dot facebook' } });
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('FB_GRAPH_BASE_URL is not a URL');
  });

  it('creates the database readable by its owner only', async () => {
    await runCli(['--db', 'private/ov.db', 'import', writeFile('a.csv', 'id,text\n1,x\n')], { cwd: tmp.dir });
    expect(fs.statSync(tmp.file('private/ov.db')).mode & 0o777).toBe(0o600);
  });

  it('documents every variable it reads in .env.example and the README', () => {
    const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const variable of CONFIG_VARIABLES) {
      expect(example).toMatch(new RegExp(`^#? ?${variable.name}=`, 'm'));
      expect(readme).toContain(`| \`${variable.name}\``);
    }
  });
});

describe('status', () => {
  it('says there is no database yet rather than creating one', async () => {
    const result = await runCli(['status', '--json'], { cwd: tmp.dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ exists: false });
    expect(fs.existsSync(tmp.file('data/onevision.db'))).toBe(false);
  });

  it('shows posts and the newest post per source, as a table and as JSON', async () => {
    await runCli(['import', writeFile('a.csv', 'id,text,created_at,source\n1,a,2017-05-01,survey\n2,b,2017-06-02,survey\n3,c,2017-04-01,event\n')], { cwd: tmp.dir });
    const json = await runCli(['status', '--json'], { cwd: tmp.dir });
    const model = JSON.parse(json.stdout) as { sources: unknown[]; schemaVersion: number };
    expect(model.sources).toEqual([
      { source: 'event', posts: 1, deleted: 0, newestPostAt: '2017-04-01T00:00:00.000Z' },
      { source: 'survey', posts: 2, deleted: 0, newestPostAt: '2017-06-02T00:00:00.000Z' },
    ]);
    const table = await runCli(['status'], { cwd: tmp.dir });
    expect(table.stdout).toMatch(/survey\s+2\s+0\s+2017-06-02T00:00:00.000Z/);
  });
});

describe('help and exit codes', () => {
  it('gives every command --help with an example', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commandList = top.stdout.slice(top.stdout.indexOf('Commands:'));
    const commands = [...commandList.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['import', 'export', 'status']));
    for (const command of commands) {
      const help = await runCli([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(/Examples?:\n\s+\$ onevision /);
    }
  });

  it('exits 2 on an unknown command and on a missing argument', async () => {
    expect((await runCli(['colect'])).code).toBe(2);
    expect((await runCli(['import'])).code).toBe(2);
  });
});

describe('migrations', () => {
  it('upgrades a database made by an earlier schema version, keeping its posts', async () => {
    // A version-1 database as the first release wrote it: posts and authors only.
    const file = tmp.file('old.db');
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!.sql);
    old.pragma('user_version = 1');
    old.prepare(`INSERT INTO posts (source, source_id, text, first_seen_at, updated_at) VALUES ('survey', 'old-1', 'kept from v1', '2017-01-01', '2017-01-01')`).run();
    old.close();

    const result = await runCli(['--db', file, 'import', writeFile('a.csv', 'id,text\nnew-1,added after upgrade\n')]);
    expect(result.code).toBe(0);
    expect(queryDb(file, 'PRAGMA user_version')).toEqual([{ user_version: MIGRATIONS[MIGRATIONS.length - 1]!.version }]);
    expect(queryDb(file, 'SELECT source_id, text FROM posts ORDER BY id')).toEqual([
      { source_id: 'old-1', text: 'kept from v1' },
      { source_id: 'new-1', text: 'added after upgrade' },
    ]);
    expect(queryDb(file, `SELECT name FROM sqlite_master WHERE name IN ('runs', 'labels', 'exports') ORDER BY name`)).toHaveLength(3);
  });

  it('refuses a database from a newer onevision instead of damaging it', async () => {
    const file = tmp.file('future.db');
    const future = new Database(file);
    future.pragma('user_version = 999');
    future.close();
    const result = await runCli(['--db', file, 'import', writeFile('a.csv', 'id,text\n1,x\n')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/newer than this onevision understands/);
  });
});
