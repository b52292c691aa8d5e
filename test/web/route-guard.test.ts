/**
 * Every route of the desk, for every role, checked on the server: whatever a page hides in its
 * navigation, a request for a route the role may not use is refused, a change without the session's
 * CSRF token is refused, and a signed-out request goes to the sign-in. Pages added later are covered
 * without editing this test: it reads the desk's own route list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config';
import { createSession, saveAccount } from '../../src/store/accounts';
import { openDatabase, type Db } from '../../src/store/database';
import { startDesk, type RunningDesk } from '../../src/web/server';
import { can, type Capability } from '../../src/web/viewer';
import { makeTempDir } from '../helpers/cli';

const ROLES = ['analyst', 'reviewer', 'safeguarding-lead', 'admin'] as const;
// The only routes anyone may reach signed out: the sign-in itself and the stylesheet and script.
const OPEN_ROUTES = ['GET /login', 'POST /login', 'GET /assets/:name'];

let tmp: ReturnType<typeof makeTempDir>;
let db: Db;
let running: RunningDesk;
const sessions = new Map<string, { token: string; csrfToken: string }>();
const accounts = new Map<string, number>();

function signIn(role: string): void {
  sessions.set(role, createSession(db, accounts.get(role) ?? 0, new Date(), 1));
}

beforeAll(async () => {
  tmp = makeTempDir();
  const file = tmp.file('onevision.db');
  db = openDatabase(file);
  const now = new Date();
  for (const role of ROLES) {
    // The hash is never checked here: these sessions are made directly, as a sign-in would make them.
    accounts.set(role, saveAccount(db, { name: `someone-${role}`, role, passwordHash: 'scrypt$1$1$1$AA$AA', now: now.toISOString() }).id);
    signIn(role);
  }
  const config = readConfig({ db: file }, {}, tmp.dir);
  running = await startDesk({ host: '127.0.0.1', port: 0, db, config, now: () => new Date(), logError: () => undefined });
});
afterAll(async () => {
  await running.close();
  db.close();
  tmp.cleanup();
});

/** A concrete address for a route pattern: parameters get a value that names nothing. */
function addressOf(url: string): string {
  return url.replace(/:[A-Za-z]+/g, 'x:0');
}

async function request(method: string, url: string, role: string | null, csrf: 'valid' | 'missing'): Promise<Response> {
  const session = role === null ? undefined : sessions.get(role);
  const headers: Record<string, string> = session ? { cookie: `ov_session=${session.token}` } : {};
  const init: RequestInit = { method, redirect: 'manual', headers };
  if (method === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = new URLSearchParams(csrf === 'valid' && session ? { _csrf: session.csrfToken } : {}).toString();
  }
  return fetch(new URL(addressOf(url), running.url), init);
}

describe('the desk guards every route on the server', () => {
  it('adds every route through the guarded `route`, except the sign-in and static files', () => {
    const guarded = new Set(running.desk.routes.map((route) => `${route.method} ${route.url}`));
    const unguarded = running.desk.served.map((route) => `${route.method} ${route.url}`).filter((route) => !guarded.has(route));
    expect(unguarded.sort()).toEqual([...OPEN_ROUTES].sort());
    expect(running.desk.routes.every((route) => route.capability !== null)).toBe(true);
  });

  it('refuses each role the routes it may not use, and a change without the CSRF token', async () => {
    const failures: string[] = [];
    for (const route of running.desk.routes) {
      for (const role of ROLES) {
        const allowed = can({ name: '', role, csrfToken: '' }, route.capability as Capability);
        if (allowed && route.method === 'POST') {
          const forged = await request(route.method, route.url, role, 'missing');
          await forged.body?.cancel();
          if (forged.status !== 403) failures.push(`${role} ${route.method} ${route.url} without a CSRF token: ${forged.status}, expected 403`);
        }
        const response = await request(route.method, route.url, role, 'valid');
        await response.body?.cancel();
        if (!allowed && response.status !== 403) failures.push(`${role} ${route.method} ${route.url}: ${response.status}, expected 403`);
        if (allowed && response.status === 403) failures.push(`${role} ${route.method} ${route.url}: refused, but the role holds "${route.capability}"`);
        // A change that went through may have been the sign-out: the next route gets a fresh session.
        if (route.method === 'POST') signIn(role);
      }
    }
    expect(failures).toEqual([]);
  });

  it('sends a signed-out request to the sign-in, and refuses a signed-out change', async () => {
    for (const route of running.desk.routes) {
      const response = await request(route.method, route.url, null, 'missing');
      await response.body?.cancel();
      if (route.method === 'GET') {
        expect(response.status, route.url).toBe(303);
        expect(response.headers.get('location'), route.url).toMatch(/^\/login\?next=/);
      } else {
        expect(response.status, route.url).toBe(401);
      }
    }
  });
});
