/** Desk passwords: scrypt in a self-describing form, checked in constant time, never accepted short. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from '../../src/web/passwords';

const PASSWORD = 'pasty harbour lighthouse';

describe('hashPassword and verifyPassword', () => {
  it('stores scrypt with its cost, a fresh 16-byte salt and a 32-byte hash, and never the password', async () => {
    const first = await hashPassword(PASSWORD);
    const second = await hashPassword(PASSWORD);
    const parts = first.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(parts[4] ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(parts[5] ?? '', 'base64')).toHaveLength(32);
    expect(first).not.toContain(PASSWORD);
    expect(second).not.toBe(first);
  });

  it('accepts the password and refuses any other', async () => {
    const stored = await hashPassword(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword('pasty harbour lighthousE', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats the two Unicode spellings of the same passphrase as one', async () => {
    const stored = await hashPassword('caf\u00e9 on the quay');
    expect(await verifyPassword('cafe\u0301 on the quay', stored)).toBe(true);
  });

  it('answers false, without throwing, for a malformed or missing hash', async () => {
    const stored = await hashPassword(PASSWORD);
    const [, , r, p, salt, hash] = stored.split('$');
    for (const broken of ['', 'garbage', stored.slice(0, -1), stored.slice(0, -2), `scrypt$1000$${r}$${p}$${salt}$${hash}`, `scrypt$${2 ** 24}$${r}$${p}$${salt}$${hash}`, `bcrypt$32768$${r}$${p}$${salt}$${hash}`, `scrypt$32768$${r}$${p}$$${hash}`]) {
      expect(await verifyPassword(PASSWORD, broken), broken).toBe(false);
    }
    expect(await verifyPassword(PASSWORD, null)).toBe(false);
  });

  it('verifies a hash made with other costs, so the defaults can be raised later', async () => {
    // A cheaper cost than today's, as an older release might have stored.
    const salt = Buffer.from([...Array(16).keys()]);
    const { scryptSync } = await import('node:crypto');
    const hash = scryptSync(PASSWORD, salt, 32, { N: 16384, r: 8, p: 1 });
    const stored = `scrypt$16384$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword('another passphrase', stored)).toBe(false);
  });
});

describe('the minimum length', () => {
  it(`refuses a password under ${MIN_PASSWORD_LENGTH} characters with a message saying so`, async () => {
    expect(passwordProblem('elevenchars')).toMatch(/at least 12 characters \(this one has 11\)/);
    expect(passwordProblem('twelve chars')).toBeNull();
    await expect(hashPassword('short')).rejects.toThrow(UserError);
    await expect(hashPassword('short')).rejects.toThrow(/at least 12 characters/);
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblem('ééééééééééé')).toMatch(/has 11/); // 22 bytes in UTF-8
  });
});
