import type { Command } from 'commander';
import { accountNameProblem, isRole, ROLES, type Role } from '../../core/account';
import { UserError } from '../../errors';
import { toTerminalLine } from '../../gate/terminal-text';
import { countAccounts, loadAccount, loadAccounts, removeAccount, saveAccount, saveAccountPassword, saveAccountRole, type Account } from '../../store/accounts';
import { openDatabase, type Db } from '../../store/database';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem } from '../../web/passwords';
import { recordAudit } from '../audit-trail';
import type { CommandContext } from '../context';
import { printResult, renderTable } from '../output';
import { readNewPassword } from '../password-input';

const ROLE_LIST = ROLES.join('|');
const ROLE_HINT = `Use --role with one of: ${ROLES.join(', ')}.`;

export function registerUsers(program: Command, context: CommandContext): void {
  const users = program
    .command('users')
    .description('Manage the accounts that may log in to the web desk (`onevision serve`) and their roles')
    .addHelpText(
      'after',
      `
Roles:
  analyst             browses the data; never sees text the safeguarding screen withholds
  reviewer            also labels posts
  safeguarding-lead   the only role that sees and clears flagged text
  admin               manages users

Before any account exists, \`onevision serve\` runs for one local user on 127.0.0.1 without a
login (and refuses any other --host). Once an account exists, every page needs a login at /login,
on any host. Passwords are read from a prompt that does not echo (asked twice) when stdin is a
terminal, otherwise from the first line of stdin; never from a flag or the environment. They need
at least ${MIN_PASSWORD_LENGTH} characters and are stored as scrypt hashes. Every change is written to the audit trail
(\`onevision audit\`), never the password.

Examples:
  $ onevision users add jo --role safeguarding-lead     asks for the password twice
  $ pass show desk/sam | onevision users add sam --role reviewer
                                                        (the password is stdin's first line)
  $ onevision users list --json
  $ onevision users set-role sam --role analyst
  $ onevision users password jo                         new password; logs jo out everywhere
  $ onevision users remove sam                          also ends sam's sessions`,
    );

  users
    .command('add')
    .description('Add an account; the password comes from the prompt or stdin')
    .argument('<name>', 'the login name: 1 to 64 characters, no control characters (case is ignored when logging in)')
    .requiredOption('--role <role>', ROLE_LIST)
    .addHelpText(
      'after',
      `
Examples:
  $ onevision users add jo --role safeguarding-lead     asks for the password twice
  $ pass show desk/sam | onevision users add sam --role reviewer
                                                        (the password is stdin's first line)`,
    )
    .action(async (name: string, flags: { role: string }, command: Command) => {
      const role = parseRole(flags.role);
      checkName(name);
      await withDatabase(context, command, { mustExist: false }, async (db) => {
        const existing = loadAccount(db, name);
        if (existing !== null) throw new UserError(`an account named "${toTerminalLine(existing.name)}" already exists`, 'Choose another name, or change it with `onevision users set-role` or `onevision users password`.');
        const passwordHash = await readPasswordHash(context, name);
        const account = db.transaction(() => {
          const saved = saveAccount(db, { name, role, passwordHash, now: context.now().toISOString() });
          recordAudit(db, context.now(), { action: 'account-add', subject: subjectOf(saved), details: { role } });
          return saved;
        }).immediate();
        context.print(`added ${toTerminalLine(account.name)} (${account.role})`);
      });
    });

  users
    .command('list')
    .description('The accounts, their roles and whether they are enabled (never a password hash)')
    .option('--json', 'print the accounts as JSON')
    .addHelpText('after', '\nExamples:\n  $ onevision users list\n  $ onevision users list --json')
    .action((flags: { json?: boolean }, command: Command) =>
      withDatabase(context, command, { mustExist: true }, (db) => {
        const accounts = loadAccounts(db);
        printResult(context, flags.json, accounts, renderAccounts(accounts));
      }),
    );

  users
    .command('remove')
    .description('Delete an account and end its sessions')
    .argument('<name>', 'the account')
    .addHelpText('after', '\nExamples:\n  $ onevision users remove sam                          also ends sam\'s sessions')
    .action((name: string, _flags: unknown, command: Command) =>
      withDatabase(context, command, { mustExist: true }, (db) => {
        const account = db.transaction(() => {
          const found = requireAccount(db, name);
          removeAccount(db, found.name);
          recordAudit(db, context.now(), { action: 'account-remove', subject: subjectOf(found), details: { role: found.role } });
          return found;
        }).immediate();
        context.print(`removed ${toTerminalLine(account.name)}; its sessions are ended`);
        if (countAccounts(db) === 0) context.say('no enabled accounts are left: `onevision serve` now runs without a login, for one local user on 127.0.0.1 only');
      }),
    );

  users
    .command('set-role')
    .description("Change an account's role; it applies to the account's next page")
    .argument('<name>', 'the account')
    .requiredOption('--role <role>', ROLE_LIST)
    .addHelpText('after', '\nExamples:\n  $ onevision users set-role sam --role analyst\n  $ onevision users set-role jo --role admin')
    .action((name: string, flags: { role: string }, command: Command) => {
      const role = parseRole(flags.role);
      return withDatabase(context, command, { mustExist: true }, (db) => {
        const account = db.transaction(() => {
          const before = requireAccount(db, name);
          const after = saveAccountRole(db, before.name, role) as Account;
          recordAudit(db, context.now(), { action: 'account-role', subject: subjectOf(after), details: { from: before.role, to: role } });
          return after;
        }).immediate();
        context.print(`${toTerminalLine(account.name)} is now ${account.role}`);
      });
    });

  users
    .command('password')
    .description("Set an account's password (from the prompt or stdin) and end its sessions")
    .argument('<name>', 'the account')
    .addHelpText(
      'after',
      `
Examples:
  $ onevision users password jo                         asks for the new password twice; logs jo out everywhere
  $ pass show desk/jo | onevision users password jo     (the password is stdin's first line)`,
    )
    .action((name: string, _flags: unknown, command: Command) =>
      withDatabase(context, command, { mustExist: true }, async (db) => {
        const found = requireAccount(db, name);
        const passwordHash = await readPasswordHash(context, found.name);
        const account = db.transaction(() => {
          const saved = saveAccountPassword(db, found.name, passwordHash);
          if (saved === null) throw new UserError(`the account "${toTerminalLine(found.name)}" was removed meanwhile; nothing was changed`);
          recordAudit(db, context.now(), { action: 'account-password', subject: subjectOf(saved) });
          return saved;
        }).immediate();
        context.print(`new password for ${toTerminalLine(account.name)}; its sessions are ended`);
      }),
    );
}

/**
 * Only `users add` may create the database (the first account can come before anything is collected);
 * the others act on accounts that must already be there, so a mistyped --db is refused, not created.
 */
async function withDatabase(context: CommandContext, command: Command, open: { mustExist: boolean }, use: (db: Db) => void | Promise<void>): Promise<void> {
  const db = openDatabase(context.config(command).dbPath, open);
  try {
    await use(db);
  } finally {
    db.close();
  }
}

function parseRole(value: string): Role {
  if (isRole(value)) return value;
  throw new UserError(`--role "${toTerminalLine(value)}" is not a role`, ROLE_HINT);
}

function checkName(name: string): void {
  const problem = accountNameProblem(name);
  if (problem !== null) throw new UserError(problem, 'Use 1 to 64 characters with no control characters, e.g. jo.smith.');
}

function requireAccount(db: Db, name: string): Account {
  const account = loadAccount(db, name);
  if (account === null) throw new UserError(`no account named "${toTerminalLine(name)}"`, 'See `onevision users list`.');
  return account;
}

async function readPasswordHash(context: CommandContext, name: string): Promise<string> {
  const password = await readNewPassword(context, toTerminalLine(name));
  const problem = passwordProblem(password);
  if (problem !== null) throw new UserError(problem, 'Nothing was changed.');
  return hashPassword(password);
}

/** The audit subject: an account by name, never mistaken for a post (SOURCE:ID of a real source). */
function subjectOf(account: Account): string {
  return `account:${account.name}`;
}

function renderAccounts(accounts: readonly Account[]): string {
  if (accounts.length === 0) return 'no accounts yet: `onevision serve` runs for one local user on 127.0.0.1 without a login (add one with `onevision users add NAME --role ROLE`)';
  return renderTable(
    ['name', 'role', 'created', 'status'],
    accounts.map((a) => [toTerminalLine(a.name), a.role, a.createdAt, a.disabled ? 'disabled' : 'enabled']),
  );
}
