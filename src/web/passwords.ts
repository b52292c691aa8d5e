/**
 * Password hashing for desk accounts: scrypt from node:crypto, stored in a self-describing form
 * `scrypt$N$r$p$<salt base64>$<hash base64>` so the cost can be raised later without breaking
 * existing hashes. Pure apart from node:crypto.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { UserError } from '../errors';

export const MIN_PASSWORD_LENGTH = 12;
/** Long passphrases are welcome; a megabyte pasted into a login form is not. */
export const MAX_PASSWORD_LENGTH = 1024;

/** 2^15 × 8 × 128 bytes = 32 MiB and about a tenth of a second: OWASP's scrypt floor, fine for a few logins a day. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Stored hashes are trusted, but a damaged one must not make a login take minutes or gigabytes. */
const LIMITS = { maxN: 2 ** 17, maxR: 16, maxP: 4, minKeyBytes: 16, maxKeyBytes: 64 } as const;

const FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** Why a new password will not do, or null when it will. Length counts characters, not bytes. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters (this one has ${length}); a few unrelated words make a good one`;
  if (length > MAX_PASSWORD_LENGTH) return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem !== null) throw new UserError(problem);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, KEY_BYTES, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * Whether the password matches the stored hash; false for a malformed hash. With a null hash (no
 * such account) it still spends the time of one check, so a login form's answer time does not
 * tell which names exist.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = stored === null ? null : parseHash(stored);
  if (parsed === null) {
    await derive(password, UNKNOWN_ACCOUNT_SALT, KEY_BYTES, COST);
    return false;
  }
  const actual = await derive(password, parsed.salt, parsed.hash.length, parsed.cost);
  return timingSafeEqual(actual, parsed.hash);
}

const UNKNOWN_ACCOUNT_SALT = Buffer.alloc(SALT_BYTES);

interface ParsedHash {
  readonly cost: { readonly N: number; readonly r: number; readonly p: number };
  readonly salt: Buffer;
  readonly hash: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const match = FORMAT.exec(stored);
  if (match === null) return null;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const salt = fromCanonicalBase64(match[4] ?? '');
  const hash = fromCanonicalBase64(match[5] ?? '');
  if (salt === null || hash === null) return null;
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > LIMITS.maxN || r < 1 || r > LIMITS.maxR || p < 1 || p > LIMITS.maxP) return null;
  if (salt.length === 0 || hash.length < LIMITS.minKeyBytes || hash.length > LIMITS.maxKeyBytes) return null;
  return { cost: { N, r, p }, salt, hash };
}

/** Node decodes base64 leniently; a hash that lost its padding or a character is damaged, not another hash. */
function fromCanonicalBase64(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

function derive(password: string, salt: Buffer, keyBytes: number, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  // The same passphrase typed on two systems can arrive in two Unicode forms (é as one or two code points).
  const input = password.normalize('NFC');
  // scrypt needs 128·r·(N + p + 2) bytes; node's default cap (32 MiB) is just under that at
  // N=2^15, r=8, so the cap follows the cost with room to spare.
  const options: ScryptOptions = { ...cost, maxmem: 2 * 128 * cost.r * (cost.N + cost.p + 2) };
  return new Promise((resolve, reject) => {
    scrypt(input, salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
