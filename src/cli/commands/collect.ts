import type { Command } from 'commander';
import { COLLECTORS, findCollector } from '../../collectors';
import { systemClock } from '../../collectors/clock';
import type { CollectOptions, SourceCollector } from '../../collectors/types';
import type { Config } from '../../config';
import { toExclusiveEnd, toIsoUtc } from '../../core/dates';
import { InternalError, PartialFailure, UpstreamError, UserError } from '../../errors';
import { openDatabase, toStorageError } from '../../store/database';
import type { Lease } from '../../store/leases';
import { collectSources, type SourceRunSummary } from '../collection';
import type { CommandContext } from '../context';
import { openEventLog } from '../event-log';
import { takeCollectionLease } from '../lease';
import { afterCollection } from '../after-collection';
import { collectThenAlert } from '../alerts';
import { NO_NEW_FLAGS, type NewFlags } from '../../alerts/facts';
import { ProgressLine } from '../progress';
import { HOUR_MS, parseDuration, parseOptionalCount } from '../flag-values';
import { plural } from '../../core/words';
import { createdDatabaseNote, willCreateDatabase } from '../new-database';

interface CollectFlags {
  source: string;
  since?: string;
  until?: string;
  maxPosts?: string;
  maxWait: string;
  wait?: boolean;
  json?: boolean;
}

export function registerCollect(program: Command, context: CommandContext): void {
  program
    .command('collect')
    .description('Bring new posts and page responses into the database from the configured sources')
    .option('--source <source>', `x, facebook or all (all skips a source that is not configured)`, 'all')
    .option('--since <date>', 'backfill from this date (YYYY-MM-DD or ISO 8601)')
    .option('--until <date>', 'backfill up to and including this date')
    .option('--max-posts <n>', 'stop after reading this many posts (caps paid reads)')
    .option('--max-wait <duration>', 'longest rate-limit wait before stopping cleanly (e.g. 90s, 15m)', '15m')
    .option('--wait', 'if another collection is running, wait for it instead of exiting')
    .option('--json', 'print the run summaries as JSON')
    .addHelpText(
      'after',
      `
Each page is saved with its cursor in one transaction: a run stopped part-way (killed, network
lost, rate limit beyond --max-wait, --max-posts reached) keeps what it saved, and the next run
fills the gap. Exit 0 all good, 1 an internal error (please report it), 3 the source failed, 4 one
of several sources failed, 5 another collection holds the lease (or took it over from this run,
which then stopped, its unsaved page rolled back).

After the run, an alert goes to ALERT_SMTP_URL/ALERT_TO and ALERT_WEBHOOK_URL when it raised new
safeguarding flags (their number and the inbox link, never a post), when a source failed, or when
one has not collected successfully for ALERT_STALE_HOURS. An alert that cannot be sent is said on
stderr and logged; the data is saved first and the exit code is the collection's.

Examples:
  $ onevision collect
  $ onevision collect --source x --max-posts 500
  $ onevision collect --source x --since 2017-03-01 --until 2017-09-30   (needs X_SEARCH=all)`,
    )
    .action(async (flags: CollectFlags, command: Command) => {
      const config = context.config(command);
      const options = parseCollectOptions(flags);
      refuseFutureSince(options, flags.since, systemClock.now());
      const { collectors, skipped } = chooseCollectors(flags.source, config);
      // Refused before the lease and the run records: a usage error is no failed run, alert or doctor warning.
      for (const collector of collectors) collector.checkOptions?.(config, options, systemClock.now());
      for (const skip of skipped) context.say(`${skip.source}: skipped: ${skip.reason}`);
      const creating = collectors.length > 0 && willCreateDatabase(config.dbPath);
      const { summaries, followUpError } = await withStopSignals(context, (signal) =>
        collectThenAlert(config, context, () => collectWithLease(config, collectors, options, { wait: Boolean(flags.wait), signal }, context)),
      );
      const all = [...skipped.map(skippedSummary), ...summaries];
      context.print(flags.json ? JSON.stringify(all.map(toJsonSummary), null, 2) : all.map(formatSummary).join('\n'));
      if (creating) context.say(createdDatabaseNote(config.dbPath));
      if (followUpError !== undefined) throw followUpError;
      throwForFailures(summaries);
    });
}

/** SIGINT and SIGTERM stop the work after the current page, so its transaction commits or rolls back whole. */
export async function withStopSignals<T>(context: CommandContext, work: (signal: AbortSignal) => Promise<T>, stopping = 'stopping after the current page (progress is saved)…'): Promise<T> {
  const controller = new AbortController();
  const stop = () => {
    context.say(stopping);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

export interface CollectionResult {
  readonly summaries: SourceRunSummary[];
  /**
   * A failure of what follows collection (classification, erasure), e.g. a full disk; or the lease lost
   * part-way, when nothing follows. The posts are saved and the run records are true; it is reported
   * after the summaries, and the next run retries it.
   */
  readonly followUpError: unknown;
  /** Safeguarding flags this run raised (counts only), for the alert. */
  readonly newFlags: NewFlags;
}

/** One collection of the given sources under the collection lease, then what follows it. Shared with `schedule` and `demo`. */
export async function collectWithLease(
  config: Config,
  collectors: readonly SourceCollector[],
  options: CollectOptions,
  lease: { wait: boolean; signal: AbortSignal },
  context: CommandContext,
): Promise<CollectionResult> {
  const db = openDatabase(config.dbPath, { bulk: true });
  try {
    const log = openEventLog({ dbPath: config.dbPath, secrets: config.secrets, now: () => systemClock.now(), say: (line) => context.say(line) });
    const warn = (message: string) => {
      context.say(`onevision: ${message}`);
      log.event('warn', 'lease.warning', { message });
    };
    const waiting = (holder: Lease) => context.say(`waiting for the collection lease (${holder.owner}, started ${holder.acquiredAt})…`);
    const held = await takeCollectionLease(db, systemClock, { ...lease, warn, waiting });
    try {
      const summaries = await collectSources({
        config,
        db,
        collectors,
        options,
        clock: systemClock,
        // Stops at the next page on SIGINT/SIGTERM, or when the lease is lost.
        signal: AbortSignal.any([lease.signal, held.signal]),
        command: 'collect',
        lease: held,
        progress: new ProgressLine(context.stderr, context.interactive),
        log,
      });
      // Without the lease, nothing more may be written: classification and erasure wait for the next run.
      const lost = held.lost();
      if (lost) return { summaries, followUpError: lost, newFlags: NO_NEW_FLAGS };
      try {
        const after = afterCollection(db, systemClock.now().toISOString(), (line) => context.say(line), log);
        return { summaries, followUpError: undefined, newFlags: after.newFlags };
      } catch (error) {
        return { summaries, followUpError: toStorageError(error) ?? error, newFlags: NO_NEW_FLAGS };
      }
    } finally {
      held.release();
    }
  } finally {
    db.close();
  }
}

export function parseCollectOptions(flags: Pick<CollectFlags, 'since' | 'until' | 'maxPosts' | 'maxWait'>): CollectOptions {
  const since = flags.since === undefined ? undefined : toIsoUtc(flags.since);
  if (flags.since !== undefined && since === undefined) throw new UserError(`--since "${flags.since}" is not a date`, 'Use YYYY-MM-DD or ISO 8601.');
  const until = flags.until === undefined ? undefined : toExclusiveEnd(flags.until);
  if (flags.until !== undefined && until === undefined) throw new UserError(`--until "${flags.until}" is not a date`, 'Use YYYY-MM-DD or ISO 8601.');
  if (since && until && since >= until) throw new UserError(`--since ${flags.since} is not before --until ${flags.until}`, 'Swap the dates.');
  const maxPosts = parseOptionalCount('--max-posts', flags.maxPosts, { min: 1, max: 10_000_000, example: '--max-posts 500' });
  const maxWaitMs = parseDuration('--max-wait', flags.maxWait, { minMs: 0, maxMs: 24 * HOUR_MS, label: '0s to 24h', example: '--max-wait 15m' });
  return { since, until, maxPosts, maxWaitMs };
}

/**
 * A --since after now is a mistyped year, not a window: X refuses a start_time in the future, which
 * would be a failed run, a COLLECTION FAILED alert and a doctor warning for a usage slip.
 */
function refuseFutureSince(options: CollectOptions, typed: string | undefined, now: Date): void {
  if (options.since === undefined || Date.parse(options.since) < now.getTime()) return;
  throw new UserError(`--since ${typed} is in the future: nothing has been posted after it yet`, 'Check the year, or leave out --since to collect what is new since the last run.');
}

export function chooseCollectors(requested: string, config: Config): { collectors: SourceCollector[]; skipped: Array<{ source: string; reason: string }> } {
  if (requested !== 'all') {
    const collector = findCollector(requested);
    if (!collector) throw new UserError(`unknown source "${requested}"`, `Use --source ${[...COLLECTORS.map((c) => c.source), 'all'].join(', ')}.`);
    const missing = collector.missingConfiguration(config);
    if (missing) throw new UserError(`${requested} is not configured: ${missing}`, 'See .env.example and the README\'s Configuration section.');
    return { collectors: [collector], skipped: [] };
  }
  const collectors: SourceCollector[] = [];
  const skipped: Array<{ source: string; reason: string }> = [];
  for (const collector of COLLECTORS) {
    const missing = collector.missingConfiguration(config);
    if (missing) skipped.push({ source: collector.source, reason: missing });
    else collectors.push(collector);
  }
  if (collectors.length === 0) {
    throw new UserError('no source is configured, so there is nothing to collect', 'Set X_BEARER_TOKEN and/or FB_PAGE_TOKEN (see .env.example), or try `onevision import FILE`.');
  }
  return { collectors, skipped };
}

function skippedSummary(skip: { source: string; reason: string }): SourceRunSummary {
  return { source: skip.source, outcome: 'skipped', reason: 'not-configured', message: skip.reason, run: null };
}

function toJsonSummary(summary: SourceRunSummary): Omit<SourceRunSummary, 'error'> {
  const { error: _error, ...rest } = summary;
  return rest;
}

function formatSummary(s: SourceRunSummary): string {
  if (s.outcome === 'skipped') return `${s.source}: skipped (${s.message})`;
  const r = s.run;
  const counts = r ? `${plural(r.pages, 'page')}, ${plural(r.requests, 'request')}, ${r.fetched} fetched, ${r.new} new, ${r.updated} updated, ${plural(r.waits, 'wait')}` : '';
  if (s.outcome === 'ok') return `${s.source}: ok: ${counts}`;
  if (s.outcome === 'stopped') return `${s.source}: stopped (${s.reason}): ${counts}. ${s.message}`;
  return `${s.source}: failed: ${counts}. ${s.message}`;
}

function throwForFailures(summaries: readonly SourceRunSummary[]): void {
  const failed = summaries.filter((s) => s.outcome === 'failed');
  // A bug is reported as one (exit 1), even when other sources did well.
  const bug = failed.find((s) => s.error instanceof InternalError);
  if (bug?.error) {
    const kept = summaries.filter((s) => s.outcome !== 'failed').map((s) => s.source);
    throw new InternalError(`${bug.error.message}${kept.length > 0 ? ` (${kept.join(', ')} collected and kept)` : ''}`, bug.error.hint);
  }
  if (failed.length === 0) {
    const interrupted = summaries.find((s) => s.reason === 'interrupted');
    if (interrupted) throw new UpstreamError('collection interrupted; what was saved stays and the next run carries on');
    return;
  }
  if (failed.length < summaries.length) {
    throw new PartialFailure(`${failed.map((s) => s.source).join(', ')} failed; the other sources' data was kept`, failed.map((s) => s.error?.hint).filter(Boolean).join(' '));
  }
  const [first] = failed;
  if (failed.length === 1 && first?.error) throw first.error;
  throw new UpstreamError(`every source failed: ${failed.map((s) => `${s.source}: ${s.message}`).join('; ')}`);
}
