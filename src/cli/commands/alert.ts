import type { Command } from 'commander';
import type { Config } from '../../config';
import { UpstreamError, UserError } from '../../errors';
import { hasAlertChannel, type ChannelResult } from '../alert-channels';
import { checkStaleRuns, configuredSources, sendTestAlert, type StaleCheck } from '../alerts';
import type { CommandContext } from '../context';
import { printResult } from '../output';
import { plural } from '../../core/words';

interface AlertFlags {
  test?: boolean;
  check?: boolean;
  json?: boolean;
}

export function registerAlert(program: Command, context: CommandContext): void {
  program
    .command('alert')
    .description('Send a test alert, or check for stale collection runs and alert (for cron)')
    .option('--test', 'send a test alert on every configured channel and say which worked')
    .option('--check', 'alert when a configured source has not collected successfully for ALERT_STALE_HOURS')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Alerts go by e-mail (ALERT_SMTP_URL, ALERT_TO, ALERT_FROM) and/or to a Slack or Teams incoming
webhook (ALERT_WEBHOOK_URL). \`collect\` and \`schedule\` send one after a run that raised new
safeguarding flags (how many, by level, with a link to the desk's inbox at ONEVISION_DESK_URL;
never a post's text, author or link), that failed, or after which a source is stale. A run with
nothing to say sends nothing. The demo never alerts: its flags are in its own database.

--check looks only at the run history, so cron can run it apart from the collection (it notices a
schedule that stopped running). It alerts on every call while a source is stale.

Exit 0 sent (or, for --check, nothing stale), 2 no channel configured (or no source to check),
3 a channel failed (the server or webhook is named; its credentials never are).

Examples:
  $ onevision alert --test
  $ onevision alert --check --json
  cron, twice a day:  0 9,17 * * *  cd /srv/onevision && onevision alert --check`,
    )
    .action(async (flags: AlertFlags, command: Command) => {
      if (Boolean(flags.test) === Boolean(flags.check)) throw new UserError('say what to do: --test or --check', 'E.g. `onevision alert --test` after setting the ALERT_ variables.');
      const config = context.config(command);
      requireChannel(config);
      if (flags.test) {
        const channels = await sendTestAlert(config, context);
        printResult(context, flags.json, { test: true, channels }, renderChannels(channels));
        throwIfFailed(channels);
        return;
      }
      const sources = configuredSources(config);
      if (sources.length === 0) throw new UserError('no source is configured, so no collection can be stale', 'Set X_BEARER_TOKEN and/or FB_PAGE_TOKEN (see .env.example).');
      const check = await checkStaleRuns(config, context, sources);
      printResult(context, flags.json, check, renderCheck(check));
      throwIfFailed(check.channels);
    });
}

function requireChannel(config: Config): void {
  if (hasAlertChannel(config.alerts)) return;
  throw new UserError(
    'no alert channel is configured',
    'Set ALERT_SMTP_URL, ALERT_TO and ALERT_FROM for e-mail, and/or ALERT_WEBHOOK_URL for a Slack or Teams incoming webhook (see .env.example).',
  );
}

function throwIfFailed(channels: readonly ChannelResult[]): void {
  const failed = channels.filter((c) => !c.sent);
  if (failed.length === 0) return;
  throw new UpstreamError(`the alert was not sent on ${failed.length} of ${channels.length} channel${channels.length > 1 ? 's' : ''}: ${failed.map((c) => c.target).join('; ')}`, 'Fix what the lines above say and run `onevision alert --test`.');
}

function renderChannels(channels: readonly ChannelResult[]): string {
  return channels.map((c) => (c.sent ? `sent    ${c.target}` : `FAILED  ${c.target}: ${c.error}`)).join('\n');
}

function renderCheck(check: StaleCheck): string {
  const lines = check.sources.map((s) => {
    const last = s.lastSuccessAt === null || s.hoursSince === null ? 'no successful collection yet' : `last successful collection ${s.lastSuccessAt} (${plural(s.hoursSince, 'hour')} ago)`;
    return `${s.stale ? 'STALE' : 'ok   '}  ${s.source}: ${last}`;
  });
  lines.push(check.alert === null ? `nothing older than ${plural(check.staleHours, 'hour')}: no alert sent` : `alert: ${check.alert}`);
  if (check.channels.length > 0) lines.push(renderChannels(check.channels));
  return lines.join('\n');
}
