/**
 * The fake X API's batch compliance jobs, in the real shapes: POST /2/compliance/jobs and
 * GET /2/compliance/jobs/:id, and the upload and download transfers at the URLs a job gives.
 *
 * Transfers come in X's two forms: `storage` (the default) gives pre-signed Google Cloud Storage URLs
 * (https://storage.googleapis.com/twttr-tweet-compliance/<job>/submission/…?X-Goog-Signature=…), which
 * this fake serves on its own loopback server under the same paths, refusing a wrong signature or an
 * Authorization header (a pre-signed request carries none); `api` gives signed paths on api.x.com
 * (/2/compliance/jobs/<job>/upload?token=…), which also want the bearer token. A client must move
 * either onto its configured base to reach the fake at all.
 */
import { randomBytes } from 'node:crypto';
import type { ComplianceJobStatus, XComplianceJob } from '../collectors/x/compliance-results';
import { toSnowflake } from './x-data';

export interface FakeComplianceOptions {
  /** GETs of an uploaded job that answer `in_progress` before it ends (default 1). */
  readonly pollsInProgress?: number;
  /** How an uploaded job ends (default complete). */
  readonly ending?: 'complete' | 'failed' | 'expired';
  readonly transfers?: 'storage' | 'api';
}

/** What X says about one id: a reason under action delete (the long-standing form), or both words. */
export type FakeComplianceResult = string | { readonly action: string; readonly reason: string };

export interface FakeAnswer {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

interface FakeJob {
  readonly id: string;
  readonly name: string | undefined;
  readonly createdMs: number;
  readonly secret: string;
  readonly ending: 'complete' | 'failed' | 'expired';
  readonly pollsInProgress: number;
  readonly transfers: 'storage' | 'api';
  status: ComplianceJobStatus;
  polls: number;
  uploaded: string[] | undefined;
}

const STORAGE = 'https://storage.googleapis.com';
const BUCKET = '/twttr-tweet-compliance/';
const APP_ID = '1202726487847104512';
const UPLOAD_MS = 15 * 60_000;
const DOWNLOAD_MS = 7 * 86_400_000;
const TWITTER_EPOCH_MS = 1_288_834_974_657n;
const JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'application/xml; charset=UTF-8';

export class FakeComplianceJobs {
  private readonly jobs = new Map<string, FakeJob>();
  private readonly results = new Map<string, FakeComplianceResult>();
  private options: FakeComplianceOptions;
  private sequence = 0;
  /** Every upload's ids, in order of arrival. */
  readonly uploads: string[][] = [];

  constructor(options: FakeComplianceOptions = {}) {
    this.options = options;
  }

  /** How jobs created from now on behave. */
  configure(options: FakeComplianceOptions): void {
    this.options = { ...this.options, ...options };
  }

  /** What the next downloads report, by post id (ids not listed are clean). */
  setResults(results: Readonly<Record<string, FakeComplianceResult>>): void {
    this.results.clear();
    for (const [id, result] of Object.entries(results)) this.results.set(id, result);
  }

  /** Job ids created so far, oldest first. */
  jobIds(): string[] {
    return [...this.jobs.keys()];
  }

  create(bodyText: string): FakeAnswer {
    let body: { type?: unknown; name?: unknown };
    try {
      body = JSON.parse(bodyText) as { type?: unknown; name?: unknown };
    } catch {
      return invalid('Request body is not valid JSON');
    }
    if (body.type !== 'tweets' && body.type !== 'users') return invalid('The `type` field must be one of [tweets, users]');
    if ([...this.jobs.values()].some((j) => j.status === 'created' || j.status === 'in_progress')) {
      return problem(409, { title: 'Conflict', detail: 'A compliance job of this type is already active', type: 'about:blank', status: 409 });
    }
    this.sequence += 1;
    const job: FakeJob = {
      id: toSnowflake(Date.now(), this.sequence),
      name: typeof body.name === 'string' ? body.name : undefined,
      createdMs: Date.now(),
      secret: randomBytes(16).toString('hex'),
      ending: this.options.ending ?? 'complete',
      pollsInProgress: this.options.pollsInProgress ?? 1,
      transfers: this.options.transfers ?? 'storage',
      status: 'created',
      polls: 0,
      uploaded: undefined,
    };
    this.jobs.set(job.id, job);
    return ok({ data: toJobObject(job) });
  }

  /** GET /2/compliance/jobs?type=…: the jobs of that type, newest first. */
  list(query: URLSearchParams): FakeAnswer {
    const type = query.get('type');
    if (type !== 'tweets' && type !== 'users') return invalid('The `type` query parameter must be one of [tweets, users]');
    const jobs = type === 'tweets' ? [...this.jobs.values()].reverse().map(toJobObject) : [];
    return ok({ data: jobs, meta: { result_count: jobs.length } });
  }

  /** A job's state; each GET of an uploaded job brings its end one poll nearer. */
  get(id: string): FakeAnswer {
    const job = this.jobs.get(id);
    if (!job) return problem(404, { title: 'Not Found Error', detail: `Could not find job with id: [${id}].`, type: 'https://api.twitter.com/2/problems/resource-not-found' });
    if (job.status === 'created' && Date.now() > job.createdMs + UPLOAD_MS) job.status = 'expired';
    if (job.status === 'in_progress') {
      if (job.polls >= job.pollsInProgress) job.status = job.ending;
      job.polls += 1;
    }
    return ok({ data: toJobObject(job) });
  }

  /** Whether a path is one of the fake storage's: served without the bearer token check. */
  isStoragePath(path: string): boolean {
    return path.startsWith(BUCKET);
  }

  /** PUT or GET on a storage URL (the job's pre-signed upload or download). */
  answerStorage(method: string, path: string, query: URLSearchParams, headers: Readonly<Record<string, string | string[] | undefined>>, body: string): FakeAnswer {
    const match = /^\/twttr-tweet-compliance\/(\d+)\/(submission|delivery)\/[\d_]+$/.exec(path);
    const job = match ? this.jobs.get(match[1] ?? '') : undefined;
    if (!match || !job || job.transfers !== 'storage') return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
    if (headers.authorization !== undefined) return storageError(400, 'InvalidArgument', 'fake storage: a pre-signed request must not carry an Authorization header');
    if (query.get('X-Goog-Signature') !== signature(job, match[2] ?? '')) return storageError(403, 'SignatureDoesNotMatch', 'Access denied.');
    if (match[2] === 'submission') {
      if (method !== 'PUT') return storageError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      if (headers['content-type'] !== 'text/plain') return storageError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match: content-type is a signed header (text/plain).');
      return this.receiveUpload(job, body, { status: 200, body: '', contentType: 'text/html; charset=UTF-8' });
    }
    return method === 'GET' ? this.deliver(job) : storageError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  /** PUT /2/compliance/jobs/:id/upload or GET …/download with the signed token (transfers 'api'; bearer checked by the server). */
  answerApiTransfer(id: string, kind: 'upload' | 'download', method: string, query: URLSearchParams, body: string): FakeAnswer {
    const job = this.jobs.get(id);
    if (!job || job.transfers !== 'api') return problem(404, { title: 'Not Found Error', detail: 'Not Found', type: 'about:blank', status: 404 });
    if (query.get('token') !== signature(job, kind)) return problem(403, { title: 'Forbidden', detail: 'The token is not valid for this job', type: 'about:blank', status: 403 });
    if (kind === 'upload') return method === 'PUT' ? this.receiveUpload(job, body, ok({ data: toJobObject({ ...job, status: 'in_progress' }) })) : problem(405, { title: 'Method Not Allowed', type: 'about:blank', status: 405 });
    return method === 'GET' ? this.deliver(job) : problem(405, { title: 'Method Not Allowed', type: 'about:blank', status: 405 });
  }

  private receiveUpload(job: FakeJob, body: string, answer: FakeAnswer): FakeAnswer {
    if (job.status !== 'created') return storageError(409, 'Conflict', 'fake: this job has already received its ids');
    const ids = body.split('\n').map((line) => line.trim()).filter(Boolean);
    this.uploads.push(ids);
    job.uploaded = ids;
    job.status = 'in_progress';
    return answer;
  }

  /** Newline-delimited JSON, one line per uploaded id X has something to say about. */
  private deliver(job: FakeJob): FakeAnswer {
    if (job.status !== 'complete') return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
    const redactedAt = new Date().toISOString();
    const lines = (job.uploaded ?? []).flatMap((id) => {
      const result = this.results.get(id);
      if (result === undefined) return [];
      const { action, reason } = typeof result === 'string' ? { action: 'delete', reason: result } : result;
      return [JSON.stringify({ id, action, created_at: createdAtOf(id), redacted_at: redactedAt, reason })];
    });
    return { status: 200, body: lines.map((line) => `${line}\n`).join(''), contentType: 'application/octet-stream' };
  }
}

function toJobObject(job: FakeJob): XComplianceJob {
  const [upload, download] = transferUrls(job);
  return {
    id: job.id,
    type: 'tweets',
    ...(job.name === undefined ? {} : { name: job.name }),
    resumable: false,
    upload_url: upload,
    upload_expires_at: new Date(job.createdMs + UPLOAD_MS).toISOString(),
    download_url: download,
    download_expires_at: new Date(job.createdMs + DOWNLOAD_MS).toISOString(),
    status: job.status,
    created_at: new Date(job.createdMs).toISOString(),
    ...(job.status === 'failed' ? { error: 'Job failed to complete' } : {}),
  };
}

function transferUrls(job: FakeJob): [string, string] {
  if (job.transfers === 'api') {
    const base = `https://api.x.com/2/compliance/jobs/${job.id}`;
    return [`${base}/upload?token=${signature(job, 'upload')}`, `${base}/download?token=${signature(job, 'download')}`];
  }
  const date = new Date(job.createdMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const signed = (kind: 'submission' | 'delivery', expires: number, headers: string) =>
    `${STORAGE}${BUCKET}${job.id}/${kind}/${APP_ID}_${job.id}?X-Goog-Algorithm=GOOG4-RSA-SHA256` +
    `&X-Goog-Credential=complianceapi-public-svc-acct%40twttr-compliance-public-prod.iam.gserviceaccount.com%2F${date.slice(0, 8)}%2Fauto%2Fstorage%2Fgoog4_request` +
    `&X-Goog-Date=${date}&X-Goog-Expires=${expires}&X-Goog-SignedHeaders=${headers}&X-Goog-Signature=${signature(job, kind)}`;
  return [signed('submission', 900, 'content-type%3Bhost'), signed('delivery', 604800, 'host')];
}

function signature(job: FakeJob, kind: string): string {
  return `${job.secret}${Buffer.from(kind).toString('hex')}`;
}

/** A snowflake id carries its creation time. */
function createdAtOf(id: string): string {
  const ms = (BigInt(id) >> 22n) + TWITTER_EPOCH_MS;
  return new Date(Number(ms)).toISOString();
}

function ok(body: unknown): FakeAnswer {
  return { status: 200, body: JSON.stringify(body), contentType: JSON_TYPE };
}

function problem(status: number, body: unknown): FakeAnswer {
  return { status, body: JSON.stringify(body), contentType: 'application/problem+json' };
}

function invalid(message: string): FakeAnswer {
  return problem(400, { errors: [{ message }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' });
}

function storageError(status: number, code: string, message: string): FakeAnswer {
  return { status, body: `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`, contentType: XML_TYPE };
}
