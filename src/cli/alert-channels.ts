/**
 * Sending an alert: by e-mail through nodemailer (ALERT_SMTP_URL), and to a Slack- or Teams-style
 * incoming webhook (ALERT_WEBHOOK_URL) as JSON `{ "text": … }`, which both accept. Each channel is
 * tried on its own; a failure is described by host and port, never with the URL (it holds a password
 * or is itself the credential), and every message is redacted of the configured secrets. The mail
 * and HTTP libraries are loaded when an alert is sent, so other commands do not pay for loading them.
 */
import type { AxiosError } from 'axios';
import type { AlertMessage } from '../alerts/compose';
import { REQUIRE_TLS_HINT, smtpTransportOptions, type AlertSettings, type EmailChannel, type WebhookChannel } from '../alerts/settings';
import { redact, type Secret } from '../core/secret';

export type ChannelName = 'email' | 'webhook';

export interface ChannelResult {
  readonly channel: ChannelName;
  /** Where it went, in words: recipients and the mail server's host:port, or the webhook's host. */
  readonly target: string;
  readonly sent: boolean;
  /** Why it was not sent, secrets removed; null when sent. */
  readonly error: string | null;
}

/** A nightly job must not hang on a mail server that stopped answering. */
const TIMEOUT_MS = 15_000;

export function hasAlertChannel(settings: AlertSettings): boolean {
  return settings.email !== undefined || settings.webhook !== undefined;
}

/** Sends on every configured channel, one after the other; never throws for a channel's failure. */
export async function deliverAlert(message: AlertMessage, settings: AlertSettings, secrets: readonly Secret[]): Promise<ChannelResult[]> {
  const { email, webhook } = settings;
  const results: ChannelResult[] = [];
  if (email) results.push(await attempt('email', emailTarget(email), () => sendEmail(message, email), secrets));
  if (webhook) results.push(await attempt('webhook', webhookTarget(webhook), () => postWebhook(message, webhook), secrets));
  return results;
}

/** A channel's failure, already in words. */
class ChannelFailure extends Error {}

async function attempt(channel: ChannelName, target: string, send: () => Promise<void>, secrets: readonly Secret[]): Promise<ChannelResult> {
  try {
    await send();
    return { channel, target, sent: true, error: null };
  } catch (error) {
    const words = error instanceof ChannelFailure ? error.message : `${target}: unexpected error, please report it: ${String(error)}`;
    return { channel, target, sent: false, error: redact(words, secrets) };
  }
}

function emailTarget(email: EmailChannel): string {
  return `e-mail to ${email.to.join(', ')} via ${email.host}:${email.port}`;
}

function webhookTarget(webhook: WebhookChannel): string {
  return `webhook at ${webhook.host}`;
}

async function sendEmail(message: AlertMessage, email: EmailChannel): Promise<void> {
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({ ...smtpTransportOptions(email), connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS * 2 });
  try {
    await transport.sendMail({ from: email.from, to: [...email.to], subject: message.subject, text: message.text });
  } catch (error) {
    throw new ChannelFailure(describeMailError(error, email));
  } finally {
    transport.close();
  }
}

async function postWebhook(message: AlertMessage, webhook: WebhookChannel): Promise<void> {
  const { default: axios } = await import('axios');
  try {
    await axios.post(webhook.url.reveal(), { text: `${message.subject}\n\n${message.text}` }, { timeout: TIMEOUT_MS, headers: { 'Content-Type': 'application/json' } });
  } catch (error) {
    if (!axios.isAxiosError(error)) throw error;
    throw new ChannelFailure(describeWebhookError(error, webhook));
  }
}

/** nodemailer's error codes (ECONNECTION, EAUTH, EENVELOPE, …) in words, with the server and its answer. */
function describeMailError(error: unknown, email: EmailChannel): string {
  const server = `the mail server ${email.host}:${email.port}`;
  const failure = error as { code?: unknown; command?: unknown; response?: unknown; message?: unknown };
  const code = typeof failure.code === 'string' ? failure.code : '';
  const detail = typeof failure.response === 'string' ? failure.response : typeof failure.message === 'string' ? failure.message : String(error);
  if (['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNREFUSED'].includes(code)) return `cannot reach ${server} (${detail}); check the host and port in ALERT_SMTP_URL and the network`;
  // Required (smtpTransportOptions), asked for, and refused: nothing went in clear, not even the password.
  if (code === 'ETLS' && failure.command === 'STARTTLS' && typeof failure.response === 'string') return `${server} does not offer STARTTLS (${detail}), so nothing was sent: not the password, not the alert. ${REQUIRE_TLS_HINT}`;
  if (code === 'ETLS') return `${server} failed the TLS handshake (${detail}); use smtps:// for port 465 or smtp:// for STARTTLS on 587`;
  if (code === 'EAUTH') return `${server} refused the user name or password in ALERT_SMTP_URL (${detail})`;
  if (code === 'EENVELOPE') return `${server} refused the sender (ALERT_FROM) or a recipient (ALERT_TO): ${detail}`;
  return `${server} did not take the alert: ${detail}`;
}

function describeWebhookError(error: AxiosError, webhook: WebhookChannel): string {
  if (error.response) return `the webhook at ${webhook.host} answered HTTP ${error.response.status}; check ALERT_WEBHOOK_URL (the webhook may have been removed)`;
  return `cannot reach the webhook at ${webhook.host} (${error.code ?? error.message}); check ALERT_WEBHOOK_URL and the network`;
}
