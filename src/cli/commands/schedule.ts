import path from 'node:path';
import type { Command } from 'commander';
import cron from 'node-cron';
import type { Config } from '../../config';
import { BusyError, OnevisionError, UserError } from '../../errors';
import type { CommandContext } from '../context';
import { chooseCollectors, collectWithLease, parseCollectOptions, withStopSignals } from './collect';

interface ScheduleFlags {
  cron: string;
  tz: string;
  runNow?: boolean;
  maxWait: string;
}

export const DEFAULT_CRON = '0 2 * * *';
export const DEFAULT_TZ = 'Europe/London';

export function registerSchedule(program: Command, context: CommandContext): void {
  program
    .command('schedule')
    .description('Run collection (all configured sources) then classification on a schedule, until stopped')
    .option('--cron <expr>', 'when to run, as a cron expression (5 fields, or 6 with seconds)', DEFAULT_CRON)
    .option('--tz <zone>', 'time zone the expression is read in (so clock changes behave)', DEFAULT_TZ)
    .option('--run-now', 'also run once straight away')
    .option('--max-wait <duration>', 'longest rate-limit wait in each run', '15m')
    .addHelpText(
      'after',
      `
A long-running process (use a service manager such as systemd to keep it up). SIGINT or SIGTERM
stop it after the current page is saved. A tick that finds another collection running is
skipped. Prefer the system scheduler? See \`onevision cron-line\`.

Examples:
  $ onevision schedule                              every night at 02:00 UK time
  $ onevision schedule --cron "30 1 * * *" --run-now`,
    )
    .action(async (flags: ScheduleFlags, command: Command) => {
      const config = context.config(command);
      checkSchedule(flags);
      chooseCollectors('all', config); // fail now, not at 02:00, when nothing is configured
      const options = parseCollectOptions({ maxWait: flags.maxWait });
      await withStopSignals(context, (signal) => runSchedule(config, flags, options, signal, context));
    });
}

function checkSchedule(flags: ScheduleFlags): void {
  if (!cron.validate(flags.cron)) throw new UserError(`--cron "${flags.cron}" is not a cron expression`, 'E.g. --cron "0 2 * * *" for 02:00 every day.');
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: flags.tz });
  } catch {
    throw new UserError(`--tz "${flags.tz}" is not a time zone`, 'Use an IANA name such as Europe/London.');
  }
}

async function runSchedule(config: Config, flags: ScheduleFlags, options: ReturnType<typeof parseCollectOptions>, signal: AbortSignal, context: CommandContext): Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running || signal.aborted) return;
    running = runOnce(config, options, signal, context).finally(() => {
      running = undefined;
      if (!signal.aborted) context.say(`next run: ${task.getNextRun()?.toISOString() ?? 'none'}`);
    });
  };
  const task = cron.schedule(flags.cron, tick, { timezone: flags.tz, noOverlap: true, name: 'onevision-collect' });
  context.say(`onevision schedule: "${flags.cron}" (${flags.tz}), database ${path.relative(process.cwd(), config.dbPath) || config.dbPath}; next run ${task.getNextRun()?.toISOString() ?? 'none'}`);
  if (flags.runNow) tick();
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  await task.stop();
  await task.destroy();
  await running;
  context.say('onevision schedule: stopped');
}

/** One tick: collect every configured source (which classifies and erases as after-collection.ts says). A failure is reported, never fatal. */
async function runOnce(config: Config, options: ReturnType<typeof parseCollectOptions>, signal: AbortSignal, context: CommandContext): Promise<void> {
  const started = new Date().toISOString();
  try {
    const { collectors, skipped } = chooseCollectors('all', config);
    for (const skip of skipped) context.say(`${started} ${skip.source}: skipped: ${skip.reason}`);
    const { summaries, followUpError } = await collectWithLease(config, collectors, options, { wait: false, signal }, context);
    for (const s of summaries) context.say(`${started} ${s.source}: ${s.outcome}${s.message ? `: ${s.message}` : ''}${s.run ? ` (${s.run.new} new, ${s.run.updated} updated)` : ''}`);
    if (followUpError !== undefined) throw followUpError;
  } catch (error) {
    if (error instanceof BusyError) context.say(`${started} skipped this run: ${error.message}`);
    else if (error instanceof OnevisionError) context.say(`${started} run failed: ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
    else context.say(`${started} run failed with an internal error, please report: ${(error as Error).stack ?? String(error)}`);
  }
}
