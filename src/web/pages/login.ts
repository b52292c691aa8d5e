/**
 * Signing in and out. Sessions live in the database (src/store/accounts.ts); the browser holds only a
 * random token in an HttpOnly, SameSite=Strict cookie. Failed sign-ins are counted per name and per
 * address, and past the limit the form refuses for a while: guessing passwords becomes slow.
 */
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { countLoginFailures, createSession, deleteSession, loadAccountForLogin, recordLoginAttempt } from '../../store/accounts';
import { isLocalMode, nonceOf, sameSecret, SESSION_COOKIE, type Desk, type DeskOptions } from '../desk';
import { html, type Html } from '../html';
import { renderPage } from '../layout';
import { verifyPassword } from '../passwords';

const LOGIN_COOKIE = 'ov_login';
const SESSION_HOURS = 12;
export const THROTTLE_MINUTES = 15;
export const MAX_FAILURES_PER_NAME = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export function registerLogin(desk: Desk, options: DeskOptions): void {
  desk.app.get('/login', (request, reply) => showLogin(request, reply, options, null));
  desk.app.post('/login', (request, reply) => signIn(request, reply, options));
  desk.route({
    method: 'POST',
    url: '/logout',
    capability: 'browse',
    handle: ({ request, reply }) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) deleteSession(options.db, token);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(options));
      return { redirect: '/login' };
    },
  });
}

function showLogin(request: FastifyRequest, reply: FastifyReply, options: DeskOptions, problem: string | null, status = 200): FastifyReply {
  if (isLocalMode(options)) return reply.redirect('/', 303);
  // One token per browser for half an hour: a second sign-in tab, or any other request that lands
  // here, must not invalidate the form already on screen.
  const kept = request.cookies[LOGIN_COOKIE];
  const token = kept !== undefined && /^[\w-]{32}$/.test(kept) ? kept : crypto.randomBytes(24).toString('base64url');
  reply.setCookie(LOGIN_COOKIE, token, { ...cookieOptions(options), maxAge: 30 * 60 });
  const next = safeNext((request.query as { next?: unknown } | undefined)?.next ?? (request.body as { next?: unknown } | undefined)?.next);
  return reply.code(status).type('text/html; charset=utf-8').send(renderLogin(token, next, problem, nonceOf(reply)).value);
}

function renderLogin(token: string, next: string, problem: string | null, nonce: string): Html {
  const body = html`${problem ? html`<p class="message error" role="alert">${problem}</p>` : null}
<form class="stacked" method="post" action="/login">
  <input type="hidden" name="_csrf" value="${token}">
  <input type="hidden" name="next" value="${next}">
  <div><label for="name">User name</label><input type="text" id="name" name="name" autocomplete="username" required autofocus></div>
  <div><label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required></div>
  <div><button type="submit">Sign in</button></div>
</form>
<p class="muted">Accounts are made by an admin with <code>onevision users add NAME --role ROLE</code>.</p>`;
  return renderPage({ title: 'Sign in', viewer: null, nonce, body });
}

async function signIn(request: FastifyRequest, reply: FastifyReply, options: DeskOptions): Promise<FastifyReply> {
  const form = (request.body ?? {}) as Record<string, unknown>;
  const sentToken = typeof form._csrf === 'string' ? form._csrf : '';
  if (!sameSecret(sentToken, request.cookies[LOGIN_COOKIE] ?? '')) return showLogin(request, reply, options, 'The sign-in form expired. Please try again.', 403);
  const name = typeof form.name === 'string' ? form.name.trim() : '';
  const password = typeof form.password === 'string' ? form.password : '';
  const address = request.ip;
  const now = options.now();
  const since = new Date(now.getTime() - THROTTLE_MINUTES * 60_000);
  // Names are matched without case at sign-in, so the throttle counts them the same way: "ANA" and
  // "ana" are one account's guesses.
  const throttleKey = { name: name.toLowerCase(), address };
  const failures = countLoginFailures(options.db, throttleKey, since);
  if (failures.byName >= MAX_FAILURES_PER_NAME || failures.byAddress >= MAX_FAILURES_PER_ADDRESS) {
    return showLogin(request, reply, options, `Too many failed sign-ins. Wait ${THROTTLE_MINUTES} minutes, or ask an admin to reset the password.`, 429);
  }
  const account = name === '' ? null : loadAccountForLogin(options.db, name);
  // An unknown name still costs one full scrypt (verifyPassword with null), so timing tells nothing.
  const matches = await verifyPassword(password, account?.passwordHash ?? null);
  const ok = account !== null && !account.disabled && matches;
  recordLoginAttempt(options.db, { ...throttleKey, ok, at: now });
  if (!ok || account === null) return showLogin(request, reply, options, 'That user name and password do not match an account.', 401);
  const session = createSession(options.db, account.id, now, SESSION_HOURS);
  reply.clearCookie(LOGIN_COOKIE, cookieOptions(options));
  reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions(options), expires: new Date(session.expiresAt) });
  return reply.redirect(safeNext(form.next), 303);
}

/** Stands in for the desk's own origin while a `next` is resolved; never sent anywhere. */
const DESK_ORIGIN = 'http://desk.invalid';

/**
 * Only a path on this desk: never another site (an open redirect would help phishing). Resolved as
 * a browser resolves a Location, which drops tabs and newlines and reads `\` as `/`, so "/\t/evil"
 * cannot turn into "//evil" after the check.
 */
function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || !URL.canParse(next, DESK_ORIGIN)) return '/';
  const url = new URL(next, DESK_ORIGIN);
  // The resolved form, percent-encoded: a raw newline kept in a Location header would fail the response.
  return url.origin === DESK_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : '/';
}

function cookieOptions(options: DeskOptions) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: options.secureCookies };
}
