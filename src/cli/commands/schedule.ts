import path from 'node:path';
import type { Command } from 'commander';
import cron from 'node-cron';
import { missingXConfiguration } from '../../collectors/x/configured';
import type { Config } from '../../config';
import { BusyError, OnevisionError, UserError } from '../../errors';
import { collectThenAlert } from '../alerts';
import { runCompliance } from '../compliance';
import type { CommandContext } from '../context';
import { chooseCollectors, collectWithLease, parseCollectOptions, withStopSignals } from './collect';
import { renderCompliance } from './compliance';

interface ScheduleFlags {
  cron: string;
  tz: string;
  runNow?: boolean;
  maxWait: string;
  /** The weekly X compliance run's cron expression, or false (--no-compliance). */
  compliance: string | false;
}

export const DEFAULT_CRON = '0 2 * * *';
export const DEFAULT_TZ = 'Europe/London';
/** X batch compliance: Sunday 03:00, an hour after the nightly collection. */
export const DEFAULT_COMPLIANCE_CRON = '0 3 * * 0';
const COMPLIANCE_MAX_WAIT_MS = 3_600_000;

export function registerSchedule(program: Command, context: CommandContext): void {
  program
    .command('schedule')
    .description('Run collection (all configured sources) then classification on a schedule, and X compliance weekly, until stopped')
    .option('--cron <expr>', 'when to run, as a cron expression (5 fields, or 6 with seconds)', DEFAULT_CRON)
    .option('--tz <zone>', 'time zone the expression is read in (so clock changes behave)', DEFAULT_TZ)
    .option('--run-now', 'also run once straight away')
    .option('--max-wait <duration>', 'longest rate-limit wait in each run', '15m')
    .option('--compliance <expr>', 'when to run X batch compliance (`onevision compliance`), as a cron expression in the same time zone', DEFAULT_COMPLIANCE_CRON)
    .option('--no-compliance', 'never run X batch compliance from this schedule')
    .addHelpText(
      'after',
      `
A long-running process (use a service manager such as systemd to keep it up). SIGINT or SIGTERM
stop it after the current page is saved. A tick that finds another collection running is
skipped. Configuration (.env) is read again before each run, so a replaced token needs no restart;
the database, --cron and whether compliance runs are fixed at start. Prefer the system scheduler?
See \`onevision cron-line\`.

When X is configured it also runs \`onevision compliance\` weekly (default Sunday 03:00 in --tz):
posts X reports deleted, protected, suspended or deactivated are erased, as X's terms require.
It queues behind a running collection, and a job X has not finished is resumed next time.

Each run alerts as \`onevision collect\` does (new safeguarding flags, a failed or stale run: see
\`onevision alert --help\`); an alert that cannot be sent is said and logged, and the schedule goes on.

Examples:
  $ onevision schedule                              every night at 02:00 UK time
  $ onevision schedule --cron "30 1 * * *" --run-now
  $ onevision schedule --compliance "0 4 * * 6"     compliance on Saturdays at 04:00`,
    )
    .action(async (flags: ScheduleFlags, command: Command) => {
      const config = context.config(command);
      checkSchedule(flags);
      const options = parseCollectOptions({ maxWait: flags.maxWait });
      chooseCollectors('all', config); // fail now, not at 02:00, when nothing is configured
      await withStopSignals(context, (signal) => runSchedule(config, flags, options, signal, context));
    });
}

/** A cron expression flag, checked as the scheduler will read it (`cron-line` checks its --cron with this too). */
export function checkCronFlag(flag: string, expression: string, example: string): void {
  if (!cron.validate(expression)) throw new UserError(`${flag} "${expression}" is not a cron expression`, `E.g. ${example}.`);
}

function checkSchedule(flags: ScheduleFlags): void {
  checkCronFlag('--cron', flags.cron, '--cron "0 2 * * *" for 02:00 every day');
  if (flags.compliance !== false) checkCronFlag('--compliance', flags.compliance, '--compliance "0 3 * * 0" for Sundays at 03:00, or --no-compliance');
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: flags.tz });
  } catch {
    throw new UserError(`--tz "${flags.tz}" is not a time zone`, 'Use an IANA name such as Europe/London.');
  }
}

async function runSchedule(config: Config, flags: ScheduleFlags, options: ReturnType<typeof parseCollectOptions>, signal: AbortSignal, context: CommandContext): Promise<void> {
  let running: Promise<void> | undefined;
  const settings = settingsReader(config, context);
  const tick = () => {
    if (running || signal.aborted) return;
    running = runOnce(settings, options, signal, context).finally(() => {
      running = undefined;
      if (!signal.aborted) context.say(`next run: ${task.getNextRun()?.toISOString() ?? 'none'}`);
    });
  };
  const task = cron.schedule(flags.cron, tick, { timezone: flags.tz, noOverlap: true, name: 'onevision-collect' });
  context.say(`onevision schedule: "${flags.cron}" (${flags.tz}), database ${path.relative(process.cwd(), config.dbPath) || config.dbPath}; next run ${task.getNextRun()?.toISOString() ?? 'none'}`);
  if (flags.runNow) tick();
  const compliance = scheduleCompliance(config, settings, flags, signal, context, () => running);
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  await task.stop();
  await task.destroy();
  await compliance.stop();
  await running;
  context.say('onevision schedule: stopped');
}

/** The weekly X compliance run, when X is configured; it waits for a collection this process is running. */
function scheduleCompliance(config: Config, settings: (started: string) => Config, flags: ScheduleFlags, signal: AbortSignal, context: CommandContext, collecting: () => Promise<void> | undefined): { stop(): Promise<void> } {
  const missing = missingXConfiguration(config);
  if (flags.compliance === false || missing) {
    context.say(`onevision schedule: X compliance off (${missing ?? '--no-compliance'})`);
    return { stop: async () => undefined };
  }
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running || signal.aborted) return;
    running = (async () => {
      await collecting();
      if (signal.aborted) return;
      const started = new Date().toISOString();
      try {
        const report = await runCompliance(settings(started), { dryRun: false, maxWaitMs: COMPLIANCE_MAX_WAIT_MS, wait: true }, signal, context);
        for (const line of renderCompliance(report).split('\n')) context.say(`${started} ${line}`);
      } catch (error) {
        reportTickError(started, error, context);
      }
    })().finally(() => (running = undefined));
  };
  const task = cron.schedule(flags.compliance, tick, { timezone: flags.tz, noOverlap: true, name: 'onevision-compliance' });
  context.say(`onevision schedule: X compliance "${flags.compliance}" (${flags.tz}); next ${task.getNextRun()?.toISOString() ?? 'none'}`);
  return {
    stop: async () => {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}

/** One tick: collect every configured source (which classifies and erases as after-collection.ts says). A failure is reported, never fatal. */
async function runOnce(settings: (started: string) => Config, options: ReturnType<typeof parseCollectOptions>, signal: AbortSignal, context: CommandContext): Promise<void> {
  const started = new Date().toISOString();
  try {
    const config = settings(started);
    const { collectors, skipped } = chooseCollectors('all', config);
    for (const skip of skipped) context.say(`${started} ${skip.source}: skipped: ${skip.reason}`);
    const { summaries, followUpError } = await collectThenAlert(config, context, () => collectWithLease(config, collectors, options, { wait: false, signal }, context));
    for (const s of summaries) context.say(`${started} ${s.source}: ${s.outcome}${s.message ? `: ${s.message}` : ''}${s.run ? ` (${s.run.new} new, ${s.run.updated} updated)` : ''}`);
    if (followUpError !== undefined) throw followUpError;
  } catch (error) {
    reportTickError(started, error, context);
  }
}

/**
 * The settings for each run, read again: a token replaced in .env is used without a restart. A .env
 * that no longer reads (a half-saved edit) is said, and the run goes on with the settings read last.
 */
function settingsReader(first: Config, context: CommandContext): (started: string) => Config {
  let last = first;
  return (started) => {
    try {
      last = context.rereadConfig();
    } catch (error) {
      const failure = error instanceof OnevisionError ? `${error.message}${error.hint ? ` (${error.hint})` : ''}` : String(error);
      context.say(`${started} could not read the configuration again, so this run uses the settings read before: ${failure}`);
    }
    return last;
  };
}

function reportTickError(started: string, error: unknown, context: CommandContext): void {
  if (error instanceof BusyError) context.say(`${started} skipped this run: ${error.message}`);
  else if (error instanceof OnevisionError) context.say(`${started} run failed: ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
  else context.say(`${started} run failed with an internal error, please report: ${(error as Error).stack ?? String(error)}`);
}
