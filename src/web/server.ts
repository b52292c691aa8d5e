/** Starting and stopping the desk: the only place in src/web that listens on a port. */
import net from 'node:net';
import type { Config } from '../config';
import { UserError } from '../errors';
import { anyAccountExists, deleteExpiredSessions, deleteLoginAttemptsBefore } from '../store/accounts';
import type { Db } from '../store/database';
import { createDesk, type Desk, type DeskOptions } from './desk';
import { PAGES } from './pages';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly db: Db;
  readonly config: Config;
  readonly now: () => Date;
  readonly logError: (message: string) => void;
}

export interface RunningDesk {
  readonly url: string;
  /** Signed-in use only (accounts exist), or one local user without a login. */
  readonly mode: 'accounts' | 'local';
  readonly desk: Desk;
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || (net.isIPv4(host) && host.startsWith('127.'));
}

export async function startDesk(options: ServeOptions): Promise<RunningDesk> {
  const loopback = isLoopbackHost(options.host);
  if (!loopback && !anyAccountExists(options.db)) {
    throw new UserError(
      `refusing to serve on ${options.host}: no accounts exist, and a desk reachable from other machines needs a login`,
      'Add one first: onevision users add NAME --role admin (then other accounts from there), or serve on 127.0.0.1.',
    );
  }
  // Filled in once the port is known (it may be 0, "any free port").
  const allowedHosts: string[] = [];
  // Off loopback the desk is reached through an HTTPS proxy, so its cookies are marked Secure.
  const deskOptions: DeskOptions = { db: options.db, config: options.config, now: options.now, loopback, secureCookies: !loopback, allowedHosts, logError: options.logError };
  const desk = await createDesk(deskOptions);
  for (const register of PAGES) register(desk, deskOptions);
  const tidy = keepTidy(options);
  desk.app.addHook('onClose', async () => clearInterval(tidy));
  await listenOrExplain(desk.app, options.host, options.port);
  const port = (desk.app.server.address() as net.AddressInfo).port;
  allowedHosts.push(...hostNames(options.host).map((name) => `${name}:${port}`));
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/`,
    mode: loopback && !anyAccountExists(options.db) ? 'local' : 'accounts',
    desk,
    close: () => desk.app.close(),
  };
}

/** Listens, or closes the desk and says what to change: a taken port is the user's to fix, not a bug. */
async function listenOrExplain(app: Desk['app'], host: string, port: number): Promise<void> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`port ${port} on ${host} is already in use (another desk, or another program)`, 'Stop that program, or choose another port: onevision serve --port 8081 (or --port 0 for any free port).');
    if (code === 'EACCES') throw new UserError(`not allowed to listen on port ${port} of ${host}`, 'Ports below 1024 need special rights: choose one above 1024, e.g. --port 8080.');
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`${host} is not an address of this machine`, 'Use --host 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).');
    throw error;
  }
}

/** The names a browser on this machine may use for a loopback desk. */
function hostNames(host: string): string[] {
  if (!isLoopbackHost(host)) return [host];
  return [...new Set([host.includes(':') ? `[${host}]` : host, '127.0.0.1', 'localhost', '[::1]'])];
}

const HOUR_MS = 60 * 60 * 1000;
const LOGIN_ATTEMPTS_KEPT_DAYS = 7;

/** Ended sessions and old sign-in tries go at start and every hour, so neither table only grows. */
function keepTidy(options: Pick<ServeOptions, 'db' | 'now'>): NodeJS.Timeout {
  const tidy = () => {
    const now = options.now();
    deleteExpiredSessions(options.db, now);
    deleteLoginAttemptsBefore(options.db, new Date(now.getTime() - LOGIN_ATTEMPTS_KEPT_DAYS * 24 * HOUR_MS));
  };
  tidy();
  const timer = setInterval(tidy, HOUR_MS);
  timer.unref();
  return timer;
}
