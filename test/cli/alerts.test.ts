/**
 * Alerts (issue 16 item 3): after a collection, by e-mail and webhook, the number of new
 * safeguarding flags with the inbox link and never a post; failed and stale runs; `alert --test` and
 * `alert --check`. Real CLI, real SQLite, the loopback fake X API, a real SMTP server and a webhook
 * receiver on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { XDataSet } from '../../src/fakes/x-search';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { ROOT, cleanEnv, makeTempDir, runCli, type CliResult } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { SMTP_PASSWORD, WEBHOOK_SECRET_PATH, startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from '../helpers/alert-receivers';
import { TOKEN, fixtureDataSet, laterTweet, xEnv } from '../collectors/x-setup';
import { DISCLOSURE } from './classify-fixture';

const DESK = 'https://desk.onevision.test';
/** An invented child's disclosure, posted by an invented account: none of it may reach an alert. */
const CANARY_HANDLE = 'kernow_canary_kid';
const CANARY_USER = { id: '1777000000000000042', username: CANARY_HANDLE, name: 'Canary Kid' };

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let api: FakeXApi | undefined;
let smtp: SmtpReceiver;
let webhook: WebhookReceiver;
beforeEach(async () => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
  smtp = await startSmtpReceiver();
  webhook = await startWebhookReceiver();
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  await smtp.close();
  await webhook.close();
  tmp.cleanup();
});

function canaryData(): { data: XDataSet; canaryId: string; canaryText: string } {
  const data = fixtureDataSet();
  const newest = data.tweets[0]!;
  const canaryText = `${DISCLOSURE} #CIoSOneVision`;
  const canary = laterTweet(newest, 30, canaryText, { author_id: CANARY_USER.id, entities: undefined, in_reply_to_user_id: undefined });
  return { data: { ...data, users: [...data.users, CANARY_USER], tweets: [canary, ...data.tweets] }, canaryId: canary.id, canaryText };
}

const alertEnv = (extra: Record<string, string> = {}) => ({ ALERT_SMTP_URL: smtp.url, ALERT_TO: 'dsl@example.org, deputy@example.org', ALERT_FROM: 'onevision <onevision@example.org>', ALERT_WEBHOOK_URL: webhook.url, ONEVISION_DESK_URL: DESK, ...extra });
const cli = (args: string[], env: Record<string, string> = {}) => runCli(['--db', db, ...args], { cwd: tmp.dir, env });
const collect = (env: Record<string, string> = {}) => cli(['collect', '--source', 'x'], { ...xEnv(api!.url), ...alertEnv(), ...env });
const webhookTexts = () => webhook.posts.map((p) => (p.body as { text: string }).text);
const logText = () => (fs.existsSync(tmp.file('logs/onevision.log')) ? fs.readFileSync(tmp.file('logs/onevision.log'), 'utf8') : '');

/** No credential from the alert URLs (or the X token) in anything the command printed or logged. */
function expectNoSecrets(...results: CliResult[]): void {
  const seen = [...results.flatMap((r) => [r.stdout, r.stderr]), logText()].join('\n');
  for (const secret of [SMTP_PASSWORD, WEBHOOK_SECRET_PATH, 'WebhookSecret9f3c2e7a', TOKEN]) expect(seen).not.toContain(secret);
}

const flagsInDb = () =>
  queryDb<{ level: string | null; n: number }>(db, `SELECT c.safeguarding_level AS level, count(*) AS n FROM screenings s JOIN classifications c ON c.post_id = s.post_id WHERE s.state = 'machine-flagged' GROUP BY 1`);

describe('alerts after a collection', () => {
  it('sends the number of new flags by level with the inbox link, by e-mail and webhook, and never the post, its author or its link', async () => {
    const { data, canaryId, canaryText } = canaryData();
    api = await startFakeXApi({ data, token: TOKEN });
    const result = await collect();
    expect(result.code, result.stderr).toBe(0);

    const flags = flagsInDb();
    const disclosures = flags.find((f) => f.level === 'disclosure')?.n ?? 0;
    const concerns = flags.filter((f) => f.level !== 'disclosure').reduce((sum, f) => sum + f.n, 0);
    expect(disclosures + concerns).toBeGreaterThan(0);
    expect(queryDb(db, `SELECT s.state FROM screenings s JOIN posts p ON p.id = s.post_id WHERE p.source_id = ?`, canaryId)).toEqual([{ state: 'machine-flagged' }]);

    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail!.from).toBe('onevision@example.org');
    expect(mail!.to).toEqual(['dsl@example.org', 'deputy@example.org']);
    expect(mail!.subject).toContain(`${disclosures + concerns} new safeguarding flag`);
    expect(webhook.posts).toHaveLength(1);
    expect(webhook.posts[0]!.contentType).toMatch(/^application\/json/);
    for (const text of [mail!.body, webhookTexts()[0]!]) {
      expect(text).toContain(`NEW SAFEGUARDING FLAGS: ${disclosures + concerns}`);
      if (disclosures > 0) expect(text).toContain(`${disclosures} disclosure`);
      if (concerns > 0) expect(text).toContain(`${concerns} concern`);
      expect(text).toContain(`${DESK}/safeguarding`);
      // None of the canary: not its words, its author, its handle or its link.
      for (const leak of [canaryText, 'boyfriend', 'little brother', CANARY_HANDLE, 'Canary Kid', canaryId, 'x.com/']) expect(text).not.toContain(leak);
    }
    for (const leak of [canaryText, 'boyfriend', CANARY_HANDLE]) expect(mail!.raw).not.toContain(leak);
    expect(result.stderr).toContain('alert sent (email, webhook)');
    expect(logText()).toMatch(/"event":"alert\.sent".*"channel":"email"/);
    expectNoSecrets(result);

    // A second run that brings nothing new, fails nothing and finds nothing stale says nothing.
    const again = await collect();
    expect(again.code, again.stderr).toBe(0);
    expect(smtp.mails).toHaveLength(1);
    expect(webhook.posts).toHaveLength(1);
  });

  it('alerts on a failed run: which source, what kind of failure in words, never the token', async () => {
    api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN });
    api.script({ kind: 'unauthorized' });
    const result = await collect();
    expect(result.code).toBe(3); // the collection's own exit code: the alert does not change it
    expect(webhook.posts).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
    for (const text of [webhookTexts()[0]!, smtp.mails[0]!.body]) {
      expect(text).toContain('COLLECTION FAILED');
      expect(text).toMatch(/ {2}x: the platform's API or the network failed: .*401/);
      // The first run failed, so x has never collected: stale too.
      expect(text).toContain('x: no successful collection yet');
      expect(text).not.toContain('/safeguarding');
    }
    expect(smtp.mails[0]!.subject).toBe('onevision: collection failed: x; no successful collection for over 36 hours: x');
    expectNoSecrets(result);
  });

  it('keeps the collection when the mail server cannot be reached: says so on stderr, logs it, still uses the webhook', async () => {
    const { data } = canaryData();
    api = await startFakeXApi({ data, token: TOKEN });
    const closedPort = await unusedPort();
    const result = await collect({ ALERT_SMTP_URL: `smtp://onevision-alerts:${SMTP_PASSWORD}@127.0.0.1:${closedPort}` });
    expect(result.code, result.stderr).toBe(0);
    expect(queryDb<{ n: number }>(db, 'SELECT count(*) AS n FROM posts')[0]?.n).toBe(9);
    expect(queryDb<{ outcome: string }>(db, 'SELECT outcome FROM runs')).toEqual([{ outcome: 'ok' }]);
    expect(result.stderr).toContain(`the alert was not sent (e-mail to dsl@example.org, deputy@example.org via 127.0.0.1:${closedPort}): cannot reach the mail server 127.0.0.1:${closedPort}`);
    expect(result.stderr).toContain("the collection's data is saved");
    expect(logText()).toMatch(/"event":"alert\.failed".*"channel":"email"/);
    expect(webhook.posts).toHaveLength(1);
    expectNoSecrets(result);
  });
});

describe('alerts from the schedule', () => {
  it('alerts after a scheduled run as after a manual one', async () => {
    const { data, canaryText } = canaryData();
    api = await startFakeXApi({ data, token: TOKEN });
    // Once now (--run-now); the expression's next tick is months away.
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'onevision'), '--db', db, 'schedule', '--cron', '0 0 1 1 *', '--run-now', '--no-compliance'], {
      cwd: tmp.dir,
      env: cleanEnv({ ...xEnv(api.url), ...alertEnv() }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await webhook.whenPosts(1);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(webhookTexts()[0]).toContain(`${DESK}/safeguarding`);
    expect(webhookTexts()[0]).toMatch(/NEW SAFEGUARDING FLAGS: [1-9]/);
    expect(webhookTexts()[0]).not.toContain(canaryText);
    expect(smtp.mails).toHaveLength(1);
    expect(stderr).toContain('alert sent (email, webhook)');
    expect(stderr).not.toContain(SMTP_PASSWORD);
  });
});

describe('onevision alert --test', () => {
  it('sends a test alert on every configured channel and says which succeeded', async () => {
    const result = await cli(['alert', '--test', '--json'], alertEnv());
    expect(result.code, result.stderr).toBe(0);
    const model = JSON.parse(result.stdout) as { channels: Array<{ channel: string; sent: boolean; target: string }> };
    expect(model.channels.map((c) => [c.channel, c.sent])).toEqual([['email', true], ['webhook', true]]);
    expect(model.channels[0]!.target).toBe(`e-mail to dsl@example.org, deputy@example.org via 127.0.0.1:${smtp.port}`);
    expect(smtp.mails[0]!.subject).toBe('onevision: test alert');
    expect(webhookTexts()[0]).toContain(`${DESK}/safeguarding`);
    expectNoSecrets(result);
  });

  it('links to the inbox below a desk address with a path, and refuses one with a query or fragment before sending anything', async () => {
    const below = await cli(['alert', '--test'], alertEnv({ ONEVISION_DESK_URL: 'https://host.onevision.test/onevision' }));
    expect(below.code, below.stderr).toBe(0);
    expect(webhookTexts()[0]).toContain('https://host.onevision.test/onevision/safeguarding\n');
    expect(smtp.mails[0]!.body).toContain('https://host.onevision.test/onevision/safeguarding');

    const query = await cli(['alert', '--test'], alertEnv({ ONEVISION_DESK_URL: 'https://desk.onevision.test/?a=b' }));
    expect(query.code).toBe(2);
    expect(query.stderr).toContain('ONEVISION_DESK_URL has a query (?…) or a fragment (#…)');
    expect(query.stderr).toContain('ONEVISION_DESK_URL=https://desk.onevision.test,');
    expect(webhook.posts).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
  });

  it('exits 2 and says what to set when no channel is configured', async () => {
    const result = await cli(['alert', '--test']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no alert channel is configured');
    expect(result.stderr).toContain('ALERT_SMTP_URL, ALERT_TO and ALERT_FROM');
    expect(result.stderr).toContain('ALERT_WEBHOOK_URL');
  });

  it('exits 3 naming the host when a channel fails, and still sends on the other', async () => {
    webhook.answerWith(404);
    const result = await cli(['alert', '--test'], alertEnv());
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^sent {4}e-mail to /m);
    expect(result.stdout).toMatch(/^FAILED {2}webhook at 127\.0\.0\.1:\d+: the webhook at 127\.0\.0\.1:\d+ answered HTTP 404/m);
    expect(smtp.mails).toHaveLength(1);
    expectNoSecrets(result);
  });

  it('sends nothing, not even the password, to a mail server that offers no STARTTLS when STARTTLS is required, and exits 3 saying what to change', async () => {
    // STARTTLS is required of every smtp:// server but this machine (test/alerts/compose.test.ts); the
    // fake listens on 127.0.0.1 and offers no STARTTLS, so requireTLS=true asks for what a remote one gets.
    const result = await cli(['alert', '--test'], alertEnv({ ALERT_SMTP_URL: `${smtp.url}?requireTLS=true` }));
    expect(result.code).toBe(3);
    expect(smtp.logins).toEqual([]);
    expect(smtp.mails).toHaveLength(0);
    expect(result.stdout).toContain(`FAILED  e-mail to dsl@example.org, deputy@example.org via 127.0.0.1:${smtp.port}: the mail server 127.0.0.1:${smtp.port} does not offer STARTTLS`);
    expect(result.stdout).toContain('smtps://');
    expect(result.stdout).toContain('requireTLS=false');
    expect(webhook.posts).toHaveLength(1);
    expectNoSecrets(result);

    // The same server on this machine without requireTLS: STARTTLS when offered, and the fake offers none.
    const local = await cli(['alert', '--test'], alertEnv());
    expect(local.code, local.stderr).toBe(0);
    expect(smtp.logins).toEqual(['onevision-alerts']);
    expect(smtp.mails).toHaveLength(1);
  });

  it('refuses a mail server URL it cannot use without repeating it', async () => {
    const result = await cli(['alert', '--test'], alertEnv({ ALERT_SMTP_URL: `mailto://onevision-alerts:${SMTP_PASSWORD}@127.0.0.1` }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ALERT_SMTP_URL is not an smtp:// or smtps:// URL');
    expectNoSecrets(result);
  });
});

describe('onevision alert --check', () => {
  it('alerts when the last successful collection is older than ALERT_STALE_HOURS, and is quiet when it is not', async () => {
    api = await startFakeXApi({ data: fixtureDataSet(), token: TOKEN });
    expect((await cli(['collect', '--source', 'x'], xEnv(api.url))).code).toBe(0);
    const check = (env: Record<string, string> = {}) => cli(['alert', '--check', '--json'], { ...xEnv(api!.url), ...alertEnv(), ...env });

    const fresh = await check();
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(JSON.parse(fresh.stdout)).toMatchObject({ staleHours: 36, alert: null, channels: [], sources: [{ source: 'x', stale: false, hoursSince: 0 }] });
    expect(webhook.posts).toHaveLength(0);

    // The same history, judged by a limit it has passed: a run 50 hours ago.
    const fiftyHoursAgo = new Date(Date.now() - 50 * 3_600_000).toISOString();
    backdateRuns(fiftyHoursAgo);
    const stale = await check();
    expect(stale.code, stale.stderr).toBe(0);
    const model = JSON.parse(stale.stdout) as { alert: string; sources: Array<{ source: string; stale: boolean; hoursSince: number }> };
    expect(model.sources).toEqual([{ source: 'x', stale: true, lastSuccessAt: fiftyHoursAgo, hoursSince: 50 }]);
    expect(model.alert).toBe('onevision: no successful collection for over 36 hours: x');
    expect(webhookTexts()[0]).toContain('x: last successful collection');
    expect(webhookTexts()[0]).toContain('50 hours ago');
    expect(smtp.mails).toHaveLength(1);

    const laxer = await check({ ALERT_STALE_HOURS: '72' });
    expect(JSON.parse(laxer.stdout)).toMatchObject({ alert: null });
    expect(webhook.posts).toHaveLength(1);
    expectNoSecrets(fresh, stale, laxer);
  });
});

describe('doctor', () => {
  it('says where alerts go, without credentials or addresses, and warns when nowhere', async () => {
    const checks = async (env: Record<string, string>) => {
      const result = await cli(['doctor', '--offline', '--json'], env);
      expectNoSecrets(result);
      return (JSON.parse(result.stdout) as Array<{ name: string; status: string; detail: string }>).find((c) => c.name === 'alerts');
    };
    const configured = await checks(alertEnv());
    expect(configured).toMatchObject({ status: 'ok', detail: `e-mail to 2 recipients via 127.0.0.1:${smtp.port}; webhook at ${new URL(webhook.url).host}; stale after 36 hours` });
    expect(configured?.detail).not.toContain('dsl@example.org');
    expect(await checks({})).toMatchObject({ status: 'warn', detail: expect.stringContaining('no alert channel is configured') });
    expect(smtp.mails).toHaveLength(0); // doctor sends nothing
    expect(webhook.posts).toHaveLength(0);
  });

  it('warns when e-mail may go in clear to another machine (requireTLS=false)', async () => {
    const result = await cli(['doctor', '--offline', '--json'], alertEnv({ ALERT_SMTP_URL: `smtp://onevision-alerts:${SMTP_PASSWORD}@relay.internal.example:25?requireTLS=false` }));
    expectNoSecrets(result);
    const check = (JSON.parse(result.stdout) as Array<{ name: string; status: string; detail: string; fix: string }>).find((c) => c.name === 'alerts');
    expect(check).toMatchObject({ status: 'warn', detail: expect.stringContaining('relay.internal.example:25, in clear when it offers no STARTTLS') });
    expect(check?.fix).toContain('smtps://');
  });
});

function backdateRuns(at: string): void {
  // The test writes its own history; the command under test only reads it.
  const handle = new Database(db);
  try {
    handle.prepare('UPDATE runs SET started_at = ?, ended_at = ?').run(at, at);
  } finally {
    handle.close();
  }
}

function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
