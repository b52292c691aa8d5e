/**
 * X batch compliance, the network half: create a `tweets` job (or resume the one an earlier run
 * saved), upload the ids, poll until X has finished, download the results. It never touches the
 * store: the command hands it the ids and a `saveJob` callback, which keeps the job id before
 * anything is uploaded, so a run stopped anywhere resumes the same job instead of making another
 * (X allows one active job per type).
 */
import { ApiResponseError } from 'twitter-api-v2';
import { UpstreamError } from '../../errors';
import type { Clock, CollectEvent } from '../types';
import type { XClient, XResponse } from './client';
import { isComplianceJob, parseComplianceResults, type ParsedResults, type XComplianceJob } from './compliance-results';
import { PORTAL } from './failures';
import { fetchWithRetries, type RequestContext, type RetryPolicy } from './request';
import { plural } from '../../core/words';

export type ComplianceProgress = CollectEvent | { readonly type: 'step'; readonly text: string };

export interface ComplianceContext {
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Longest wait for X to finish the job (and for a rate limit) before leaving the job to the next run. */
  readonly maxWaitMs: number;
  readonly policy: RetryPolicy;
  report(event: ComplianceProgress): void;
}

export interface ComplianceJobInput {
  /** The job an earlier run created and saved, to resume; null to start one. */
  readonly savedJobId: string | null;
  /** The ids to check; read only when a job needs them. */
  loadIds(): readonly string[];
  /** Called as soon as a new job exists, before anything is uploaded. */
  saveJob(job: XComplianceJob, ids: number): void;
}

export type ComplianceOutcome =
  /** No ids to check: no job was created. */
  | { readonly kind: 'nothing' }
  | { readonly kind: 'complete'; readonly job: XComplianceJob; readonly results: ParsedResults; readonly uploaded: number | null }
  /** X is not done, or the run was stopped: the saved job carries on next time. */
  | { readonly kind: 'pending'; readonly job: XComplianceJob | null; readonly stop: PendingStop }
  | { readonly kind: 'ended'; readonly job: XComplianceJob; readonly status: 'failed' | 'expired' };

export interface PendingStop {
  /** interrupted (SIGINT, SIGTERM); rate-limit beyond --max-wait; busy: X still working after --max-wait. */
  readonly reason: 'interrupted' | 'rate-limit' | 'busy';
  readonly message: string;
}

/** Polls start quick (small jobs finish in seconds) and slow down to X's suggested pace. */
const FIRST_POLL_MS = 1_000;
const MAX_POLL_MS = 30_000;

export async function runComplianceJob(client: XClient, input: ComplianceJobInput, context: ComplianceContext): Promise<ComplianceOutcome> {
  const steps = new JobSteps(client, context);
  try {
    let job = input.savedJobId === null ? undefined : await steps.resume(input.savedJobId);
    let ids: readonly string[] | undefined;
    let uploaded: number | null = null;
    if (job === undefined) {
      ids = input.loadIds();
      if (ids.length === 0) return { kind: 'nothing' };
      job = await steps.create();
      input.saveJob(job, ids.length);
    }
    if (job.status === 'created') {
      ids ??= input.loadIds();
      await steps.upload(job, ids);
      uploaded = ids.length;
    }
    job = await steps.waitUntilDone(job);
    if (job.status === 'failed' || job.status === 'expired') return { kind: 'ended', job, status: job.status };
    return { kind: 'complete', job, results: await steps.download(job), uploaded };
  } catch (error) {
    if (error instanceof Stopped) return { kind: 'pending', job: error.job, stop: error.stop };
    throw error;
  }
}

/** A clean stop (interrupted, rate limit or X still busy beyond --max-wait), carried to the top. */
class Stopped extends Error {
  constructor(
    readonly stop: PendingStop,
    readonly job: XComplianceJob | null,
  ) {
    super(stop.message);
  }
}

/** X no longer knows a saved job (404). */
class JobGone extends UpstreamError {}

/** X already has an active tweets job (409). */
class ActiveJob extends UpstreamError {}

/** Every job onevision creates is named so; an active one it did not keep can be taken up again. */
const JOB_NAME_PREFIX = 'onevision';

class JobSteps {
  constructor(
    private readonly client: XClient,
    private readonly context: ComplianceContext,
  ) {}

  /** The saved job as X sees it now; undefined when it is gone or can no longer take the upload. */
  async resume(id: string): Promise<XComplianceJob | undefined> {
    let job: XComplianceJob;
    try {
      job = await this.fetchJob(id, null);
    } catch (error) {
      if (!(error instanceof JobGone)) throw error;
      this.context.report({ type: 'warning', message: `X no longer knows compliance job ${id}; starting a new one` });
      return undefined;
    }
    if (job.status === 'created' && Date.parse(job.upload_expires_at) <= this.context.clock.now().getTime()) {
      this.context.report({ type: 'warning', message: `compliance job ${id} was never uploaded to and its upload window has closed; starting a new one` });
      return undefined;
    }
    this.context.report({ type: 'step', text: `resuming job ${id} (${job.status})` });
    return job;
  }

  /**
   * A new job; or, when X already has an active one that onevision made but did not keep (a dry run, or
   * a run killed between X's answer and saving it), that one.
   */
  async create(): Promise<XComplianceJob> {
    this.context.report({ type: 'step', text: 'creating a job' });
    const name = `${JOB_NAME_PREFIX}-${this.context.clock.now().toISOString().slice(0, 10)}`;
    try {
      return toJob((await this.call('compliance/jobs', null, () => this.client.createComplianceJob(name))).data);
    } catch (error) {
      if (!(error instanceof ActiveJob)) throw error;
      const active = await this.findActive();
      if (!active) throw error;
      this.context.report({ type: 'warning', message: `X already had compliance job ${active.id} (${active.status}) from an earlier run; carrying on with it` });
      return active;
    }
  }

  private async findActive(): Promise<XComplianceJob | undefined> {
    const listed = (await this.call('compliance/jobs', null, () => this.client.fetchComplianceJobs())).data.data ?? [];
    return listed
      .filter(isComplianceJob)
      .filter((job) => (job.status === 'in_progress' || job.status === 'created') && job.name?.startsWith(JOB_NAME_PREFIX))
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
  }

  async upload(job: XComplianceJob, ids: readonly string[]): Promise<void> {
    this.context.report({ type: 'step', text: `job ${job.id}: uploading ${plural(ids.length, 'id')}` });
    await this.call('upload', job, () => this.client.uploadComplianceIds(job.upload_url, ids));
  }

  async waitUntilDone(start: XComplianceJob): Promise<XComplianceJob> {
    const { clock, signal, maxWaitMs } = this.context;
    const deadline = clock.now().getTime() + maxWaitMs;
    let job = start;
    let delay = FIRST_POLL_MS;
    while (job.status === 'created' || job.status === 'in_progress') {
      if (clock.now().getTime() + delay > deadline) {
        throw new Stopped({ reason: 'busy', message: `X is still working on compliance job ${job.id} (${job.status}) after --max-wait; the next run carries on with it.` }, job);
      }
      this.context.report({ type: 'step', text: `job ${job.id}: ${job.status.replace('_', ' ')}, asking again in ${Math.round(delay / 1000)}s` });
      await clock.sleep(delay, signal);
      if (signal.aborted) throw new Stopped(interrupted(job), job);
      job = await this.fetchJob(job.id, job);
      delay = Math.min(delay * 2, MAX_POLL_MS);
    }
    return job;
  }

  async download(job: XComplianceJob): Promise<ParsedResults> {
    this.context.report({ type: 'step', text: `job ${job.id}: downloading the results` });
    const response = await this.call('download', job, () => this.client.fetchComplianceResults(job.download_url));
    return parseComplianceResults(typeof response.data === 'string' ? response.data : '');
  }

  private async fetchJob(id: string, known: XComplianceJob | null): Promise<XComplianceJob> {
    return toJob((await this.call('compliance/jobs/:id', known, () => this.client.fetchComplianceJob(id))).data);
  }

  /** One request with the X collector's retries and rate-limit waits; a stop becomes `Stopped`. */
  private async call<T>(step: Step, job: XComplianceJob | null, fetch: () => Promise<XResponse<T>>): Promise<XResponse<T>> {
    const requestContext: RequestContext = { ...this.context, endpoint: step, command: 'compliance', report: (event) => this.context.report(event) };
    const fetched = await fetchWithRetries(() => explainRefusals(step, job, fetch), requestContext);
    if (!fetched.ok) throw new Stopped(fetched.stop.reason === 'interrupted' ? interrupted(job) : { reason: 'rate-limit', message: fetched.stop.message }, job);
    return fetched.response;
  }
}

type Step = 'compliance/jobs' | 'compliance/jobs/:id' | 'upload' | 'download';

/**
 * The refusals whose meaning is particular to compliance, said in its words; everything else (401,
 * 429, 5xx, network) is left to the X collector's classification and retries.
 */
async function explainRefusals<T>(step: Step, job: XComplianceJob | null, fetch: () => Promise<XResponse<T>>): Promise<XResponse<T>> {
  try {
    return await fetch();
  } catch (error) {
    if (!(error instanceof ApiResponseError)) throw error;
    const code = error.code;
    if (step === 'upload' || step === 'download') {
      if (code >= 400 && code < 500 && code !== 429) {
        throw new UpstreamError(
          `X's ${step} URL for compliance job ${job?.id ?? '?'} was refused (${code})${step === 'upload' ? '; upload URLs last 15 minutes' : '; download URLs last 7 days'}`,
          'Nothing was erased. Run `onevision compliance` again: it asks X about the job and starts a new one if this one can no longer be used.',
        );
      }
      throw error;
    }
    if (code === 403) {
      throw new UpstreamError(
        `X_BEARER_TOKEN may not use the batch compliance endpoints (403 ${problemOf(error)})`,
        `They need an app-only bearer token (not a user token) of an app attached to a project: ${PORTAL} → your project's app → Keys and tokens → Bearer Token, and set X_BEARER_TOKEN.`,
      );
    }
    if (code === 409) {
      throw new ActiveJob(
        `X already has an active tweets compliance job for this app (409 ${problemOf(error)}), and it is not one onevision made`,
        'X allows one at a time; it ends by itself when it completes or expires (a job never uploaded to expires after 15 minutes). Run `onevision compliance` again later.',
      );
    }
    if (code === 404 && step === 'compliance/jobs/:id') throw new JobGone(`X does not know compliance job ${job?.id ?? ''}`);
    if (code === 400) throw new UpstreamError(`X refused the compliance request (${step}: 400 ${problemOf(error)})`, 'Please report this with the message: onevision sent a request X did not accept.');
    throw error;
  }
}

function toJob(body: { data?: unknown } | undefined): XComplianceJob {
  if (isComplianceJob(body?.data)) return body.data;
  throw new UpstreamError('X answered a compliance job request without a job (no id, status or URLs)', 'Try again later; if it keeps happening, please report it.');
}

function problemOf(error: ApiResponseError): string {
  const body = (typeof error.data === 'object' && error.data !== null ? error.data : {}) as { title?: string; detail?: string };
  return `${body.title ?? `HTTP ${error.code}`}${body.detail && body.detail !== body.title ? `: ${body.detail}` : ''}`;
}

function interrupted(job: XComplianceJob | null): PendingStop {
  return { reason: 'interrupted', message: job ? `interrupted; compliance job ${job.id} is saved and the next run carries on with it.` : 'interrupted before a compliance job was created.' };
}
