import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });

interface Check {
  name: string;
  status: string;
  fix: string | null;
}

beforeEach(async () => {
  tmp = makeTempDir();
  db = tmp.file('data/ov.db');
  fs.writeFileSync(tmp.file('a.csv'), 'id,text\n1,hello\n');
  await cli('import', tmp.file('a.csv'));
});
afterEach(() => tmp.cleanup());

describe('doctor', () => {
  it('passes a healthy database and warns, with a fix, about what is missing', async () => {
    const result = await cli('doctor', '--offline', '--json');
    expect(result.code).toBe(0);
    const checks = JSON.parse(result.stdout) as Check[];
    expect(checks.find((c) => c.name === 'database integrity')?.status).toBe('ok');
    expect(checks.find((c) => c.name === 'database permissions')?.status).toBe('ok');
    const lastRun = checks.find((c) => c.name === 'last run');
    expect(lastRun).toMatchObject({ status: 'warn' });
    expect(lastRun?.fix).toContain('onevision collect');
  });

  it('warns when the database file is readable by others', async () => {
    fs.chmodSync(db, 0o644);
    const checks = JSON.parse((await cli('doctor', '--offline', '--json')).stdout) as Check[];
    expect(checks.find((c) => c.name === 'database permissions')).toMatchObject({ status: 'warn', fix: `chmod 600 ${db}` });
  });

  it('fails with exit 2 on a corrupted database', async () => {
    const bytes = fs.readFileSync(db);
    // Overwrite the second page (the first table's b-tree) with garbage, keeping the header intact.
    bytes.fill(0x5a, 4096, 8192);
    fs.writeFileSync(db, bytes);
    fs.rmSync(`${db}-wal`, { force: true });
    fs.rmSync(`${db}-shm`, { force: true });
    const result = await cli('doctor', '--offline');
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toMatch(/database integrity|malformed|not a database/i);
  });
});
