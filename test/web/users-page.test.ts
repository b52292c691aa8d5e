/** Accounts in the browser desk: an admin adds, re-roles and removes them; nobody else may. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { addUser, DeskClient, startServe, type ServingDesk } from './desk-helpers';

const PASSWORD = 'admin password here';
let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let serving: ServingDesk;

beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
  await addUser(db, 'ada', 'admin', PASSWORD);
  await addUser(db, 'rex', 'reviewer', 'reviewer password');
  serving = await startServe(db);
}, 120_000);
afterAll(async () => {
  await serving?.stop();
  tmp?.cleanup();
});

async function accounts(): Promise<Array<{ name: string; role: string }>> {
  const result = await runCli(['--db', db, 'users', 'list', '--json']);
  return (JSON.parse(result.stdout) as Array<{ name: string; role: string }>).map(({ name, role }) => ({ name, role }));
}

describe('the users page', () => {
  it('lets an admin add an account that can then sign in, change its role and remove it, each audited', async () => {
    const admin = new DeskClient(serving.origin);
    await admin.signIn('ada', PASSWORD);
    const page = await admin.get('/users');
    expect(page.status).toBe(200);
    expect(page.body).toContain('rex');
    const token = await admin.csrfToken('/users');

    const added = await admin.post('/users', { _csrf: token, name: 'nia', role: 'analyst', password: 'nia password 123' });
    expect(added.status).toBe(303);
    expect((await admin.get(added.location ?? '')).body).toContain('Added nia.');
    const nia = new DeskClient(serving.origin);
    expect((await nia.signIn('nia', 'nia password 123')).status).toBe(303);
    expect((await nia.get('/')).body).toContain('nia (analyst)');

    expect((await admin.post('/users/nia/role', { _csrf: token, role: 'reviewer' })).status).toBe(303);
    expect(await accounts()).toContainEqual({ name: 'nia', role: 'reviewer' });
    // The new role holds from the next request of the session already open.
    expect((await nia.get('/review')).status).not.toBe(403);

    expect((await admin.post('/users/nia/remove', { _csrf: token })).status).toBe(303);
    expect((await accounts()).map((a) => a.name)).not.toContain('nia');
    expect((await nia.get('/')).status).toBe(303);

    const audit = JSON.parse((await runCli(['--db', db, 'audit', '--json'])).stdout) as Array<{ action: string; subject: string; details: { by?: string } }>;
    expect(audit.filter((entry) => entry.subject === 'account:nia').map((entry) => [entry.action, entry.details.by])).toEqual(
      expect.arrayContaining([['account-add', 'ada'], ['account-role', 'ada'], ['account-remove', 'ada']]),
    );
  });

  it('says what is wrong with a new account, and does not add it', async () => {
    const admin = new DeskClient(serving.origin);
    await admin.signIn('ada', PASSWORD);
    const token = await admin.csrfToken('/users');
    const short = await admin.post('/users', { _csrf: token, name: 'kit', role: 'analyst', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body).toMatch(/12 characters/);
    const twice = await admin.post('/users', { _csrf: token, name: 'REX', role: 'analyst', password: 'long enough password' });
    expect(twice.status).toBe(400);
    expect(twice.body).toMatch(/already exists/);
    const role = await admin.post('/users', { _csrf: token, name: 'kit', role: 'superuser', password: 'long enough password' });
    expect(role.status).toBe(400);
    expect((await accounts()).map((a) => a.name)).not.toContain('kit');
    // An admin cannot lock themselves out.
    expect((await admin.post('/users/ada/remove', { _csrf: token })).status).toBe(400);
    expect((await admin.post('/users/ada/role', { _csrf: token, role: 'analyst' })).status).toBe(400);
  });

  it("refuses everyone else, and shows only the desk's own notices", async () => {
    const reviewer = new DeskClient(serving.origin);
    await reviewer.signIn('rex', 'reviewer password');
    expect((await reviewer.get('/users')).status).toBe(403);
    const token = await reviewer.csrfToken('/');
    expect((await reviewer.post('/users', { _csrf: token, name: 'evil', role: 'admin', password: 'long enough password' })).status).toBe(403);
    expect((await accounts()).map((a) => a.name)).not.toContain('evil');
    const admin = new DeskClient(serving.origin);
    await admin.signIn('ada', PASSWORD);
    const crafted = await admin.get(`/users?done=${encodeURIComponent('Call 0800 000 000 now')}&who=ada`);
    expect(crafted.body).not.toContain('Call 0800');
  });
});
