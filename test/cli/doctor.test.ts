import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeXApi } from '../../src/fakes/x-api';
import { TOKEN as FB_TOKEN, startSampleApi } from '../collectors/facebook-helpers';
import { TOKEN as X_TOKEN, fixtureDataSet } from '../collectors/x-setup';
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

  it('proves each configured token works against the APIs, and names the token that does not', async () => {
    const x = await startFakeXApi({ data: fixtureDataSet(), token: X_TOKEN });
    const graph = await startSampleApi();
    try {
      const env = { X_BEARER_TOKEN: X_TOKEN, X_API_BASE_URL: x.url, FB_PAGE_TOKEN: FB_TOKEN, FB_GRAPH_BASE_URL: graph.url, FB_PAGE_ID: 'CornwallCT' };
      const good = await runCli(['--db', db, 'doctor', '--json'], { cwd: tmp.dir, env });
      const checks = JSON.parse(good.stdout) as Check[];
      expect(checks.find((c) => c.name === 'x: token')).toMatchObject({ status: 'ok' });
      expect(checks.find((c) => c.name === 'facebook: token')).toMatchObject({ status: 'ok' });
      expect(good.code).toBe(0);

      const bad = await runCli(['--db', db, 'doctor', '--json'], { cwd: tmp.dir, env: { ...env, FB_PAGE_TOKEN: 'EAAexpiredTokenValue0000' } });
      expect(bad.code).toBe(2);
      const fb = (JSON.parse(bad.stdout) as Check[]).find((c) => c.name === 'facebook: token');
      expect(fb?.status).toBe('fail');
      expect(fb?.fix).toMatch(/Page token/i);
      expect(bad.stdout + bad.stderr).not.toContain('EAAexpiredTokenValue0000');
      expect(good.stdout + good.stderr).not.toContain(X_TOKEN);
    } finally {
      await Promise.all([x.close(), graph.close()]);
    }
  });
});
