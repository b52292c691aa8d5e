/**
 * Web desk accounts, their sessions and login attempts (migration 11). Session tokens are stored
 * only as a SHA-256: the raw token lives in the browser's cookie and nowhere else.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ROLES, type Role } from '../core/account';
import { UserError } from '../errors';
import type { Db } from './database';
import { prepared } from './statements';

export { ROLES, type Role };

export interface Account {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly disabled: boolean;
}

interface AccountRow {
  id: number;
  name: string;
  role: Role;
  created_at: string;
  disabled_at: string | null;
}

const ACCOUNT_COLUMNS = 'a.id, a.name, a.role, a.created_at, a.disabled_at';

function toAccount(row: AccountRow): Account {
  return { id: row.id, name: row.name, role: row.role, createdAt: row.created_at, disabled: row.disabled_at !== null };
}

/** Enabled accounts only. */
export function countAccounts(db: Db): number {
  return (prepared(db, `SELECT count(*) AS n FROM accounts WHERE disabled_at IS NULL`).get() as { n: number }).n;
}

/** Whether any account was ever made and not removed, disabled or not: from then on the desk needs a sign-in. */
export function anyAccountExists(db: Db): boolean {
  return prepared(db, `SELECT 1 FROM accounts LIMIT 1`).get() !== undefined;
}

export function loadAccounts(db: Db): Account[] {
  const rows = prepared(db, `SELECT ${ACCOUNT_COLUMNS} FROM accounts a ORDER BY a.name COLLATE NOCASE, a.id`).all() as AccountRow[];
  return rows.map(toAccount);
}

/** Any account by name (case ignored), disabled or not; for commands that manage accounts. */
export function loadAccount(db: Db, name: string): Account | null {
  const row = prepared(db, `SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.name = ?`).get(name) as AccountRow | undefined;
  return row ? toAccount(row) : null;
}

/**
 * The account a login form names, with its password hash; null when there is none or it is
 * disabled. The caller should answer both the same way, after the same work (verifyPassword with
 * a null hash), so the form does not tell which names exist.
 */
export function loadAccountForLogin(db: Db, name: string): (Account & { readonly passwordHash: string }) | null {
  const row = prepared(db, `SELECT ${ACCOUNT_COLUMNS}, a.password_hash FROM accounts a WHERE a.name = ? AND a.disabled_at IS NULL`).get(name) as
    | (AccountRow & { password_hash: string })
    | undefined;
  return row ? { ...toAccount(row), passwordHash: row.password_hash } : null;
}

/** A new account. The name is compared without regard to case: "Jo" exists if "jo" does. */
export function saveAccount(db: Db, account: { name: string; role: Role; passwordHash: string; now: string }): Account {
  try {
    const result = prepared(db, `INSERT INTO accounts (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)`).run(account.name, account.role, account.passwordHash, account.now);
    return { id: Number(result.lastInsertRowid), name: account.name, role: account.role, createdAt: account.now, disabled: false };
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    const existing = loadAccount(db, account.name);
    throw new UserError(`an account named "${existing?.name ?? account.name}" already exists`, 'Choose another name, or change that account with `onevision users set-role` or `onevision users password`.');
  }
}

/** The account with its new role, or null when there is no such account. Its sessions carry on: every request reads the role afresh. */
export function saveAccountRole(db: Db, name: string, role: Role): Account | null {
  prepared(db, `UPDATE accounts SET role = ? WHERE name = ?`).run(role, name);
  return loadAccount(db, name);
}

/** A new password hash; ends the account's sessions, so whoever knew the old password is logged out. Null when there is no such account. */
export function saveAccountPassword(db: Db, name: string, passwordHash: string): Account | null {
  return db.transaction(() => {
    const account = loadAccount(db, name);
    if (account === null) return null;
    prepared(db, `UPDATE accounts SET password_hash = ? WHERE id = ?`).run(passwordHash, account.id);
    prepared(db, `DELETE FROM sessions WHERE account_id = ?`).run(account.id);
    return account;
  }).immediate();
}

/** Deletes the account and its sessions; false when there was none. */
export function removeAccount(db: Db, name: string): boolean {
  return db.transaction(() => {
    const account = loadAccount(db, name);
    if (account === null) return false;
    // The foreign key cascades too; deleting them here does not depend on it.
    prepared(db, `DELETE FROM sessions WHERE account_id = ?`).run(account.id);
    prepared(db, `DELETE FROM accounts WHERE id = ?`).run(account.id);
    return true;
  }).immediate();
}

/** What the database keeps of a session token: its SHA-256, in hex. */
function toTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 32 random bytes, base64url: unguessable, and safe in a cookie or a form field as it is. */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A new session; the returned token goes into the cookie and is not kept here. */
export function createSession(db: Db, accountId: number, now: Date, ttlHours: number): { token: string; csrfToken: string; expiresAt: string } {
  const token = newToken();
  const csrfToken = newToken();
  const createdAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000).toISOString();
  prepared(db, `INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
    toTokenHash(token),
    accountId,
    csrfToken,
    createdAt,
    expiresAt,
    createdAt,
  );
  return { token, csrfToken, expiresAt };
}

/** A minute: often enough to show who was active, rare enough that reading a page seldom writes. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * The session a cookie's token names, with its account as it is now (role changes apply at once);
 * null when the token is unknown, the session has expired, or the account is disabled or removed.
 */
export function loadSession(db: Db, token: string, now: Date): { account: Account; csrfToken: string; expiresAt: string } | null {
  const tokenHash = toTokenHash(token);
  const row = prepared(
    db,
    `SELECT ${ACCOUNT_COLUMNS}, s.csrf_token, s.expires_at, s.last_seen_at
       FROM sessions s JOIN accounts a ON a.id = s.account_id
      WHERE s.token_hash = ?`,
  ).get(tokenHash) as (AccountRow & { csrf_token: string; expires_at: string; last_seen_at: string }) | undefined;
  if (row === undefined || row.disabled_at !== null) return null;
  if (Date.parse(row.expires_at) <= now.getTime()) return null;
  if (now.getTime() - Date.parse(row.last_seen_at) >= LAST_SEEN_RESOLUTION_MS) {
    prepared(db, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`).run(now.toISOString(), tokenHash);
  }
  return { account: toAccount(row), csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export function deleteSession(db: Db, token: string): void {
  prepared(db, `DELETE FROM sessions WHERE token_hash = ?`).run(toTokenHash(token));
}

/** How many sessions were ended. */
export function deleteExpiredSessions(db: Db, now: Date): number {
  return prepared(db, `DELETE FROM sessions WHERE expires_at <= ?`).run(now.toISOString()).changes;
}

/** Forgets login tries older than `before`: they hold typed names and addresses, and throttling needs minutes of them. */
export function deleteLoginAttemptsBefore(db: Db, before: Date): number {
  return prepared(db, `DELETE FROM login_attempts WHERE at < ?`).run(before.toISOString()).changes;
}

/** One login try, ok or not. Never the password. */
export function recordLoginAttempt(db: Db, attempt: { name: string; address: string; ok: boolean; at: Date }): void {
  prepared(db, `INSERT INTO login_attempts (name, address, ok, at) VALUES (?, ?, ?, ?)`).run(attempt.name, attempt.address, attempt.ok ? 1 : 0, attempt.at.toISOString());
}

/**
 * Failed logins since a time, for one name (case ignored) and from one address. A name's count
 * restarts at its last successful login, so its owner's old typos do not lock them out; an
 * address's does not, so logging into one's own account cannot reset a guessing run from there.
 */
export function countLoginFailures(db: Db, key: { name: string; address: string }, since: Date): { byName: number; byAddress: number } {
  const from = since.toISOString();
  const byName = prepared(
    db,
    `SELECT count(*) AS n FROM login_attempts
      WHERE ok = 0 AND name = @name AND at >= @from
        AND at > coalesce((SELECT max(at) FROM login_attempts WHERE ok = 1 AND name = @name), '')`,
  ).get({ name: key.name, from }) as { n: number };
  const byAddress = prepared(db, `SELECT count(*) AS n FROM login_attempts WHERE ok = 0 AND address = ? AND at >= ?`).get(key.address, from) as { n: number };
  return { byName: byName.n, byAddress: byAddress.n };
}
