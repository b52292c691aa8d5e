/**
 * Runs collectors against the store: one run record per source, each page's posts, cursor and
 * counters saved in one transaction, so a kill at any moment leaves the database consistent and the
 * next run carries on from the last saved page. Shared by `collect` and `schedule`.
 */
import type { Config } from '../config';
import type { Clock, CollectEvent, CollectOptions, CollectedPage, SourceCollector } from '../collectors/types';
import { InternalError, LeaseLost, OnevisionError } from '../errors';
import { redact } from '../core/secret';
import { toStorageError, type Db } from '../store/database';
import { loadCursor, saveCursor } from '../store/cursors';
import { markConversationDeleted, markMissingDeleted } from '../store/deletions';
import { savePosts } from '../store/posts';
import { addToRun, closeAbandonedRuns, finishRun, loadRun, startRun, type RunRecord } from '../store/runs';
import type { EventLog } from './event-log';
import type { HeldLease } from './lease';
import { ProgressLine } from './progress';
import { plural } from '../core/words';

export interface SourceRunSummary {
  source: string;
  outcome: 'ok' | 'stopped' | 'failed' | 'skipped';
  reason: string | null;
  message: string | null;
  run: RunRecord | null;
  /** The failure, for the exit code; not serialised. */
  error?: OnevisionError | undefined;
}

export interface CollectionRequest {
  readonly config: Config;
  readonly db: Db;
  readonly collectors: readonly SourceCollector[];
  readonly options: CollectOptions;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly command: string;
  /** The collection lease: confirmed inside every page's transaction, so a page is saved only while it is held. */
  readonly lease?: Pick<HeldLease, 'confirm' | 'lost'>;
  readonly progress: ProgressLine;
  readonly log: EventLog;
}

export async function collectSources(request: CollectionRequest): Promise<SourceRunSummary[]> {
  const summaries: SourceRunSummary[] = [];
  for (const collector of request.collectors) {
    if (request.signal.aborted) break;
    summaries.push(await collectOne(collector, request));
  }
  return summaries;
}

async function collectOne(collector: SourceCollector, request: CollectionRequest): Promise<SourceRunSummary> {
  const { db, clock, config } = request;
  const source = collector.source;
  const now = () => clock.now().toISOString();
  closeAbandonedRuns(db, source, now());
  const runId = startRun(db, source, request.command, now());
  const log = request.log.forRun(runId);
  log.event('info', 'run.start', { source, command: request.command, options: request.options });
  let pages = 0;
  let posts = 0;
  request.progress.start(source);

  const savePage = (page: CollectedPage) =>
    db.transaction(() => {
      // First, so the write lock is taken before anything is decided; throws LeaseLost and the page rolls back.
      request.lease?.confirm();
      const counts = savePosts(db, page.posts, now());
      for (const conversation of page.completeConversations ?? []) markMissingDeleted(db, source, conversation, now());
      for (const conversationId of page.goneConversations ?? []) markConversationDeleted(db, source, conversationId, now());
      saveCursor(db, source, page.cursor, now());
      addToRun(db, runId, { pages: 1, requests: page.requests, fetched: page.posts.length, new: counts.new, updated: counts.updated });
      pages += 1;
      posts += page.posts.length;
      return counts;
    }).immediate();

  const report = (event: CollectEvent) => {
    log.event(event.type === 'warning' ? 'warn' : 'info', `collect.${event.type}`, { source, ...event });
    if (event.type === 'wait') addToRun(db, runId, { waits: 1, waitSeconds: event.seconds });
    if (event.type === 'requests') addToRun(db, runId, { requests: event.count });
    if (event.type === 'page') request.progress.update(source, `${plural(pages, 'page')}, ${plural(posts, 'post')}`);
    if (event.type === 'wait') request.progress.update(source, `${plural(pages, 'page')}, ${plural(posts, 'post')}, waiting ${Math.round(event.seconds)}s (${event.reason})`);
    if (event.type === 'retry') request.progress.update(source, `${plural(pages, 'page')}, ${plural(posts, 'post')}, retry ${event.attempt}: ${event.reason}`);
    if (event.type === 'warning') request.progress.note(`${source}: ${redact(event.message, config.secrets)}`);
  };

  // The database may be what failed (locked, full): the record is attempted, and the next run's
  // closeAbandonedRuns tells the truth if it could not be written.
  const recordEnd = (outcome: 'stopped' | 'failed', message: string, details: unknown) => {
    try {
      finishRun(db, runId, outcome, now(), message, details);
    } catch (error) {
      log.event('error', 'run.unrecorded', { source, outcome, error: redact((error as Error).message, config.secrets) });
    }
  };
  const stopForLostLease = (lost: LeaseLost): SourceRunSummary => {
    log.event('warn', 'run.end', { source, outcome: 'stopped', reason: 'lease-lost', message: lost.message });
    recordEnd('stopped', lost.message, { reason: 'lease-lost', hint: lost.hint });
    return { source, outcome: 'stopped', reason: 'lease-lost', message: lost.message, run: loadRun(db, runId), error: lost };
  };

  try {
    const result = await collector.collect(config, {
      cursor: loadCursor(db, source),
      options: request.options,
      clock,
      signal: request.signal,
      savePage: (page) => {
        const counts = savePage(page);
        report({ type: 'page', pages, posts });
        return counts;
      },
      report,
    });
    const lost = request.lease?.lost();
    // A run that ends early because its lease went (the signal aborted it) stops for that reason.
    if (lost && result.outcome === 'stopped') return stopForLostLease(lost);
    log.event('info', 'run.end', { source, outcome: result.outcome, ...(result.outcome === 'stopped' ? { reason: result.reason, message: result.message } : {}) });
    if (result.outcome === 'ok') {
      finishRun(db, runId, 'ok', now(), null);
      return { source, outcome: 'ok', reason: null, message: null, run: loadRun(db, runId) };
    }
    finishRun(db, runId, 'stopped', now(), result.message, { reason: result.reason });
    return { source, outcome: 'stopped', reason: result.reason, message: result.message, run: loadRun(db, runId) };
  } catch (error) {
    if (error instanceof LeaseLost) return stopForLostLease(error);
    // A full or read-only disk is the environment's, not the API's: say so, with what to do. Anything
    // else that is not one of our errors is a bug, whatever the collector was doing.
    const storage = error instanceof OnevisionError ? undefined : toStorageError(error);
    const failure = error instanceof OnevisionError ? error : (storage ?? toInternalError(source, error));
    const message = redact(failure.message, config.secrets);
    const internal = failure instanceof InternalError;
    log.event('error', 'run.end', { source, outcome: 'failed', error: message, hint: failure.hint ?? null, internal, ...(internal && error instanceof Error ? { stack: error.stack ?? null } : {}) });
    recordEnd('failed', message, failure.hint ? { hint: failure.hint } : undefined);
    return { source, outcome: 'failed', reason: null, message, run: loadRun(db, runId), error: failure };
  } finally {
    request.progress.done(source);
  }
}

function toInternalError(source: string, error: unknown): InternalError {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new InternalError(
    `${source}: internal error, please report it: ${what}`,
    `This is a bug in onevision, not a failure of ${source}: please report it with the stack trace logged with this run (logs/onevision.log beside the database, event run.end). What was saved stays.`,
  );
}
