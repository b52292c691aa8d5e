/** Who may use the web desk, and what a valid account name is. Pure: the CLI and the desk share the rules. */

/**
 * What each role may do (issue 16): analysts browse what the gate releases and never see withheld
 * text; reviewers also label posts; only the safeguarding lead sees and clears flagged text; admins
 * manage users. Listed from least to most trusted, as `users --help` shows them.
 */
export const ROLES = ['analyst', 'reviewer', 'safeguarding-lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const MAX_ACCOUNT_NAME_LENGTH = 64;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

// Control characters (C0, DEL, C1) and invisible format characters (bidi overrides, zero-width
// spaces): a name is shown in pages, terminals and the audit trail, and must look like what it is.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** Why a name cannot be an account name, or null when it can. Length counts characters, not bytes. */
export function accountNameProblem(name: string): string | null {
  const length = [...name].length;
  if (length === 0) return 'an account name cannot be empty';
  if (length > MAX_ACCOUNT_NAME_LENGTH) return `an account name has at most ${MAX_ACCOUNT_NAME_LENGTH} characters (this one has ${length})`;
  if (INVISIBLE.test(name)) return 'an account name cannot hold control or invisible characters';
  if (name.trim() !== name) return 'an account name cannot start or end with a space';
  return null;
}
