/**
 * The alert settings, read from the raw configuration values (config.ts passes them in; nothing here
 * reads the environment). Pure. The SMTP and webhook URLs carry credentials, so they are held as
 * Secrets, and errors about them never repeat their value.
 */
import { Secret } from '../core/secret';
import { UserError } from '../errors';
import { plural } from '../core/words';

export interface EmailChannel {
  /** smtp://user:pass@host:port or smtps://…, as configured: given to the mail library only. */
  readonly url: Secret;
  /** Where mail goes, for messages: never the credentials. */
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly to: readonly string[];
  readonly from: string;
}

/**
 * How the connection to the mail server is protected: `tls` smtps://, TLS from the start; `starttls`
 * smtp:// to another machine, STARTTLS or nothing is sent (the password and the alert never go in
 * clear); `local` smtp:// to this machine (127.0.0.0/8, ::1, localhost), STARTTLS when offered;
 * `clear` smtp:// with requireTLS=false, STARTTLS when offered, else in clear.
 */
export type SmtpSecurity = 'tls' | 'starttls' | 'local' | 'clear';

export interface WebhookChannel {
  /** The incoming webhook's URL: its path is the credential (Slack, Teams). */
  readonly url: Secret;
  /** For messages: the host only. */
  readonly host: string;
}

export interface AlertSettings {
  readonly email: EmailChannel | undefined;
  readonly webhook: WebhookChannel | undefined;
  /** A configured source whose last successful collection is older than this is stale. */
  readonly staleHours: number;
  /** The web desk's address, for the links in alerts (no trailing slash). */
  readonly deskUrl: string;
  /** The credentials in these settings, for redaction of everything printed or logged. */
  readonly secrets: readonly Secret[];
}

export interface RawAlertSettings {
  readonly smtpUrl: string | undefined;
  readonly to: string | undefined;
  readonly from: string | undefined;
  readonly webhookUrl: string | undefined;
  readonly staleHours: string | undefined;
  readonly deskUrl: string | undefined;
}

/** Where alerts go, in words, for doctor and the desk's health page: no credentials, no addresses. */
export function describeAlertChannels(settings: AlertSettings): string[] {
  const channels: string[] = [];
  const { email } = settings;
  if (email) channels.push(`e-mail to ${plural(email.to.length, 'recipient')} via ${email.host}:${email.port}${email.security === 'clear' ? `, ${IN_CLEAR}` : ''}`);
  if (settings.webhook) channels.push(`webhook at ${settings.webhook.host}`);
  return channels;
}

const IN_CLEAR = 'in clear when it offers no STARTTLS (requireTLS=false in ALERT_SMTP_URL)';

/**
 * What the mail library (nodemailer) is given: the URL as configured and whether STARTTLS is
 * required. The URL's own requireTLS, when present, says the same (nodemailer reads it too).
 */
export function smtpTransportOptions(email: EmailChannel): { url: string; requireTLS: boolean } {
  return { url: email.url.reveal(), requireTLS: email.security === 'starttls' };
}

export const REQUIRE_TLS_HINT = 'Use smtps:// (TLS on port 465) or a server that offers STARTTLS; add ?requireTLS=false to ALERT_SMTP_URL only for a relay on a network you trust (the password and the alerts then go in clear).';

const EMAIL_HINT = 'For e-mail alerts set ALERT_SMTP_URL (smtp://user:password@host:587 or smtps://user:password@host:465), ALERT_TO and ALERT_FROM; or unset all three.';

export function parseAlertSettings(raw: RawAlertSettings): AlertSettings {
  const email = parseEmail(raw);
  const webhook = raw.webhookUrl ? parseWebhook(raw.webhookUrl) : undefined;
  const secrets = [email?.url, ...smtpCredentials(raw.smtpUrl), webhook?.url].filter((s): s is Secret => s !== undefined);
  return { email, webhook, staleHours: parseStaleHours(raw.staleHours), deskUrl: parseDeskUrl(raw.deskUrl), secrets };
}

function parseEmail(raw: RawAlertSettings): EmailChannel | undefined {
  if (!raw.smtpUrl) {
    if (raw.to) throw new UserError('ALERT_TO is set but ALERT_SMTP_URL is not, so no e-mail could be sent', EMAIL_HINT);
    return undefined;
  }
  const url = parseUrl(raw.smtpUrl);
  if (url === undefined || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '') {
    throw new UserError('ALERT_SMTP_URL is not an smtp:// or smtps:// URL with a host (its value is not shown: it holds a password)', EMAIL_HINT);
  }
  if (!raw.to) throw new UserError('ALERT_SMTP_URL is set but ALERT_TO is not: who should the alerts go to?', EMAIL_HINT);
  if (!raw.from) throw new UserError('ALERT_SMTP_URL is set but ALERT_FROM is not: mail servers refuse mail without a sender they accept', EMAIL_HINT);
  const to = raw.to.split(',').map((a) => a.trim()).filter(Boolean);
  const bad = [...to, raw.from].find((address) => !isMailAddress(address));
  if (bad !== undefined) throw new UserError(`"${bad}" (in ALERT_TO or ALERT_FROM) is not an e-mail address`, 'E.g. ALERT_TO=dsl@example.org,deputy@example.org and ALERT_FROM="onevision <onevision@example.org>".');
  const secure = url.protocol === 'smtps:';
  // The mail library's defaults when the URL names no port.
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  return { url: new Secret(raw.smtpUrl), host: url.hostname, port, security: smtpSecurity(url), to, from: raw.from };
}

/** smtp:// must use STARTTLS unless the server is this machine or the URL says requireTLS=false (a relay on a trusted network). */
function smtpSecurity(url: URL): SmtpSecurity {
  if (url.protocol === 'smtps:') return 'tls';
  const asked = url.searchParams.getAll('requireTLS');
  if (asked.length > 1 || asked.some((value) => value !== 'true' && value !== 'false')) {
    throw new UserError('requireTLS in ALERT_SMTP_URL must be true or false, once (the URL is not shown: it holds a password)', REQUIRE_TLS_HINT);
  }
  if (asked[0] === 'true') return 'starttls';
  if (isLoopbackHost(url.hostname)) return 'local';
  return asked[0] === 'false' ? 'clear' : 'starttls';
}

/** 127.0.0.0/8 written out, ::1 or localhost; any other name or form counts as another machine. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(host);
}

/**
 * The password as it appears decoded, so an error that quotes it alone is redacted too. Not the user
 * name: it is no credential, and often an ordinary word ("onevision") that redaction would blank
 * out of every line printed.
 */
function smtpCredentials(smtpUrl: string | undefined): Secret[] {
  const url = smtpUrl ? parseUrl(smtpUrl) : undefined;
  return url && url.password.length >= 4 ? [new Secret(safeDecode(url.password))] : [];
}

function parseWebhook(raw: string): WebhookChannel {
  const url = parseUrl(raw);
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new UserError('ALERT_WEBHOOK_URL is not an http(s) URL (its value is not shown: it is a credential)', 'Set ALERT_WEBHOOK_URL to the incoming webhook URL Slack or Teams gave you, or unset it.');
  }
  return { url: new Secret(raw), host: url.host };
}

function parseStaleHours(raw: string | undefined): number {
  const hours = Number(raw);
  if (raw && /^\d+$/.test(raw) && hours >= 1 && hours <= 8760) return hours;
  throw new UserError(`ALERT_STALE_HOURS must be a whole number of hours (1 to 8760), not "${raw}"`, 'Set ALERT_STALE_HOURS=36 (a nightly run missed once) or unset it.');
}

function parseDeskUrl(raw: string | undefined): string {
  const url = parseUrl(raw ?? '');
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new UserError(`ONEVISION_DESK_URL is not an http(s) URL: "${raw}"`, 'Set ONEVISION_DESK_URL to the address people open the desk at, e.g. https://onevision.example.org, or unset it.');
  }
  // Alerts link to a page below the desk's address: a query or fragment there has no place to go.
  if (/[?#]/.test(url.href)) {
    const bare = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    throw new UserError('ONEVISION_DESK_URL has a query (?…) or a fragment (#…): give the desk\'s address alone, as alerts link to its inbox below it (…/safeguarding)', `Set ONEVISION_DESK_URL to the address alone, e.g. ONEVISION_DESK_URL=${bare}, or unset it.`);
  }
  return url.href.replace(/\/+$/, '');
}

/** One address, bare or as `Name <address>`: a sanity check, not RFC 5322; the server has the last word. */
function isMailAddress(text: string): boolean {
  const address = /<([^<>]+)>\s*$/.exec(text)?.[1] ?? text;
  return /^[^\s@<>,;]+@[^\s@<>,;]+$/.test(address.trim());
}

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined; // the caller says what is wrong without repeating the value
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // not percent-encoded after all: the raw form is what would be quoted
  }
}
