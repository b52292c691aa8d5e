/** Desk accounts and sessions as the web app relies on them (migration 11, src/store/accounts.ts). */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors';
import {
  countAccounts,
  countLoginFailures,
  createSession,
  deleteExpiredSessions,
  deleteLoginAttemptsBefore,
  deleteSession,
  loadAccountForLogin,
  loadAccounts,
  loadSession,
  recordLoginAttempt,
  removeAccount,
  saveAccount,
  saveAccountPassword,
  saveAccountRole,
  type Role,
} from '../../src/store/accounts';
import { openDatabase, type Db } from '../../src/store/database';
import { makeTempDir } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
let db: Db;
beforeEach(() => {
  tmp = makeTempDir();
  file = tmp.file('ov.db');
  db = openDatabase(file);
});
afterEach(() => {
  if (db.open) db.close();
  tmp.cleanup();
});

const NOW = new Date('2026-12-01T09:00:00.000Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const add = (name: string, role: Role = 'reviewer') => saveAccount(db, { name, role, passwordHash: `scrypt$hash-of-${name}`, now: NOW.toISOString() });
const disable = (name: string) => db.prepare(`UPDATE accounts SET disabled_at = ? WHERE name = ?`).run(NOW.toISOString(), name);

describe('accounts', () => {
  it('saves an account, and refuses a second with the same name in another case', () => {
    const jo = add('Jo', 'safeguarding-lead');
    expect(jo).toEqual({ id: expect.any(Number), name: 'Jo', role: 'safeguarding-lead', createdAt: NOW.toISOString(), disabled: false });
    expect(() => add('jo')).toThrow(UserError);
    expect(() => add('JO')).toThrow(/already exists/);
    expect(loadAccounts(db)).toEqual([jo]);
  });

  it('finds the login account whatever the case, with its hash, but not a disabled one', () => {
    add('Jo');
    expect(loadAccountForLogin(db, 'jO')).toMatchObject({ name: 'Jo', passwordHash: 'scrypt$hash-of-Jo' });
    expect(loadAccountForLogin(db, 'sam')).toBeNull();
    disable('Jo');
    expect(loadAccountForLogin(db, 'Jo')).toBeNull();
    expect(loadAccounts(db)).toMatchObject([{ name: 'Jo', disabled: true }]);
  });

  it('counts enabled accounts only', () => {
    expect(countAccounts(db)).toBe(0);
    add('jo');
    add('sam');
    disable('sam');
    expect(countAccounts(db)).toBe(1);
  });

  it('refuses a role outside the four', () => {
    expect(() => saveAccount(db, { name: 'x', role: 'boss' as Role, passwordHash: 'h', now: NOW.toISOString() })).toThrow(/CHECK constraint/);
  });

  it('never gives a removed account\'s id to the next one', () => {
    const first = add('jo');
    removeAccount(db, 'jo');
    expect(add('sam').id).toBeGreaterThan(first.id);
  });
});

describe('sessions', () => {
  it('gives out a random 32-byte base64url token and finds the session by it', () => {
    const jo = add('jo');
    const a = createSession(db, jo.id, NOW, 12);
    const b = createSession(db, jo.id, NOW, 12);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([a.token, b.token, a.csrfToken, b.csrfToken]).size).toBe(4);
    expect(a.expiresAt).toBe('2026-12-01T21:00:00.000Z');
    expect(loadSession(db, a.token, minutes(5))).toEqual({ account: jo, csrfToken: a.csrfToken, expiresAt: a.expiresAt });
    expect(loadSession(db, `${a.token}x`, minutes(5))).toBeNull();
  });

  it('stops at its expiry, and deleteExpiredSessions removes only expired ones', () => {
    const jo = add('jo');
    const short = createSession(db, jo.id, NOW, 1);
    const long = createSession(db, jo.id, NOW, 8);
    expect(loadSession(db, short.token, minutes(59))).not.toBeNull();
    expect(loadSession(db, short.token, minutes(60))).toBeNull();
    expect(loadSession(db, long.token, minutes(60))).not.toBeNull();
    expect(deleteExpiredSessions(db, minutes(60))).toBe(1);
    expect(deleteExpiredSessions(db, minutes(60))).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM sessions`).get()).toEqual({ n: 1 });
  });

  it('stops when its account is disabled or removed', () => {
    const jo = add('jo');
    const sam = add('sam');
    const joSession = createSession(db, jo.id, NOW, 8);
    const samSession = createSession(db, sam.id, NOW, 8);
    disable('jo');
    expect(loadSession(db, joSession.token, minutes(1))).toBeNull();
    expect(removeAccount(db, 'SAM')).toBe(true);
    expect(loadSession(db, samSession.token, minutes(1))).toBeNull();
    expect(db.prepare(`SELECT count(*) AS n FROM sessions WHERE account_id = ?`).get(sam.id)).toEqual({ n: 0 });
    expect(removeAccount(db, 'sam')).toBe(false);
  });

  it('ends on logout, and a new password ends all the account\'s sessions', () => {
    const jo = add('jo');
    const sam = add('sam');
    const first = createSession(db, jo.id, NOW, 8);
    const second = createSession(db, jo.id, NOW, 8);
    const samSession = createSession(db, sam.id, NOW, 8);
    deleteSession(db, first.token);
    expect(loadSession(db, first.token, minutes(1))).toBeNull();
    expect(loadSession(db, second.token, minutes(1))).not.toBeNull();
    expect(saveAccountPassword(db, 'Jo', 'scrypt$new')).toMatchObject({ name: 'jo' });
    expect(loadSession(db, second.token, minutes(1))).toBeNull();
    expect(loadAccountForLogin(db, 'jo')?.passwordHash).toBe('scrypt$new');
    expect(loadSession(db, samSession.token, minutes(1))).not.toBeNull();
    expect(saveAccountPassword(db, 'nobody', 'scrypt$x')).toBeNull();
  });

  it('carries the account\'s current role, so a change applies on the next request', () => {
    const jo = add('jo', 'admin');
    const session = createSession(db, jo.id, NOW, 8);
    saveAccountRole(db, 'jo', 'analyst');
    expect(loadSession(db, session.token, minutes(1))?.account.role).toBe('analyst');
  });

  it('notes when it was last seen at most once a minute', () => {
    const session = createSession(db, add('jo').id, NOW, 8);
    const lastSeen = () => (db.prepare(`SELECT last_seen_at AS at FROM sessions`).get() as { at: string }).at;
    loadSession(db, session.token, new Date(NOW.getTime() + 59_999));
    expect(lastSeen()).toBe(NOW.toISOString());
    loadSession(db, session.token, minutes(1));
    expect(lastSeen()).toBe(minutes(1).toISOString());
    loadSession(db, session.token, new Date(minutes(1).getTime() + 30_000));
    expect(lastSeen()).toBe(minutes(1).toISOString());
  });

  it('keeps only a hash of the token: its bytes are nowhere in the database files', () => {
    const session = createSession(db, add('jo').id, NOW, 8);
    const rows = db.prepare(`SELECT * FROM sessions`).all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(session.token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(session.token);
    db.close();

    const bytes = Buffer.concat(['', '-wal'].filter((suffix) => fs.existsSync(`${file}${suffix}`)).map((suffix) => fs.readFileSync(`${file}${suffix}`)));
    // The scan sees session rows: the hash and the CSRF token (stored as it is) are there.
    expect(bytes.includes(Buffer.from(rows[0]?.token_hash as string))).toBe(true);
    expect(bytes.includes(Buffer.from(session.csrfToken))).toBe(true);
    expect(bytes.includes(Buffer.from(session.token))).toBe(false);
    expect(bytes.includes(Buffer.from(session.token, 'base64url'))).toBe(false);
  });
});

describe('login failures', () => {
  const fail = (name: string, address: string, at: Date) => recordLoginAttempt(db, { name, address, ok: false, at });

  it('counts failures since a time, by name whatever its case and by address', () => {
    fail('jo', '10.0.0.1', minutes(0));
    fail('JO', '10.0.0.2', minutes(10));
    fail('sam', '10.0.0.1', minutes(20));
    fail('jo', '10.0.0.1', minutes(30));
    expect(countLoginFailures(db, { name: 'Jo', address: '10.0.0.1' }, minutes(0))).toEqual({ byName: 3, byAddress: 3 });
    expect(countLoginFailures(db, { name: 'jo', address: '10.0.0.1' }, minutes(10))).toEqual({ byName: 2, byAddress: 2 });
    expect(countLoginFailures(db, { name: 'jo', address: '10.0.0.9' }, minutes(31))).toEqual({ byName: 0, byAddress: 0 });
  });

  it('restarts a name\'s count at its last successful login, but not its address\'s', () => {
    fail('jo', '10.0.0.1', minutes(0));
    fail('jo', '10.0.0.1', minutes(1));
    recordLoginAttempt(db, { name: 'Jo', address: '10.0.0.1', ok: true, at: minutes(2) });
    fail('jo', '10.0.0.1', minutes(3));
    expect(countLoginFailures(db, { name: 'jo', address: '10.0.0.1' }, minutes(0))).toEqual({ byName: 1, byAddress: 3 });
  });

  it('forgets tries older than the cut-off, and only those', () => {
    fail('jo', '10.0.0.1', minutes(0));
    fail('jo', '10.0.0.1', minutes(20));
    expect(deleteLoginAttemptsBefore(db, minutes(10))).toBe(1);
    expect(countLoginFailures(db, { name: 'jo', address: '10.0.0.1' }, minutes(-60))).toEqual({ byName: 1, byAddress: 1 });
  });

  it('does not count successes as failures', () => {
    recordLoginAttempt(db, { name: 'jo', address: '10.0.0.1', ok: true, at: minutes(1) });
    expect(countLoginFailures(db, { name: 'jo', address: '10.0.0.1' }, minutes(0))).toEqual({ byName: 0, byAddress: 0 });
  });
});
