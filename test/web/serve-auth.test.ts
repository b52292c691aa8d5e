/**
 * The desk's front door, through the real `onevision serve`: who may use it without an account, how
 * signing in and out works, and what protects a change (CSRF, Origin, throttling, headers).
 */
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { addUser, csrfTokenIn, DeskClient, startServe, type ServingDesk } from './desk-helpers';

const PASSWORD = 'correct horse battery';
let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let serving: ServingDesk | undefined;

beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
});
afterEach(async () => {
  await serving?.stop();
  serving = undefined;
  tmp.cleanup();
});

describe('before any account exists', () => {
  it('serves one local user on 127.0.0.1 without a sign-in, and only under its own Host', async () => {
    serving = await startServe(db);
    const said = await serving.stderrMatching(/no accounts yet/);
    // A fresh install, or a mistyped --db: served, but said, so nobody takes an empty desk for their data.
    expect(said).toContain(`no database was at ${db}: serving a new, empty one (check --db or ONEVISION_DB`);
    const client = new DeskClient(serving.origin);
    const home = await client.get('/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('local user');
    // A page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) gets nothing.
    const rebound = await getWithHost(serving.origin, 'attacker.example');
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain('Overview');
    expect((await getWithHost(serving.origin, `localhost:${new URL(serving.origin).port}`)).status).toBe(200);
  });

  it('gives nothing to a request a proxy relayed, as it came from another machine', async () => {
    serving = await startServe(db);
    // nginx in front of 127.0.0.1:8080 sends Host as the upstream's address, so only its forwarding headers tell.
    const relays: Array<Record<string, string>> = [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9;proto=https' }, { 'x-real-ip': '203.0.113.9' }];
    for (const header of relays) {
      const relayed = await new DeskClient(serving.origin).get('/safeguarding', header);
      expect(relayed.status, JSON.stringify(header)).toBe(403);
      expect(relayed.body).toContain('onevision users add NAME --role admin');
      expect(relayed.body).not.toContain('Safeguarding inbox');
    }
    expect((await new DeskClient(serving.origin).get('/safeguarding')).status).toBe(200);
  });

  it('refuses to serve on any other address until an account exists', async () => {
    const result = await runCli(['--db', db, 'serve', '--host', '0.0.0.0', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no accounts exist/);
    expect(result.stderr).toMatch(/onevision users add NAME --role admin/);
  });

  it('still needs the page token for a change from the local user', async () => {
    serving = await startServe(db);
    const client = new DeskClient(serving.origin);
    expect((await client.post('/logout', {})).status).toBe(403);
  });
});

describe('once an account exists', () => {
  beforeEach(async () => {
    await addUser(db, 'ana', 'analyst', PASSWORD);
    serving = await startServe(db);
  });

  it('sends every page to /login, and signs in with the right password only', async () => {
    expect(await serving!.stderrMatching(/sign-in required/)).not.toContain('serving a new, empty one');
    const client = new DeskClient(serving!.origin);
    const home = await client.get('/posts?outcome=2');
    expect(home.status).toBe(303);
    expect(home.location).toBe('/login?next=%2Fposts%3Foutcome%3D2');

    const form = await client.get('/login');
    expect(form.body).toMatch(/<label for="name">User name<\/label>/);
    expect(form.body).toMatch(/<input type="password" id="password" name="password"/);

    const wrong = await client.signIn('ana', 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('do not match an account');
    expect(client.hasCookie('ov_session')).toBe(false);

    const right = await client.signIn('ana', PASSWORD);
    expect(right.status).toBe(303);
    expect(right.location).toBe('/');
    const cookie = right.headers.getSetCookie().find((line) => line.startsWith('ov_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const signedIn = await client.get('/');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toContain('ana (analyst)');
  });

  it('ends the session on sign-out, which needs the page token', async () => {
    const client = new DeskClient(serving!.origin);
    await client.signIn('ana', PASSWORD);
    expect((await client.post('/logout', {})).status).toBe(403);
    expect((await client.get('/')).status).toBe(200);
    const token = await client.csrfToken('/');
    // The right token from another site's page is refused too: the Origin gives it away.
    expect((await client.post('/logout', { _csrf: token }, { origin: 'http://attacker.example' })).status).toBe(403);
    const out = await client.post('/logout', { _csrf: token });
    expect(out.status).toBe(303);
    expect(out.location).toBe('/login');
    expect((await client.get('/')).status).toBe(303);
  });

  it('refuses a change whose Origin is not even an address as from another site, not with a server error', async () => {
    const client = new DeskClient(serving!.origin);
    await client.signIn('ana', PASSWORD);
    const token = await client.csrfToken('/');
    for (const origin of ['::not a url', 'http//127.0.0.1', '127.0.0.1']) {
      const refused = await client.post('/logout', { _csrf: token }, { origin });
      expect(refused.status, origin).toBe(403);
      expect(refused.body).toContain('came from another site');
    }
    expect(serving!.stderr()).not.toMatch(/desk: POST|\n\s+at /);
    expect((await client.get('/')).status).toBe(200);
  });

  it('refuses a sign-in form that did not come from the desk', async () => {
    const client = new DeskClient(serving!.origin);
    const forged = await client.post('/login', { _csrf: 'made-up', name: 'ana', password: PASSWORD });
    expect(forged.status).toBe(403);
    expect(client.hasCookie('ov_session')).toBe(false);
  });

  it('stops guessing: after five wrong passwords even the right one waits, however the name is cased', async () => {
    const client = new DeskClient(serving!.origin);
    const spellings = ['ana', 'ANA', 'Ana', 'aNa', 'anA'];
    for (const [attempt, name] of spellings.entries()) expect((await client.signIn(name, `guess number ${attempt}`)).status).toBe(401);
    const blocked = await client.signIn('ana', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatch(/Too many failed sign-ins/);
    expect(client.hasCookie('ov_session')).toBe(false);
  });

  it('only sends a signed-in user on to a page of this desk', async () => {
    const client = new DeskClient(serving!.origin);
    const form = await client.get('/login?next=//attacker.example/');
    expect(form.body).toContain('name="next" value="/"');
    const escaped = await client.get(`/login?next=${encodeURIComponent('/"><script>alert(1)</script>')}`);
    expect(escaped.body).not.toContain('<script>alert(1)</script>');
    expect(escaped.body).toContain('name="next" value="/%22%3E%3Cscript%3Ealert(1)%3C/script%3E"');
  });

  it('after signing in, never sends the browser to another site, however the next page is disguised', async () => {
    // A browser drops tabs and newlines from a Location and reads a backslash as a slash, so each of
    // these would become //attacker.example: a look-alike "session expired" page right after a real sign-in.
    for (const next of ['/\t/attacker.example/', '/\n/attacker.example/', '/\r\n/attacker.example/', '/\\/attacker.example/']) {
      const client = new DeskClient(serving!.origin);
      const form = await client.get(`/login?next=${encodeURIComponent(next)}`);
      const signedIn = await client.post('/login', { _csrf: csrfTokenIn(form.body), name: 'ana', password: PASSWORD, next });
      expect(signedIn.status).toBe(303);
      expect(new URL(signedIn.location ?? '', serving!.origin).origin, JSON.stringify(next)).toBe(serving!.origin);
    }
    // An ordinary page of the desk, with its query, is still where the sign-in leads.
    const client = new DeskClient(serving!.origin);
    const form = await client.get('/login');
    const signedIn = await client.post('/login', { _csrf: csrfTokenIn(form.body), name: 'ana', password: PASSWORD, next: '/posts?outcome=2&q=buses' });
    expect(signedIn.location).toBe('/posts?outcome=2&q=buses');
    // A newline typed into the address is no reason for an error page after a good sign-in.
    const again = new DeskClient(serving!.origin);
    const newline = await again.post('/login', { _csrf: csrfTokenIn((await again.get('/login')).body), name: 'ana', password: PASSWORD, next: '/po\nsts' });
    expect(newline.status).toBe(303);
    expect(newline.location).toBe('/posts');
  });

  it('answers a stranger asking for a file the desk does not have with 404, never a server error', async () => {
    const stranger = new DeskClient(serving!.origin);
    // Names every JavaScript object answers to: the list of served files must not.
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'no-such.css']) {
      const asked = await stranger.get(`/assets/${name}`);
      expect(asked.status, name).toBe(404);
    }
    expect((await stranger.get('/assets/desk.css')).status).toBe(200);
    expect(serving!.stderr()).not.toMatch(/desk: GET|\n\s+at /);
  });

  it('sends a content security policy with no inline script, and no caching of pages', async () => {
    const client = new DeskClient(serving!.origin);
    await client.signIn('ana', PASSWORD);
    const page = await client.get('/');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    // A post's link to the platform carries no address of the desk; the desk's own forms keep their Origin.
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    // Every script on the page is a file from the desk itself.
    expect(page.body.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
  });
});

describe('serve flags', () => {
  it('names a bad port and exits 2', async () => {
    const result = await runCli(['--db', db, 'serve', '--port', 'eighty']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--port must be a whole number from 0 to 65535/);
  });

  it('says a port is taken, with what to do, and exits 2 without a stack trace', async () => {
    serving = await startServe(db);
    const port = new URL(serving.origin).port;
    const second = await runCli(['--db', db, 'serve', '--port', port]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(second.stderr).toContain('--port 0');
    expect(second.stderr).not.toMatch(/internal error|\n\s+at /);
    // The first desk is unharmed.
    expect((await new DeskClient(serving.origin).get('/')).status).toBe(200);
  });

  it('says it is stopping the desk on SIGTERM, not a page of collection', async () => {
    serving = await startServe(db);
    expect(await serving.stop()).toBe(0);
    expect(await serving.stderrMatching(/stopping the desk/)).not.toContain('current page');
    serving = undefined;
  });
});

/** fetch will not send a Host header of our choosing; node:http will, as a rebinding attacker's browser would. */
function getWithHost(origin: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${origin}/`, { headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}
