/**
 * Accounts in the browser, for admins: the same changes as `onevision users` (add, change role,
 * remove), each in the audit trail with the admin who made it. Passwords are typed here once and
 * kept only as scrypt hashes; a new account's holder changes theirs with `onevision users password`.
 */
import { accountNameProblem, isRole, ROLES, type Role } from '../../core/account';
import { UserError } from '../../errors';
import { loadAccount, loadAccounts, removeAccount, saveAccount, saveAccountRole, type Account } from '../../store/accounts';
import { recordAudit } from '../../cli/audit-trail';
import type { Desk, PageArgs } from '../desk';
import { html, type Html } from '../html';
import { csrfField } from '../layout';
import { hashPassword, passwordProblem } from '../passwords';
import type { Viewer } from '../viewer';
import { plural } from '../../core/words';

export function registerUsers(desk: Desk): void {
  desk.route({ method: 'GET', url: '/users', capability: 'manage-users', handle: showUsers });
  desk.route({ method: 'POST', url: '/users', capability: 'manage-users', handle: addUser });
  desk.route({ method: 'POST', url: '/users/:name/role', capability: 'manage-users', handle: changeRole });
  desk.route({ method: 'POST', url: '/users/:name/remove', capability: 'manage-users', handle: remove });
}

function showUsers(args: PageArgs, problem: string | null = null): Html {
  const notice = noticeFor(args.request.query as { done?: unknown; who?: unknown });
  if (problem !== null) args.reply.code(400);
  return args.page('Users', renderUsers(loadAccounts(args.db), args.viewer, problem), { current: '/users', notice });
}

function renderUsers(accounts: readonly Account[], viewer: Viewer, problem: string | null): Html {
  return html`${problem ? html`<p class="message error" role="alert">${problem}</p>` : null}
<div class="table-wrap"><table>
<caption class="muted">${plural(accounts.length, 'account')}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Since</th><th scope="col">Change role</th><th scope="col">Remove</th></tr></thead>
<tbody>${accounts.map((account) => renderAccountRow(account, viewer))}</tbody>
</table></div>
<h2>Add an account</h2>
<form class="stacked" method="post" action="/users">
${csrfField(viewer)}
<div><label for="new-name">User name</label><input type="text" id="new-name" name="name" required maxlength="64" autocomplete="off"></div>
<div><label for="new-role">Role</label>${roleSelect('new-role', 'analyst')}</div>
<div><label for="new-password">Password (at least 12 characters)</label><input type="password" id="new-password" name="password" required minlength="12" autocomplete="new-password"></div>
<div><button type="submit">Add account</button></div>
</form>
<p class="muted">Analysts browse and never see withheld text; reviewers also label; only the safeguarding lead sees and clears flagged text; admins manage accounts.</p>`;
}

function renderAccountRow(account: Account, viewer: Viewer): Html {
  const self = account.name.toLowerCase() === viewer.name.toLowerCase();
  const id = `role-${account.id}`;
  return html`<tr><th scope="row">${account.name}${account.disabled ? html` <span class="tag">disabled</span>` : null}</th><td>${account.role}</td><td>${account.createdAt.slice(0, 10)}</td>
<td><form method="post" action="/users/${encodeURIComponent(account.name)}/role">${csrfField(viewer)}<label class="visually-hidden" for="${id}">Role for ${account.name}</label>${roleSelect(id, account.role)} <button type="submit" class="secondary">Change</button></form></td>
<td>${self ? html`<span class="muted">(you)</span>` : html`<form method="post" action="/users/${encodeURIComponent(account.name)}/remove">${csrfField(viewer)}<button type="submit" class="danger" aria-label="Remove ${account.name}">Remove</button></form>`}</td></tr>`;
}

function roleSelect(id: string, selected: Role): Html {
  return html`<select id="${id}" name="role">${ROLES.map((role) => html`<option value="${role}"${role === selected ? html` selected` : null}>${role}</option>`)}</select>`;
}

async function addUser(args: PageArgs): Promise<Html | { redirect: string }> {
  const form = formOf(args);
  const problem = accountNameProblem(form.name) ?? passwordProblem(form.password) ?? (isRole(form.role) ? null : `unknown role "${form.role}"`);
  if (problem !== null) return showUsers(args, problem);
  if (loadAccount(args.db, form.name) !== null) return showUsers(args, `an account named "${form.name}" already exists`);
  const passwordHash = await hashPassword(form.password);
  args.db.transaction(() => {
    const account = saveAccount(args.db, { name: form.name, role: form.role as Role, passwordHash, now: args.now.toISOString() });
    recordAudit(args.db, args.now, { action: 'account-add', subject: `account:${account.name}`, details: { role: account.role, by: args.viewer.name } });
  }).immediate();
  return done('added', form.name);
}

function changeRole(args: PageArgs): Html | { redirect: string } {
  const name = nameParam(args);
  const role = formOf(args).role;
  if (!isRole(role)) return showUsers(args, `unknown role "${role}"`);
  if (name.toLowerCase() === args.viewer.name.toLowerCase() && role !== 'admin') return showUsers(args, 'You cannot take away your own admin role: ask another admin.');
  const account = args.db.transaction(() => {
    const saved = saveAccountRole(args.db, name, role);
    if (saved !== null) recordAudit(args.db, args.now, { action: 'account-role', subject: `account:${saved.name}`, details: { role, by: args.viewer.name } });
    return saved;
  }).immediate();
  if (account === null) throw new UserError(`no account named "${name}"`);
  return done('role', account.name);
}

function remove(args: PageArgs): Html | { redirect: string } {
  const name = nameParam(args);
  if (name.toLowerCase() === args.viewer.name.toLowerCase()) return showUsers(args, 'You cannot remove your own account: ask another admin.');
  const removed = args.db.transaction(() => {
    const gone = removeAccount(args.db, name);
    if (gone) recordAudit(args.db, args.now, { action: 'account-remove', subject: `account:${name}`, details: { by: args.viewer.name } });
    return gone;
  }).immediate();
  if (!removed) throw new UserError(`no account named "${name}"`);
  return done('removed', name);
}

function formOf(args: PageArgs): { name: string; role: string; password: string } {
  const body = (args.request.body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { name: text(body.name).trim(), role: text(body.role), password: text(body.password) };
}

function nameParam(args: PageArgs): string {
  return (args.request.params as { name: string }).name;
}

const NOTICES: Readonly<Record<string, (who: string) => string>> = {
  added: (who) => `Added ${who}.`,
  role: (who) => `Changed the role of ${who}.`,
  removed: (who) => `Removed ${who}; their sessions have ended.`,
};

/** After a change, back to the list (so a reload does not repeat it), saying what was done. */
function done(what: keyof typeof NOTICES, who: string): { redirect: string } {
  return { redirect: `/users?${new URLSearchParams({ done: what, who }).toString()}` };
}

/** Only the desk's own sentences, so a crafted link cannot make the page say something else. */
function noticeFor(query: { done?: unknown; who?: unknown }): string | null {
  const sentence = typeof query.done === 'string' ? NOTICES[query.done] : undefined;
  return sentence && typeof query.who === 'string' && accountNameProblem(query.who) === null ? sentence(query.who) : null;
}
