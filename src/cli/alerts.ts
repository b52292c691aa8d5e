/**
 * Alerts after a collection, on `alert --check` and on `alert --test`: gathers the facts (the run's
 * new flags and failures, stale sources from the runs table), lets src/alerts say them, and sends
 * the message on every configured channel. Alerting never fails a collection: the data is saved
 * before an alert is tried, and a channel that fails is said on stderr and written to the event log.
 */
import fs from 'node:fs';
import { COLLECTORS } from '../collectors';
import type { Config } from '../config';
import { composeAlert, composeTestAlert, type AlertMessage } from '../alerts/compose';
import { NO_NEW_FLAGS, findStaleSources, toRunFailure, type NewFlags, type RunFailure, type StaleSource } from '../alerts/facts';
import { BusyError, LeaseLost, UpstreamError } from '../errors';
import { loadLastSuccessfulCollections } from '../store/alert-facts';
import { deliverAlert, hasAlertChannel, type ChannelResult } from './alert-channels';
import type { SourceRunSummary } from './collection';
import type { CommandContext } from './context';
import { openEventLog, type EventLog } from './event-log';
import { openForReading } from './read-database';

export interface FinishedCollection {
  readonly summaries: readonly SourceRunSummary[];
  readonly newFlags: NewFlags;
  /** Classification or erasure after the collection failed (the posts are saved). */
  readonly followUpError: unknown;
}

type AlertKind = 'collection' | 'check' | 'test';

/**
 * Runs a collection, then alerts on what it found. Its result, or its error, passes through
 * unchanged: a collection that another one is running instead of (busy) alerts nobody.
 */
export async function collectThenAlert<T extends FinishedCollection>(config: Config, context: CommandContext, collect: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await collect();
  } catch (error) {
    if (!isTakenOver(error)) await alertAfterCollection(config, context, { summaries: [], newFlags: NO_NEW_FLAGS, followUpError: undefined }, error);
    throw error;
  }
  await alertAfterCollection(config, context, result);
  return result;
}

/** Never throws: whatever goes wrong here is said and logged, and the collection's outcome stands. */
export async function alertAfterCollection(config: Config, context: CommandContext, run: FinishedCollection, thrown?: unknown): Promise<void> {
  const log = openAlertLog(config, context);
  try {
    const now = context.now();
    const facts = { newFlags: run.newFlags, failures: collectionFailures(run, thrown, config), stale: staleAfterRun(config, now, log), staleHours: config.alerts.staleHours };
    const message = composeAlert(facts, { deskUrl: config.alerts.deskUrl, at: now });
    if (message !== null) await send(message, 'collection', config, context, log);
  } catch (error) {
    context.say(`onevision: internal error while alerting, please report it: ${(error as Error).message ?? String(error)} (the collection's data is saved)`);
    log.event('error', 'alert.failed', { kind: 'collection', error: (error as Error).stack ?? String(error) });
  }
}

export interface SourceFreshness {
  readonly source: string;
  readonly lastSuccessAt: string | null;
  readonly hoursSince: number | null;
  readonly stale: boolean;
}

export interface StaleCheck {
  readonly staleHours: number;
  readonly sources: readonly SourceFreshness[];
  /** The stale alert's subject, or null when nothing is stale (and nothing was sent). */
  readonly alert: string | null;
  readonly channels: readonly ChannelResult[];
}

/** `alert --check`: is any configured source's last successful collection older than ALERT_STALE_HOURS? Alerts when so. */
export async function checkStaleRuns(config: Config, context: CommandContext, sources: readonly string[]): Promise<StaleCheck> {
  const log = openAlertLog(config, context);
  const now = context.now();
  const lastSuccess = loadLastSuccesses(config.dbPath);
  const stale = findStaleSources(sources, lastSuccess, now, config.alerts.staleHours);
  const freshness = sources.map((source) => toFreshness(source, lastSuccess.get(source) ?? null, stale, now));
  const message = composeAlert({ newFlags: NO_NEW_FLAGS, failures: [], stale, staleHours: config.alerts.staleHours }, { deskUrl: config.alerts.deskUrl, at: now });
  const channels = message === null ? [] : await send(message, 'check', config, context, log);
  return { staleHours: config.alerts.staleHours, sources: freshness, alert: message?.subject ?? null, channels };
}

/** `alert --test`: the test message on every configured channel. */
export async function sendTestAlert(config: Config, context: CommandContext): Promise<ChannelResult[]> {
  const log = openAlertLog(config, context);
  return send(composeTestAlert({ deskUrl: config.alerts.deskUrl, at: context.now() }), 'test', config, context, log);
}

/** The sources that are configured, so expected to collect: the ones staleness is judged for. */
export function configuredSources(config: Config): string[] {
  return COLLECTORS.filter((collector) => !collector.missingConfiguration(config)).map((collector) => collector.source);
}

async function send(message: AlertMessage, kind: AlertKind, config: Config, context: CommandContext, log: EventLog): Promise<ChannelResult[]> {
  if (!hasAlertChannel(config.alerts)) {
    log.event('info', 'alert.not-configured', { kind, subject: message.subject });
    return [];
  }
  const results = await deliverAlert(message, config.alerts, config.secrets);
  for (const result of results) {
    log.event(result.sent ? 'info' : 'error', result.sent ? 'alert.sent' : 'alert.failed', { kind, channel: result.channel, target: result.target, subject: message.subject, error: result.error });
    if (!result.sent) context.say(`onevision: the alert was not sent (${result.target}): ${result.error}${kind === 'collection' ? " (the collection's data is saved; `onevision alert --test` tries the channels again)" : ''}`);
  }
  const sent = results.filter((r) => r.sent).map((r) => r.channel);
  if (sent.length > 0 && kind !== 'test') context.say(`alert sent (${sent.join(', ')}): ${message.subject}`);
  return results;
}

function collectionFailures(run: FinishedCollection, thrown: unknown, config: Config): RunFailure[] {
  const failures = run.summaries
    .filter((summary) => summary.outcome === 'failed')
    .map((summary) => toRunFailure(summary.source, summary.error ?? new UpstreamError(summary.message ?? 'the run failed'), config.secrets));
  if (run.followUpError !== undefined && !isTakenOver(run.followUpError)) failures.push(toRunFailure('classification after collection', run.followUpError, config.secrets));
  if (thrown !== undefined) failures.push(toRunFailure('collection', thrown, config.secrets));
  return failures;
}

/** Another collection holds the lease or took it over: it is running, so this is no failure to alert on. */
function isTakenOver(error: unknown): boolean {
  return error instanceof BusyError || error instanceof LeaseLost;
}

/** After a run, a source that failed again (or another configured one) may have gone stale; unknown when the database cannot be read. */
function staleAfterRun(config: Config, now: Date, log: EventLog): StaleSource[] {
  try {
    return findStaleSources(configuredSources(config), loadLastSuccesses(config.dbPath), now, config.alerts.staleHours);
  } catch (error) {
    log.event('warn', 'alert.stale-unknown', { error: (error as Error).message });
    return [];
  }
}

function loadLastSuccesses(dbPath: string): Map<string, string> {
  if (!fs.existsSync(dbPath)) return new Map();
  const db = openForReading(dbPath);
  try {
    return loadLastSuccessfulCollections(db);
  } finally {
    db.close();
  }
}

function toFreshness(source: string, lastSuccessAt: string | null, stale: readonly StaleSource[], now: Date): SourceFreshness {
  const hoursSince = lastSuccessAt === null ? null : Math.floor((now.getTime() - Date.parse(lastSuccessAt)) / 3_600_000);
  return { source, lastSuccessAt, hoursSince, stale: stale.some((s) => s.source === source) };
}

function openAlertLog(config: Config, context: CommandContext): EventLog {
  return openEventLog({ dbPath: config.dbPath, secrets: config.secrets, now: () => context.now(), say: (line) => context.say(line) });
}
