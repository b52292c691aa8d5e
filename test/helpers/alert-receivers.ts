/**
 * Where test alerts arrive: a real SMTP server (smtp-server, with a user name and password) and an
 * incoming-webhook receiver (node:http), both on 127.0.0.1. Mail bodies are decoded from their
 * transfer encoding, so an assertion that a text is absent cannot pass merely because it was encoded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  /** The decoded body. */
  readonly body: string;
  /** The message as it came over the wire. */
  readonly raw: string;
}

export interface SmtpReceiver {
  readonly port: number;
  /** smtp://user:password@127.0.0.1:port */
  readonly url: string;
  readonly mails: ReceivedMail[];
  /** The user names the client logged in with (sent only after STARTTLS when STARTTLS is required). */
  readonly logins: string[];
  close(): Promise<void>;
}

export const SMTP_USER = 'onevision-alerts';
export const SMTP_PASSWORD = 'Sm7pPassw0rd-NeverPrinted';

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    // Plain SMTP with AUTH on loopback: TLS would need a certificate the client trusts, which is not what is tested here.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = session.envelope;
        mails.push({ from: envelope.mailFrom ? envelope.mailFrom.address : '', to: envelope.rcptTo.map((r) => r.address), ...parseMessage(raw), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    mails,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headers unfolded, the body decoded from quoted-printable, base64 or 7/8bit; anything else fails the test. */
function parseMessage(raw: string): { subject: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const encoded = raw.slice(split + 4);
  const encoding = header('Content-Transfer-Encoding').toLowerCase() || '7bit';
  if (!header('Content-Type').toLowerCase().startsWith('text/plain')) throw new Error(`unexpected mail content type: ${header('Content-Type')}`);
  return { subject: header('Subject'), body: decodeBody(encoded, encoding) };
}

function decodeBody(text: string, encoding: string): string {
  if (encoding === '7bit' || encoding === '8bit') return text;
  if (encoding === 'base64') return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  throw new Error(`unexpected transfer encoding: ${encoding}`);
}

export interface ReceivedWebhook {
  readonly path: string;
  readonly contentType: string;
  readonly body: unknown;
}

export interface WebhookReceiver {
  /** The URL to give ALERT_WEBHOOK_URL: its path is the secret part, as Slack's and Teams' are. */
  readonly url: string;
  readonly posts: ReceivedWebhook[];
  /** The status to answer with from now on (200 unless set). */
  answerWith(status: number): void;
  /** Resolves once this many posts have arrived. */
  whenPosts(count: number): Promise<void>;
  close(): Promise<void>;
}

export const WEBHOOK_SECRET_PATH = '/services/T0NEVISION/B0ALERTS/WebhookSecret9f3c2e7a';

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const posts: ReceivedWebhook[] = [];
  let status = 200;
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      posts.push({ path: request.url ?? '', contentType: request.headers['content-type'] ?? '', body: JSON.parse(text) as unknown });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no_service');
      for (const waiter of waiting.filter((w) => posts.length >= w.count)) waiter.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${WEBHOOK_SECRET_PATH}`,
    posts,
    answerWith: (next) => {
      status = next;
    },
    whenPosts: (count) => (posts.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count, resolve }))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
