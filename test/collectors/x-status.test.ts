import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { makeTempDir, runCli } from '../helpers/cli';
import { TOKEN, collectX, fixtureDataSet, xEnv } from './x-setup';

let tmp: ReturnType<typeof makeTempDir>;
let api: FakeXApi | undefined;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  tmp.cleanup();
});

describe('status: X usage', () => {
  it('shows the monthly post reads from GET /2/usage/tweets when a token is configured', async () => {
    api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN, usageBefore: 2152 });
    const db = tmp.file('ov.db');
    await collectX(db, api.url);
    const table = await runCli(['--db', db, 'status'], { env: xEnv(api.url) });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('X usage: 2,160 of 3,000,000 post reads this month, resets on day 9 of the month');
    const json = await runCli(['--db', db, 'status', '--json'], { env: xEnv(api.url) });
    expect(JSON.parse(json.stdout).xUsage).toMatchObject({ available: true, usage: { projectUsage: 2160, projectCap: 3000000, capResetDay: 9, today: 2160 } });
    expect(api.requests.filter((r) => r.path === '/2/usage/tweets')).toHaveLength(2);
  });

  it('never fails because of X: a rejected token or an unreachable API is shown, exit 0', async () => {
    api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN });
    const rejected = await runCli(['status'], { cwd: tmp.dir, env: xEnv(api.url, { X_BEARER_TOKEN: 'revoked-token-value' }) });
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toContain('X usage: unavailable (X rejected X_BEARER_TOKEN (401 Unauthorized))');
    const url = api.url;
    await api.close();
    api = undefined;
    const down = await runCli(['status', '--json'], { cwd: tmp.dir, env: xEnv(url) });
    expect(down.code).toBe(0);
    expect(JSON.parse(down.stdout).xUsage).toMatchObject({ available: false });
    expect(down.stdout + down.stderr).not.toContain(TOKEN);
  });

  it('asks X nothing when no token is configured', async () => {
    api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN });
    const result = await runCli(['status', '--json'], { cwd: tmp.dir, env: { X_API_BASE_URL: api.url } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).xUsage).toBeNull();
    expect(api.requests).toHaveLength(0);
  });
});
