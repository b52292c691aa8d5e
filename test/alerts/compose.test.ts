/** What an alert says, and when it says nothing (src/alerts: pure). */
import { describe, expect, it } from 'vitest';
import { composeAlert, composeTestAlert, describeFlags, inboxUrl } from '../../src/alerts/compose';
import { NO_NEW_FLAGS, countNewFlags, findStaleSources, toRunFailure, type AlertFacts } from '../../src/alerts/facts';
import { describeAlertChannels, parseAlertSettings, smtpTransportOptions, type RawAlertSettings } from '../../src/alerts/settings';
import { Secret } from '../../src/core/secret';
import { InternalError, UpstreamError, UserError } from '../../src/errors';

const AT = new Date('2026-08-22T02:05:00.000Z');
const CONTEXT = { deskUrl: 'https://desk.example.org', at: AT };
const QUIET: AlertFacts = { newFlags: NO_NEW_FLAGS, failures: [], stale: [], staleHours: 36 };

describe('composeAlert', () => {
  it('says nothing when no flag is new, nothing failed and nothing is stale', () => {
    expect(composeAlert(QUIET, CONTEXT)).toBeNull();
  });

  it('gives the new flags by level, disclosures first, with the inbox link', () => {
    const alert = composeAlert({ ...QUIET, newFlags: { disclosures: 1, concerns: 2 } }, CONTEXT);
    expect(alert?.subject).toBe('onevision: 3 new safeguarding flags (1 disclosure, 2 concerns)');
    expect(alert?.text).toContain('NEW SAFEGUARDING FLAGS: 3\n  1 disclosure: urgent, read first\n  2 concerns\nOpen the safeguarding inbox: https://desk.example.org/safeguarding');
    expect(alert?.text).toContain('2026-08-22 02:05 UTC');
  });

  it('names each failed source with the kind of failure in words and what to do, and each stale source', () => {
    const failures = [toRunFailure('x', new UpstreamError('X answered 503 five times', 'Try again later.'), []), toRunFailure('facebook', new TypeError('boom'), [])];
    const stale = [{ source: 'facebook', lastSuccessAt: '2026-08-20T01:00:00.000Z', hoursSince: 49 }];
    const alert = composeAlert({ ...QUIET, failures, stale }, CONTEXT);
    expect(alert?.subject).toBe('onevision: collection failed: x, facebook; no successful collection for over 36 hours: facebook');
    expect(alert?.text).toContain("  x: the platform's API or the network failed: X answered 503 five times\n    What to do: Try again later.");
    expect(alert?.text).toContain('  facebook: an internal error in onevision (please report it): TypeError: boom');
    expect(alert?.text).toContain('  facebook: last successful collection 2026-08-20 01:00 UTC, 49 hours ago');
    expect(alert?.text).not.toContain('/safeguarding');
  });

  it('has a test message that links to the inbox', () => {
    expect(composeTestAlert(CONTEXT)).toMatchObject({ subject: 'onevision: test alert' });
    expect(composeTestAlert(CONTEXT).text).toContain('https://desk.example.org/safeguarding');
  });

  it('joins the inbox to the desk address with the URL rules, below a path, before any query or fragment', () => {
    expect(inboxUrl('https://desk.example.org')).toBe('https://desk.example.org/safeguarding');
    expect(inboxUrl('https://host.example/onevision')).toBe('https://host.example/onevision/safeguarding');
    expect(inboxUrl('https://host.example/onevision/')).toBe('https://host.example/onevision/safeguarding');
    expect(inboxUrl('https://desk.example/?a=b')).toBe('https://desk.example/safeguarding?a=b');
    expect(inboxUrl('https://desk.example/onevision#top')).toBe('https://desk.example/onevision/safeguarding#top');
  });

  it('counts in the singular and plural', () => {
    expect(describeFlags({ disclosures: 0, concerns: 1 })).toBe('1 new safeguarding flag (1 concern)');
    expect(describeFlags({ disclosures: 2, concerns: 0 })).toBe('2 new safeguarding flags (2 disclosures)');
  });
});

describe('the facts', () => {
  it('counts only flags that did not stand before, a flag of unknown level as a concern', () => {
    const after = [
      { postId: 1, level: 'disclosure' as const },
      { postId: 2, level: 'disclosure' as const },
      { postId: 3, level: 'concern' as const },
      { postId: 4, level: null },
    ];
    expect(countNewFlags(new Set([1]), after)).toEqual({ disclosures: 1, concerns: 2 });
  });

  it('calls a source stale only past the limit, and one that never succeeded always', () => {
    const now = new Date('2026-08-22T12:00:00.000Z');
    const last = new Map([
      ['x', '2026-08-21T00:00:00.000Z'], // exactly 36 hours
      ['facebook', '2026-08-20T23:59:00.000Z'], // 36 hours and a minute
    ]);
    expect(findStaleSources(['x', 'facebook', 'other'], last, now, 36)).toEqual([
      { source: 'facebook', lastSuccessAt: '2026-08-20T23:59:00.000Z', hoursSince: 36 },
      { source: 'other', lastSuccessAt: null, hoursSince: null },
    ]);
  });

  it('puts a failure in words without its secrets, on one line', () => {
    const token = new Secret('sekret-token-123');
    expect(toRunFailure('x', new UserError('bad token sekret-token-123\nsecond line', 'Set X_BEARER_TOKEN.'), [token])).toEqual({ source: 'x', category: 'environment', message: 'bad token [redacted] second line', hint: 'Set X_BEARER_TOKEN.' });
    expect(toRunFailure('x', new InternalError('oops'), []).category).toBe('bug');
    expect(toRunFailure('x', new UpstreamError('a'.repeat(500)), []).message).toHaveLength(300);
  });
});

describe('parseAlertSettings', () => {
  const none: RawAlertSettings = { smtpUrl: undefined, to: undefined, from: undefined, webhookUrl: undefined, staleHours: '36', deskUrl: 'http://127.0.0.1:8080' };

  it('has no channel when nothing is set, and the desk without a trailing slash', () => {
    expect(parseAlertSettings(none)).toMatchObject({ email: undefined, webhook: undefined, staleHours: 36, deskUrl: 'http://127.0.0.1:8080', secrets: [] });
    expect(parseAlertSettings({ ...none, deskUrl: 'https://desk.example.org/onevision/' }).deskUrl).toBe('https://desk.example.org/onevision');
  });

  it('refuses a desk address with a query or fragment, naming the address without them', () => {
    for (const deskUrl of ['https://desk.example/?a=b', 'https://desk.example/onevision#inbox', 'https://desk.example/onevision?']) {
      let error: unknown;
      try {
        parseAlertSettings({ ...none, deskUrl });
      } catch (thrown) {
        error = thrown;
      }
      expect(error, deskUrl).toBeInstanceOf(UserError);
      expect((error as UserError).message).toContain('ONEVISION_DESK_URL has a query (?…) or a fragment (#…)');
      expect((error as UserError).hint).toContain(deskUrl.startsWith('https://desk.example/?') ? 'ONEVISION_DESK_URL=https://desk.example,' : 'ONEVISION_DESK_URL=https://desk.example/onevision,');
    }
    expect(parseAlertSettings({ ...none, deskUrl: 'https://host.example/onevision' }).deskUrl).toBe('https://host.example/onevision');
  });

  it('reads the mail server, recipients and sender, and keeps the URL and the password secret', () => {
    const settings = parseAlertSettings({ ...none, smtpUrl: 'smtps://alerts:p%40ss-w0rd@mail.example.org', to: 'a@example.org, b@example.org', from: 'onevision <ov@example.org>' });
    expect(settings.email).toMatchObject({ host: 'mail.example.org', port: 465, to: ['a@example.org', 'b@example.org'], from: 'onevision <ov@example.org>' });
    expect(settings.secrets.map((s) => s.reveal())).toEqual(['smtps://alerts:p%40ss-w0rd@mail.example.org', 'p@ss-w0rd']);
    expect(parseAlertSettings({ ...none, smtpUrl: 'smtp://mail.example.org', to: 'a@example.org', from: 'ov@example.org' }).email?.port).toBe(587);
  });

  it('refuses half an e-mail setting, a bad address, a bad URL (without repeating it) and a bad number of hours', () => {
    const mail = { smtpUrl: 'smtp://u:secretpw@mail.example.org:587', to: 'a@example.org', from: 'ov@example.org' };
    expect(() => parseAlertSettings({ ...none, ...mail, to: undefined })).toThrow(/ALERT_TO is not/);
    expect(() => parseAlertSettings({ ...none, ...mail, from: undefined })).toThrow(/ALERT_FROM is not/);
    expect(() => parseAlertSettings({ ...none, to: 'a@example.org' })).toThrow(/ALERT_SMTP_URL is not/);
    expect(() => parseAlertSettings({ ...none, ...mail, to: 'a@example.org, not an address' })).toThrow(/"not an address"/);
    let message = '';
    try {
      parseAlertSettings({ ...none, ...mail, smtpUrl: 'http://u:secretpw@mail.example.org' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('ALERT_SMTP_URL is not an smtp:// or smtps:// URL');
    expect(message).not.toContain('secretpw');
    expect(() => parseAlertSettings({ ...none, webhookUrl: 'hooks.slack.com/services/x' })).toThrow(/ALERT_WEBHOOK_URL is not/);
    expect(() => parseAlertSettings({ ...none, staleHours: '0' })).toThrow(/ALERT_STALE_HOURS/);
    expect(() => parseAlertSettings({ ...none, staleHours: '1.5' })).toThrow(/ALERT_STALE_HOURS/);
  });

  describe('the mail server connection', () => {
    const mailTo = (smtpUrl: string) => parseAlertSettings({ ...none, smtpUrl, to: 'a@example.org', from: 'ov@example.org' }).email!;
    const requiresStartTls = (smtpUrl: string) => smtpTransportOptions(mailTo(smtpUrl)).requireTLS;

    it('requires STARTTLS for smtp:// to another machine, so a server without it never gets the password or the alert in clear', () => {
      expect(smtpTransportOptions(mailTo('smtp://u:secretpw@mail.example.org:587'))).toEqual({ url: 'smtp://u:secretpw@mail.example.org:587', requireTLS: true });
      for (const host of ['mail.example.org:25', '192.0.2.10', '10.0.0.5:25', '[2001:db8::25]', '127.1', 'localhost.example.org', '[::ffff:127.0.0.1]']) expect(requiresStartTls(`smtp://u:secretpw@${host}`), host).toBe(true);
    });

    it('takes STARTTLS when offered from a relay on this machine, and smtps:// is TLS from the start', () => {
      for (const host of ['127.0.0.1:25', '127.8.9.10', 'localhost:2525', 'LocalHost', '[::1]:25']) expect(requiresStartTls(`smtp://u:secretpw@${host}`), host).toBe(false);
      expect(requiresStartTls('smtps://u:secretpw@mail.example.org')).toBe(false);
    });

    it('allows plain SMTP to another machine only when the URL says requireTLS=false, and doctor says so', () => {
      const clear = mailTo('smtp://relay.internal.example:25?requireTLS=false');
      expect(smtpTransportOptions(clear).requireTLS).toBe(false);
      expect(describeAlertChannels({ ...parseAlertSettings(none), email: clear })).toEqual(['e-mail to 1 recipient via relay.internal.example:25, in clear when it offers no STARTTLS (requireTLS=false in ALERT_SMTP_URL)']);
      expect(describeAlertChannels({ ...parseAlertSettings(none), email: mailTo('smtp://mail.example.org') })).toEqual(['e-mail to 1 recipient via mail.example.org:587']);
      expect(requiresStartTls('smtp://127.0.0.1:25?requireTLS=true')).toBe(true);
      let message = '';
      try {
        mailTo('smtp://u:secretpw@mail.example.org?requireTLS=no');
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('requireTLS in ALERT_SMTP_URL must be true or false');
      expect(message).not.toContain('secretpw');
    });
  });
});
