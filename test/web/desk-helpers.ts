/**
 * Driving the desk as a browser would, without one: the real `onevision serve` process on a free
 * loopback port, accounts made through the real `users add`, and a small cookie-keeping client over
 * fetch. Browser tests (Playwright) use `startServe` too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { cleanEnv, ROOT, runCli } from '../helpers/cli';

const BIN = path.join(ROOT, 'bin', 'onevision');

export interface ServingDesk {
  readonly url: string;
  readonly origin: string;
  /** What the server has said on stderr so far. */
  stderr(): string;
  /**
   * stderr once it matches: the server writes its notes before the address on stdout, but the two
   * pipes reach this process in either order, so a note may not have arrived when the address has.
   */
  stderrMatching(pattern: RegExp, limitMs?: number): Promise<string>;
  stop(): Promise<number | null>;
}

export async function startServe(db: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<ServingDesk> {
  const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--port', '0', ...args], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /^(http:\/\/\S+)$/m.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)));
  });
  const stderrMatching = async (pattern: RegExp, limitMs = 10_000): Promise<string> => {
    for (const started = Date.now(); !pattern.test(stderr); await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (Date.now() - started > limitMs) throw new Error(`serve never said ${String(pattern)} on stderr; it said: ${stderr}`);
    }
    return stderr;
  };
  return { url, origin: new URL(url).origin, stderr: () => stderr, stderrMatching, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

export async function addUser(db: string, name: string, role: string, password: string): Promise<void> {
  const result = await runCli(['--db', db, 'users', 'add', name, '--role', role], { input: `${password}\n` });
  if (result.code !== 0) throw new Error(`users add failed: ${result.stderr}`);
}

export interface DeskResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  readonly location: string | null;
}

/** A browser-like client: keeps cookies, does not follow redirects (tests look at them). */
export class DeskClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  async get(pathname: string, headers: Record<string, string> = {}): Promise<DeskResponse> {
    return this.send(pathname, { method: 'GET', headers });
  }

  async post(pathname: string, form: Record<string, string> | URLSearchParams, headers: Record<string, string> = {}): Promise<DeskResponse> {
    return this.send(pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
  }

  /** Signs in through the real form; returns the response to the form's POST. */
  async signIn(name: string, password: string): Promise<DeskResponse> {
    const form = await this.get('/login');
    return this.post('/login', { _csrf: csrfTokenIn(form.body), name, password, next: '/' });
  }

  /** The CSRF token on a page the viewer may see (every signed-in page carries one in its sign-out form). */
  async csrfToken(pathname = '/'): Promise<string> {
    return csrfTokenIn((await this.get(pathname)).body);
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  private async send(pathname: string, init: RequestInit & { headers: Record<string, string> }): Promise<DeskResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(new URL(pathname, this.origin), { ...init, redirect: 'manual', headers: { ...init.headers, ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) this.keepCookie(line);
    return { status: response.status, headers: response.headers, body: await response.text(), location: response.headers.get('location') };
  }

  private keepCookie(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()));
    if (value === '' || expired) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

export function csrfTokenIn(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error(`no CSRF token on the page:\n${page.slice(0, 500)}`);
  return match[1];
}
