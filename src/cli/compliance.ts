/**
 * One X batch compliance run, shared by `onevision compliance` and the weekly tick of `schedule`:
 * gather (the job's results from X), decide (what each result asks of the posts we hold), write
 * (drop geo, erase, forget the finished job). It holds the collection lease throughout, so it never
 * runs while a collection writes; a dry run writes nothing and so takes no lease.
 */
import { systemClock } from '../collectors/clock';
import type { Clock } from '../collectors/types';
import { createXClient } from '../collectors/x/client';
import { runComplianceJob, type ComplianceOutcome, type ComplianceProgress } from '../collectors/x/compliance';
import { toCompliancePlan, withoutGeo, type CompliancePlan, type XComplianceJob } from '../collectors/x/compliance-results';
import { missingXConfiguration } from '../collectors/x/configured';
import type { Config } from '../config';
import { parseRawJson, stringifyRawJson } from '../core/raw-json';
import { UpstreamError, UserError } from '../errors';
import { loadComplianceJobState, loadXPostIds, loadXPostsByIds, loadXRawsMentioning, saveComplianceJobState, saveScrubbedRaws, type RawRow } from '../store/compliance';
import { openDatabase, type Db } from '../store/database';
import { loadEchoesOf, loadExportsContaining, wipeFreedPages, type ExportFileRow } from '../store/erasure';
import { recordAudit } from './audit-trail';
import type { CommandContext } from './context';
import { carryOutErasure } from './erasure';
import { openEventLog, type EventLog } from './event-log';
import { takeCollectionLease } from './lease';
import { ProgressLine } from './progress';

export interface ComplianceOptions {
  readonly dryRun: boolean;
  /** Longest wait for X to finish the job (or for a rate limit) before leaving it to the next run. */
  readonly maxWaitMs: number;
  /** Queue behind a running collection instead of exiting 5. */
  readonly wait: boolean;
}

export interface ComplianceReport {
  readonly dryRun: boolean;
  /** complete: results applied (or, dry, shown); pending: X not done or the run stopped, job saved; nothing-to-check: no X posts. */
  readonly status: 'complete' | 'pending' | 'nothing-to-check';
  readonly job: { readonly id: string; readonly status: string; readonly createdAt: string } | null;
  /** Ids uploaded to the job, when known. */
  readonly checked: number | null;
  /** The erasure's number in the ledger (`onevision audit`), when anything was erased. */
  readonly erasure: number | null;
  /** The posts X named, as x:ID, by the reason X gave. */
  readonly erased: Readonly<Record<string, readonly string[]>>;
  /** Posts erased in all: those X named, and retweets and quotes of them. */
  readonly erasedPosts: number;
  /** Retweets and quotes of those posts, erased with them. */
  readonly echoes: readonly string[];
  /** Posts whose geo data was dropped (they stay). */
  readonly geoScrubbed: readonly string[];
  /** Posts X says were edited since; left as they are. */
  readonly edited: readonly string[];
  /** Result lines onevision did not understand or X could not read; nothing was done for them. */
  readonly notUnderstood: number;
  /** Export and report files that had held erased posts, to recall. */
  readonly exports: readonly ExportFileRow[];
  readonly message: string | null;
  /** Set when the rows are gone but the freed bytes are not yet wiped from the file. */
  readonly problem: string | null;
}

interface JobState {
  readonly version: 1;
  /** The job under way, to resume; null when none is. */
  readonly job: { readonly id: string; readonly createdAt: string; readonly ids: number } | null;
  /** The last job whose results were applied. */
  readonly last: { readonly id: string; readonly appliedAt: string; readonly erased: number; readonly geoScrubbed: number } | null;
}

const RETRY_POLICY = { retryBaseMs: 1_000, maxAttempts: 4 };

export async function runCompliance(config: Config, options: ComplianceOptions, signal: AbortSignal, context: CommandContext, clock: Clock = systemClock): Promise<ComplianceReport> {
  const missing = missingXConfiguration(config);
  if (missing) throw new UserError(`X is not configured: ${missing}`, 'Batch compliance needs the app-only bearer token: set X_BEARER_TOKEN (see the README, Getting a bearer token).');
  const db = openDatabase(config.dbPath, { mustExist: true });
  try {
    const held = options.dryRun ? undefined : await takeCollectionLease(db, clock, { wait: options.wait, signal, warn: (line) => context.say(line) });
    try {
      const log = openEventLog({ dbPath: config.dbPath, secrets: config.secrets, now: () => clock.now(), say: (line) => context.say(line) });
      const state = toJobState(loadComplianceJobState(db));
      const runSignal = held ? AbortSignal.any([signal, held.signal]) : signal;
      const outcome = await gather(db, config, options, state, runSignal, context, clock);
      const lost = held?.lost();
      if (lost) throw lost;
      return await settle(db, outcome, state, { options, dbFile: config.dbPath, clock, signal: runSignal, log, confirmLease: () => held?.confirm() });
    } finally {
      held?.release();
    }
  } finally {
    db.close();
  }
}

async function gather(db: Db, config: Config, options: ComplianceOptions, state: JobState, signal: AbortSignal, context: CommandContext, clock: Clock): Promise<ComplianceOutcome> {
  const progress = new ProgressLine(context.stderr, context.interactive);
  const report = (event: ComplianceProgress) => {
    if (event.type === 'step') progress.update('x compliance', event.text);
    else if (event.type === 'warning') progress.note(`x compliance: ${event.message}`);
    else if (event.type === 'retry') progress.update('x compliance', `retrying (${event.attempt}): ${event.reason}`);
    else if (event.type === 'wait') progress.update('x compliance', `waiting ${Math.round(event.seconds)}s (${event.reason})`);
  };
  try {
    return await runComplianceJob(
      createXClient(config.x, { timeoutMs: 30_000 }),
      {
        savedJobId: state.job?.id ?? null,
        loadIds: () => loadXPostIds(db),
        saveJob: (job, ids) => {
          if (!options.dryRun) saveComplianceJobState(db, { ...state, job: { id: job.id, createdAt: job.created_at, ids } }, clock.now().toISOString());
        },
      },
      { clock, signal, maxWaitMs: options.maxWaitMs, policy: RETRY_POLICY, report },
    );
  } finally {
    progress.done('x compliance');
  }
}

async function settle(db: Db, outcome: ComplianceOutcome, state: JobState, run: RunParts): Promise<ComplianceReport> {
  const { options } = run;
  const empty = { dryRun: options.dryRun, checked: null, erasure: null, erased: {}, erasedPosts: 0, echoes: [], geoScrubbed: [], edited: [], notUnderstood: 0, exports: [], message: null, problem: null };
  switch (outcome.kind) {
    case 'nothing':
      return { ...empty, status: 'nothing-to-check', job: null, message: 'no X posts are stored, so there is nothing to check' };
    case 'pending':
      if (outcome.stop.reason === 'interrupted') throw new UpstreamError(`compliance ${outcome.stop.message}`);
      return { ...empty, status: 'pending', job: outcome.job && toJobSummary(outcome.job), checked: state.job?.ids ?? null, message: outcome.stop.message };
    case 'ended': {
      if (!options.dryRun) saveComplianceJobState(db, { ...state, job: null }, run.clock.now().toISOString());
      run.log.event('warn', 'compliance.job-ended', { job: outcome.job.id, status: outcome.status });
      throw new UpstreamError(
        `X says compliance job ${outcome.job.id} ${outcome.status === 'failed' ? 'failed' : 'expired'}${outcome.job.error ? ` (${outcome.job.error})` : ''}; nothing was erased`,
        'Run `onevision compliance` again to start a new job (the weekly schedule does so by itself).',
      );
    }
    case 'complete': {
      const plan = toCompliancePlan(outcome.results.events, new Set(loadXPostIds(db)));
      const applied = options.dryRun ? preview(db, plan) : await apply(db, plan, outcome.job, state, run);
      return {
        ...empty,
        ...applied,
        status: 'complete',
        job: toJobSummary(outcome.job),
        checked: outcome.uploaded ?? state.job?.ids ?? null,
        erased: Object.fromEntries([...plan.erase.entries()].map(([reason, ids]) => [reason, ids.map(toRef)])),
        geoScrubbed: plan.scrubGeo.map(toRef),
        edited: plan.edited.map(toRef),
        notUnderstood: plan.unknown.length + outcome.results.unreadable,
      };
    }
  }
}

interface RunParts {
  readonly options: ComplianceOptions;
  readonly dbFile: string;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly log: EventLog;
  /** Before each write: renews the collection lease, or throws LeaseLost. */
  readonly confirmLease: () => void;
}

type Applied = Pick<ComplianceReport, 'erasure' | 'erasedPosts' | 'echoes' | 'exports' | 'problem'>;

function preview(db: Db, plan: CompliancePlan): Applied {
  const targets = loadXPostsByIds(db, [...plan.erase.values()].flat());
  const named = new Set(targets.map((t) => t.postId));
  const echoes = loadEchoesOf(db, targets).filter((e) => !named.has(e.postId));
  const exports = loadExportsContaining(db, [...named, ...echoes.map((e) => e.postId)]);
  return { erasure: null, erasedPosts: targets.length + echoes.length, echoes: echoes.map((e) => `${e.source}:${e.sourceId}`), exports, problem: null };
}

/**
 * Geo first (one transaction), then the erasure as every erasure is carried out (ledger, retweets and
 * quotes of the posts with them, copies in other rows scrubbed, file wiped and checked), then the job
 * is forgotten. Stopped anywhere, the next run resumes the same job and applies its results again,
 * which changes nothing that is already done.
 */
async function apply(db: Db, plan: CompliancePlan, job: XComplianceJob, state: JobState, run: RunParts): Promise<Applied> {
  const now = () => run.clock.now().toISOString();
  const targets = loadXPostsByIds(db, [...plan.erase.values()].flat());
  const erasing = new Set(targets.map((t) => t.postId));
  const geoRows = toGeoScrubbed(loadXRawsMentioning(db, plan.scrubGeo), plan).filter((row) => !erasing.has(row.postId));
  run.confirmLease();
  saveScrubbedRaws(db, geoRows, now());
  run.confirmLease();
  let applied: Applied = { erasure: null, erasedPosts: 0, echoes: [], exports: [], problem: null };
  if (targets.length > 0) {
    const audit = { action: 'compliance-erasure', at: run.clock.now(), details: { job: job.id } };
    const outcome = await carryOutErasure(db, { reason: 'x-compliance', requestedBy: null, targets, authors: [], blockFuture: false, audit, lease: { confirm: run.confirmLease } }, { dbFile: run.dbFile, clock: run.clock, waitMs: 30_000, signal: run.signal });
    const named = new Set(targets.map((t) => `${t.source}:${t.sourceId}`));
    applied = { erasure: outcome.erasureId, erasedPosts: outcome.posts, echoes: outcome.postRefs.filter((ref) => !named.has(ref)), exports: [...outcome.recall], problem: outcome.problem };
  } else if (geoRows.length > 0) {
    applied = { ...applied, problem: wipeFreedPages(db, 10_000).problem };
  }
  saveComplianceJobState(db, { version: 1, job: null, last: { id: job.id, appliedAt: now(), erased: applied.erasedPosts, geoScrubbed: plan.scrubGeo.length } }, now());
  const counts = Object.fromEntries([...plan.erase.entries()].map(([reason, ids]) => [reason, ids.length]));
  const details = { job: job.id, erasure: applied.erasure, erased: counts, echoes: applied.echoes.length, geoScrubbed: plan.scrubGeo.length, wiped: applied.problem === null };
  recordAudit(db, run.clock.now(), { action: 'compliance', subject: `x compliance job ${job.id}`, details });
  run.log.event('info', 'compliance.applied', { ...details, exportsToRecall: applied.exports.map((e) => e.path) });
  return applied;
}

/** The stored raw JSON that changes when the named posts' geo goes, every other number in it kept as written. */
function toGeoScrubbed(rows: readonly RawRow[], plan: CompliancePlan): RawRow[] {
  const ids = new Set(plan.scrubGeo);
  const changed: RawRow[] = [];
  for (const row of rows) {
    let raw: unknown;
    try {
      raw = parseRawJson(row.raw);
    } catch {
      continue; // not JSON: nothing we could find geo in
    }
    const scrubbed = withoutGeo(raw, ids);
    if (scrubbed !== undefined) changed.push({ postId: row.postId, raw: stringifyRawJson(scrubbed) });
  }
  return changed;
}

function toRef(id: string): string {
  return `x:${id}`;
}

function toJobSummary(job: XComplianceJob): { id: string; status: string; createdAt: string } {
  return { id: job.id, status: job.status, createdAt: job.created_at };
}

function toJobState(saved: unknown): JobState {
  const value = (saved ?? {}) as Partial<JobState>;
  const job = value.job && typeof value.job.id === 'string' ? value.job : null;
  return { version: 1, job, last: value.last ?? null };
}
