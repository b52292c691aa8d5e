/** `onevision users` through the real CLI: the password comes from stdin, and never lands anywhere as it is. */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPasswordKeys } from '../../src/cli/password-input';
import { createSession, loadAccountForLogin, loadSession } from '../../src/store/accounts';
import { openDatabase } from '../../src/store/database';
import { verifyPassword } from '../../src/web/passwords';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  tmp = makeTempDir();
  file = tmp.file('ov.db');
});
afterEach(() => tmp.cleanup());

const PASSWORD = 'pasty harbour lighthouse';
const users = (args: string[], input?: string) => runCli(['--db', file, 'users', ...args], { cwd: tmp.dir, ...(input === undefined ? {} : { input }) });

/** A session for the account as the desk would make one, to see what the CLI ends. */
function logIn(name: string): string {
  const db = openDatabase(file);
  try {
    const account = loadAccountForLogin(db, name);
    if (account === null) throw new Error(`no account ${name}`);
    return createSession(db, account.id, new Date(), 8).token;
  } finally {
    db.close();
  }
}

function sessionOf(token: string): ReturnType<typeof loadSession> {
  const db = openDatabase(file);
  try {
    return loadSession(db, token, new Date());
  } finally {
    db.close();
  }
}

function databaseBytes(): Buffer {
  return Buffer.concat(['', '-wal'].filter((suffix) => fs.existsSync(`${file}${suffix}`)).map((suffix) => fs.readFileSync(`${file}${suffix}`)));
}

describe('users add', () => {
  it('takes the password from the first line of stdin and stores only its scrypt hash, with an audit row', async () => {
    const result = await users(['add', 'Jo', '--role', 'safeguarding-lead'], `${PASSWORD}\nsecond line ignored\n`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('added Jo (safeguarding-lead)\n');

    const [row] = queryDb<{ name: string; role: string; password_hash: string }>(file, `SELECT name, role, password_hash FROM accounts`);
    expect(row).toMatchObject({ name: 'Jo', role: 'safeguarding-lead' });
    expect(row?.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, row?.password_hash ?? null)).toBe(true);
    expect(await verifyPassword('second line ignored', row?.password_hash ?? null)).toBe(false);

    expect(queryDb(file, `SELECT action, subject, details FROM audit`)).toEqual([{ action: 'account-add', subject: 'account:Jo', details: '{"role":"safeguarding-lead"}' }]);
    expect(databaseBytes().includes(Buffer.from(PASSWORD))).toBe(false);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('refuses a name that exists in any case, exit 2, and keeps the first account as it was', async () => {
    expect((await users(['add', 'jo', '--role', 'admin'], `${PASSWORD}\n`)).code).toBe(0);
    const again = await users(['add', 'JO', '--role', 'analyst'], 'another long password\n');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/an account named "jo" already exists/);
    expect(queryDb(file, `SELECT name, role FROM accounts`)).toEqual([{ name: 'jo', role: 'admin' }]);
  });

  it('refuses an unknown role, exit 2, listing the four roles', async () => {
    const result = await users(['add', 'jo', '--role', 'boss'], `${PASSWORD}\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--role "boss" is not a role/);
    expect(result.stderr).toContain('analyst, reviewer, safeguarding-lead, admin');
    expect(fs.existsSync(file)).toBe(false); // refused before the database is opened
  });

  it('refuses a password under 12 characters, exit 2, saying so, and adds nothing', async () => {
    const result = await users(['add', 'jo', '--role', 'reviewer'], 'elevenchars\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/at least 12 characters \(this one has 11\)/);
    expect(queryDb(file, `SELECT count(*) AS n FROM accounts`)).toEqual([{ n: 0 }]);
  });

  it('refuses an empty stdin, a control character in the name and a name over 64 characters', async () => {
    const empty = await users(['add', 'jo', '--role', 'reviewer'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no password on stdin/);
    const control = await users(['add', 'jo\u001b[31m', '--role', 'reviewer'], `${PASSWORD}\n`);
    expect(control.code).toBe(2);
    expect(control.stderr).toMatch(/control or invisible characters/);
    const long = await users(['add', 'j'.repeat(65), '--role', 'reviewer'], `${PASSWORD}\n`);
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/at most 64 characters/);
  });
});

describe('users list', () => {
  it('--json lists the accounts without any password hash', async () => {
    await users(['add', 'sam', '--role', 'reviewer'], `${PASSWORD}\n`);
    await users(['add', 'jo', '--role', 'admin'], 'another long password\n');
    const result = await users(['list', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const accounts = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(accounts.map((a) => [a.name, a.role, a.disabled])).toEqual([
      ['jo', 'admin', false],
      ['sam', 'reviewer', false],
    ]);
    expect(Object.keys(accounts[0] ?? {}).sort()).toEqual(['createdAt', 'disabled', 'id', 'name', 'role']);
    expect(result.stdout).not.toMatch(/scrypt|password/i);
  });

  it('says how serve behaves when there are no accounts', async () => {
    openDatabase(file).close();
    const result = await users(['list']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/no accounts yet: `onevision serve` runs for one local user on 127\.0\.0\.1 without a login/);
  });
});

describe('changing and removing accounts', () => {
  it('remove deletes the account and ends its sessions, leaving others logged in', async () => {
    await users(['add', 'jo', '--role', 'reviewer'], `${PASSWORD}\n`);
    await users(['add', 'sam', '--role', 'analyst'], `${PASSWORD}\n`);
    const joToken = logIn('jo');
    const samToken = logIn('sam');
    expect(sessionOf(joToken)?.account.name).toBe('jo');

    const result = await users(['remove', 'JO']);
    expect(result.code, result.stderr).toBe(0);
    expect(sessionOf(joToken)).toBeNull();
    expect(sessionOf(samToken)?.account.name).toBe('sam');
    expect(queryDb(file, `SELECT name FROM accounts`)).toEqual([{ name: 'sam' }]);
    expect(queryDb(file, `SELECT action, subject FROM audit WHERE action = 'account-remove'`)).toEqual([{ action: 'account-remove', subject: 'account:jo' }]);

    const again = await users(['remove', 'jo']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/no account named "jo"/);
  });

  it('password sets a new one from stdin and ends the account\'s sessions', async () => {
    await users(['add', 'jo', '--role', 'reviewer'], `${PASSWORD}\n`);
    const token = logIn('jo');
    const result = await users(['password', 'jo'], 'a brand new passphrase\n');
    expect(result.code, result.stderr).toBe(0);
    expect(sessionOf(token)).toBeNull();
    const [row] = queryDb<{ password_hash: string }>(file, `SELECT password_hash FROM accounts`);
    expect(await verifyPassword('a brand new passphrase', row?.password_hash ?? null)).toBe(true);
    expect(await verifyPassword(PASSWORD, row?.password_hash ?? null)).toBe(false);
    expect(queryDb(file, `SELECT action, details FROM audit WHERE action = 'account-password'`)).toEqual([{ action: 'account-password', details: null }]);

    const short = await users(['password', 'jo'], 'too short\n');
    expect(short.code).toBe(2);
    expect(await verifyPassword('a brand new passphrase', queryDb<{ h: string }>(file, `SELECT password_hash AS h FROM accounts`)[0]?.h ?? null)).toBe(true);
  });

  it('set-role changes the role, and a session sees it at once', async () => {
    await users(['add', 'jo', '--role', 'admin'], `${PASSWORD}\n`);
    const token = logIn('jo');
    const result = await users(['set-role', 'jo', '--role', 'analyst']);
    expect(result.code, result.stderr).toBe(0);
    expect(sessionOf(token)?.account.role).toBe('analyst');
    expect(queryDb(file, `SELECT details FROM audit WHERE action = 'account-role'`)).toEqual([{ details: '{"from":"admin","to":"analyst"}' }]);
    expect((await users(['set-role', 'jo', '--role', 'owner'])).code).toBe(2);
  });
});

describe('users --help', () => {
  it('explains the login-free local mode and that every page needs a login once an account exists', async () => {
    const result = await users(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Before any account exists, `onevision serve` runs for one local user on 127\.0\.0\.1 without a\s+login/);
    expect(result.stdout).toMatch(/Once an account exists, every page needs a login/);
    expect(result.stdout).toMatch(/never from a flag or the environment/);
  });
});

describe('the hidden prompt\'s keys', () => {
  it('ends on Enter, deletes on Backspace, clears on Ctrl-U, cancels on Ctrl-C and ignores arrow keys', () => {
    expect(applyPasswordKeys('', 'abc\u007fd\r')).toEqual({ typed: 'abd', end: 'enter' });
    expect(applyPasswordKeys('abc', '\u0015xy')).toEqual({ typed: 'xy', end: null });
    expect(applyPasswordKeys('abc', '\u001b[D')).toEqual({ typed: 'abc', end: null });
    expect(applyPasswordKeys('abc', '\u0003')).toMatchObject({ end: 'cancel' });
    expect(applyPasswordKeys('', '\u0004')).toMatchObject({ end: 'cancel' });
    expect(applyPasswordKeys('ab', '\u0004\t')).toEqual({ typed: 'ab', end: null });
  });
});
