/**
 * The desk's server: fastify with security headers, sessions and one way to add a route. Every
 * route names the capability it needs; `route` checks sign-in, capability and (for changes) the
 * CSRF token on the server before the handler runs, so hiding a link is never the protection.
 */
import crypto from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { OnevisionError } from '../errors';
import type { Gate } from '../gate/release';
import { anyAccountExists, loadSession } from '../store/accounts';
import type { Db } from '../store/database';
import { openGate } from '../cli/gate';
import { sendAsset } from './assets';
import { Html } from './html';
import { renderMessagePage, renderPage, type PageOptions } from './layout';
import { can, rolesWith, type Capability, type Viewer } from './viewer';

export const SESSION_COOKIE = 'ov_session';

export interface DeskOptions {
  readonly db: Db;
  readonly config: Config;
  readonly now: () => Date;
  /** Bound to a loopback address: only then may the desk run without accounts, for one local user. */
  readonly loopback: boolean;
  /** Cookies marked Secure: on whenever the desk is reached over HTTPS (any non-loopback host). */
  readonly secureCookies: boolean;
  /** The Host headers a loopback desk answers to; anything else is refused (DNS rebinding). */
  readonly allowedHosts: readonly string[];
  /** Where the server's own errors are written (never to the browser). */
  readonly logError: (message: string) => void;
}

export interface PageArgs {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly viewer: Viewer;
  readonly db: Db;
  readonly now: Date;
  readonly desk: DeskOptions;
  /** The gate for this request, opened on first use. */
  gate(): Gate;
  /** A whole page in the desk's layout. */
  page(title: string, body: Html, options?: Omit<PageOptions, 'title' | 'viewer' | 'nonce'>): Html;
}

export type PageResult = Html | { readonly redirect: string } | { readonly json: unknown; readonly status?: number } | { readonly file: string; readonly type: string; readonly name: string } | void;

export interface DeskRoute {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  /** null: open to anyone (only the sign-in page). */
  readonly capability: Capability | null;
  handle(args: PageArgs): PageResult | Promise<PageResult>;
}

export interface Desk {
  readonly app: FastifyInstance;
  route(route: DeskRoute): void;
  /** Every route added through `route`, for the tests that check each one's protection. */
  readonly routes: readonly DeskRoute[];
  /** Every route the server answers, however it was added: a test checks none bypasses `route`. */
  readonly served: readonly { readonly method: string; readonly url: string }[];
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null;
  }
}

export async function createDesk(options: DeskOptions): Promise<Desk> {
  // X-Forwarded-For is believed only from a proxy on this machine (nginx in front, the documented set-up):
  // from anyone else it would let a guesser pick the address the sign-in throttle counts.
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, trustProxy: ['127.0.0.1', '::1'] });
  await app.register(fastifyHelmet, { enableCSPNonces: true, contentSecurityPolicy: { directives: { ...CSP, upgradeInsecureRequests: options.secureCookies ? [] : null } }, strictTransportSecurity: options.secureCookies, referrerPolicy: { policy: 'same-origin' } });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  // One token per server process for the account-less local user: a page from another site cannot read it.
  const localCsrf = crypto.randomBytes(32).toString('base64url');
  const served: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') served.push({ method, url: route.url });
  });
  app.decorateRequest('viewer', null);
  app.addHook('onRequest', async (request, reply) => {
    if (options.loopback && !options.allowedHosts.includes((request.headers.host ?? '').toLowerCase())) {
      return reply.code(421).type('text/plain').send('This desk answers only to its own address.');
    }
    reply.header('cache-control', 'no-store');
    if (isLocalMode(options) && isForwarded(request)) {
      return reply.code(403).type('text/plain; charset=utf-8').send('This desk has no accounts yet, so it serves only the person at this machine, and this request came through a proxy. On the server run: onevision users add NAME --role admin');
    }
    request.viewer = resolveViewer(request, options, localCsrf);
  });
  app.get('/assets/:name', (request, reply) => sendAsset((request.params as { name: string }).name, reply));
  app.setNotFoundHandler((request, reply) => {
    // Signed out, every address leads to the sign-in: which pages exist is not for strangers.
    if (request.viewer === null) return refuseSignedOut(request, reply, options);
    return sendPage(reply, 404, renderMessagePage({ title: 'Not found', viewer: request.viewer, nonce: nonceOf(reply), message: 'There is no page at this address.' }));
  });
  app.setErrorHandler((error, request, reply) => handleError(error instanceof Error ? error : new Error(String(error)), request, reply, options));
  const routes: DeskRoute[] = [];
  const desk: Desk = {
    app,
    routes,
    served,
    route(route) {
      routes.push(route);
      app.route({ method: route.method, url: route.url, handler: (request, reply) => runRoute(route, request, reply, options) });
    },
  };
  return desk;
}

const CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
};

/** Whether anyone may use the desk without signing in: only on loopback, and only before any account exists. */
export function isLocalMode(options: Pick<DeskOptions, 'db' | 'loopback'>): boolean {
  return options.loopback && !anyAccountExists(options.db);
}

/**
 * A request a proxy relayed says so (X-Forwarded-For, Forwarded, X-Real-IP): it came from another
 * machine, so the account-less local user's full rights, flagged posts included, are not for it.
 */
function isForwarded(request: FastifyRequest): boolean {
  return ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((name) => request.headers[name] !== undefined);
}

function resolveViewer(request: FastifyRequest, options: DeskOptions, localCsrf: string): Viewer | null {
  const token = request.cookies[SESSION_COOKIE];
  if (token) {
    const session = loadSession(options.db, token, options.now());
    if (session) return { name: session.account.name, role: session.account.role, csrfToken: session.csrfToken };
  }
  if (isLocalMode(options)) return { name: 'local', role: 'local', csrfToken: localCsrf };
  return null;
}

async function runRoute(route: DeskRoute, request: FastifyRequest, reply: FastifyReply, options: DeskOptions): Promise<FastifyReply> {
  const viewer = request.viewer;
  if (route.capability !== null) {
    if (viewer === null) return refuseSignedOut(request, reply, options);
    if (!can(viewer, route.capability)) return refuse(reply, 403, viewer, 'Not allowed', `This page is for: ${rolesWith(route.capability).filter((r) => r !== 'local').join(', ')}.`);
    if (route.method === 'POST' && !hasValidCsrf(request, viewer.csrfToken)) return refuse(reply, 403, viewer, 'Form expired', 'The form was missing its security token or came from another site. Reload the page and try again.');
  }
  let gate: Gate | undefined;
  const args: PageArgs = {
    request,
    reply,
    viewer: viewer ?? { name: '', role: 'analyst', csrfToken: '' },
    db: options.db,
    now: options.now(),
    desk: options,
    gate: () => (gate ??= openGate(options.db, options.config)),
    page: (title, body, pageOptions) => renderPage({ ...pageOptions, title, viewer, nonce: nonceOf(reply), body }),
  };
  return sendResult(reply, await route.handle(args));
}

function refuseSignedOut(request: FastifyRequest, reply: FastifyReply, options: DeskOptions): FastifyReply {
  if (options.loopback === false && !anyAccountExists(options.db)) {
    return refuse(reply, 503, null, 'No accounts yet', 'This desk is reachable from other machines, so it needs accounts. On the server run: onevision users add NAME --role admin');
  }
  if (request.method !== 'GET') return refuse(reply, 401, null, 'Signed out', 'Your session has ended. Sign in again, then repeat the change.');
  return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
}

function refuse(reply: FastifyReply, status: number, viewer: Viewer | null, title: string, message: string): FastifyReply {
  return sendPage(reply, status, renderMessagePage({ title, viewer, nonce: nonceOf(reply), message }));
}

/** A change must carry the session's token, in the form or (from desk.js) a header, and not come from another origin. */
function hasValidCsrf(request: FastifyRequest, expected: string): boolean {
  const origin = request.headers.origin;
  // An Origin that is not an address at all did not come from a page of this desk either.
  if (origin !== undefined && origin !== 'null' && (!URL.canParse(origin) || new URL(origin).host !== request.headers.host)) return false;
  const body = request.body as Record<string, unknown> | undefined;
  const sent = request.headers['x-csrf-token'] ?? body?._csrf;
  return typeof sent === 'string' && sameSecret(sent, expected);
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && left.length > 0 && crypto.timingSafeEqual(left, right);
}

function sendResult(reply: FastifyReply, result: PageResult): FastifyReply {
  if (reply.sent) return reply;
  if (result === undefined) return reply;
  if (result instanceof Html) return sendPage(reply, reply.statusCode, result);
  if ('redirect' in result) return reply.redirect(result.redirect, 303);
  if ('json' in result) return reply.code(result.status ?? 200).type('application/json; charset=utf-8').send(JSON.stringify(result.json));
  return reply.header('content-disposition', `attachment; filename="${result.name.replace(/[^\w.-]/g, '_')}"`).type(result.type).send(result.file);
}

function sendPage(reply: FastifyReply, status: number, page: Html): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page.value);
}

export function nonceOf(reply: FastifyReply): string {
  return (reply as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script ?? '';
}

function handleError(error: Error, request: FastifyRequest, reply: FastifyReply, options: DeskOptions): FastifyReply {
  const status = (error as { statusCode?: number }).statusCode;
  if (error instanceof OnevisionError || (status !== undefined && status < 500)) {
    return refuse(reply, error instanceof OnevisionError ? 400 : (status ?? 400), request.viewer, 'Could not do that', error instanceof OnevisionError && error.hint ? `${error.message}. ${error.hint}` : error.message);
  }
  options.logError(`desk: ${request.method} ${request.url.split('?')[0]}: ${error.stack ?? error.message}`);
  return refuse(reply, 500, request.viewer, 'Something went wrong', 'The desk hit an error it did not expect. It is written in the server log; please report it.');
}
