/**
 * X batch compliance: the job and result shapes as they arrive, and what the results mean for the
 * posts we hold. Pure: text in, decisions out.
 *
 * Result lines have come in two vocabularies, and both are read:
 * - `{"id","action":"delete","created_at","redacted_at","reason":"deleted|protected|suspended|deactivated|scrub_geo"}`
 *   (the long-standing form, where scrub_geo is a reason under action delete);
 * - `{"id","action":"delete|rehydrate|scrub_geo","reason":"…|tweet_edited|geo_scrubbed",…}` (X's newer docs).
 * An id missing from the results has nothing to act on.
 */
import { exactIdOf } from '../../core/raw-json';

export type ComplianceJobStatus = 'created' | 'in_progress' | 'complete' | 'failed' | 'expired';

/** The job object of POST /2/compliance/jobs and GET /2/compliance/jobs/:id (`data`). */
export interface XComplianceJob {
  readonly id: string;
  readonly type: 'tweets' | 'users';
  readonly name?: string;
  readonly resumable?: boolean;
  readonly upload_url: string;
  readonly upload_expires_at: string;
  readonly download_url: string;
  readonly download_expires_at: string;
  readonly status: ComplianceJobStatus;
  readonly created_at: string;
  /** Only when the job failed. */
  readonly error?: string;
}

/** A job object as we need it; anything else from X is not a job. */
export function isComplianceJob(value: unknown): value is XComplianceJob {
  const job = value as Partial<XComplianceJob> | null;
  return typeof job?.id === 'string' && typeof job.status === 'string' && typeof job.upload_url === 'string' && typeof job.download_url === 'string';
}

export interface ComplianceEvent {
  readonly id: string;
  readonly action: string;
  readonly reason: string;
}

export interface ParsedResults {
  readonly events: ComplianceEvent[];
  /** Lines that were not JSON, or an `{"id","error"}` line for an id X could not read. */
  readonly unreadable: number;
}

/** Why a post is erased. */
export const ERASE_REASONS = ['deleted', 'protected', 'suspended', 'deactivated'] as const;

export function parseComplianceResults(text: string): ParsedResults {
  const events: ComplianceEvent[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      unreadable += 1;
      continue;
    }
    const record = (value ?? {}) as Record<string, unknown>;
    const id = typeof record.id === 'string' ? record.id : typeof record.id === 'number' ? String(record.id) : undefined;
    if (id === undefined || !/^\d+$/.test(id) || typeof record.error === 'string') {
      unreadable += 1;
      continue;
    }
    events.push({ id, action: String(record.action ?? ''), reason: String(record.reason ?? '') });
  }
  return { events, unreadable };
}

export type Verdict = { readonly kind: 'erase'; readonly reason: string } | { readonly kind: 'scrub-geo' } | { readonly kind: 'edited' } | { readonly kind: 'unknown' };

/** What one event asks of us. */
export function toVerdict(event: ComplianceEvent): Verdict {
  if (event.action === 'scrub_geo' || event.reason === 'scrub_geo' || event.reason === 'geo_scrubbed') return { kind: 'scrub-geo' };
  if (event.action === 'delete') return { kind: 'erase', reason: event.reason || 'deleted' };
  if (event.action === 'rehydrate') return { kind: 'edited' };
  return { kind: 'unknown' };
}

export interface CompliancePlan {
  /** Stored X ids to erase, by reason (deleted, protected, suspended, deactivated, or X's own word). */
  readonly erase: ReadonlyMap<string, readonly string[]>;
  /** Stored X ids whose geo data goes; the posts stay. */
  readonly scrubGeo: readonly string[];
  /** Edited on X since we stored them (newer result vocabulary); reported, left as they are. */
  readonly edited: readonly string[];
  /** Events we do not understand, as `id action/reason`; reported, nothing done. */
  readonly unknown: readonly string[];
  /** Events about ids we no longer hold (erased since the upload). */
  readonly notStored: number;
}

/** Erasing wins over scrubbing geo, which wins over a note that the post was edited. */
export function toCompliancePlan(events: readonly ComplianceEvent[], stored: ReadonlySet<string>): CompliancePlan {
  const verdicts = new Map<string, Verdict>();
  const rank = (v: Verdict | undefined) => (v === undefined ? 0 : v.kind === 'erase' ? 4 : v.kind === 'scrub-geo' ? 3 : v.kind === 'edited' ? 2 : 1);
  const unknown: string[] = [];
  let notStored = 0;
  for (const event of events) {
    if (!stored.has(event.id)) {
      notStored += 1;
      continue;
    }
    const verdict = toVerdict(event);
    if (verdict.kind === 'unknown') unknown.push(`${event.id} ${event.action}/${event.reason}`);
    if (rank(verdict) > rank(verdicts.get(event.id))) verdicts.set(event.id, verdict);
  }
  const erase = new Map<string, string[]>();
  const scrubGeo: string[] = [];
  const edited: string[] = [];
  for (const [id, verdict] of [...verdicts.entries()].sort(([a], [b]) => compareNumeric(a, b))) {
    if (verdict.kind === 'erase') erase.set(verdict.reason, [...(erase.get(verdict.reason) ?? []), id]);
    else if (verdict.kind === 'scrub-geo') scrubGeo.push(id);
    else if (verdict.kind === 'edited') edited.push(id);
  }
  return { erase: sortReasons(erase), scrubGeo, edited, unknown, notStored };
}

/** The four documented reasons first, in their usual order, then any other word X used. */
function sortReasons(erase: Map<string, string[]>): Map<string, string[]> {
  const order = (reason: string) => {
    const i = (ERASE_REASONS as readonly string[]).indexOf(reason);
    return i === -1 ? ERASE_REASONS.length : i;
  };
  return new Map([...erase.entries()].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b)));
}

function compareNumeric(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Tweet keys that say where a post was made: v2 `geo` (place id, coordinates); v1.1 archives' `coordinates` and `place`. */
const GEO_KEYS = ['geo', 'coordinates', 'place'];

/**
 * A stored post's raw JSON without the location of the given posts: the post's own tweet and any copy
 * of one of them it carries (a quoted or replied-to post), in the v2 shape (`{tweet, referenced}`) or
 * as a v1.1 status (its `retweeted_status` and `quoted_status`). Returns undefined when nothing changed.
 */
export function withoutGeo(raw: unknown, tweetIds: ReadonlySet<string>): unknown {
  if (raw === null || typeof raw !== 'object') return undefined;
  const record = raw as Record<string, unknown>;
  let changed = false;
  const scrub = (tweet: unknown): unknown => {
    if (!isTweetOf(tweet, tweetIds)) return tweet;
    const copy: Record<string, unknown> = { ...(tweet as Record<string, unknown>) };
    for (const key of GEO_KEYS) {
      if (key in copy) {
        delete copy[key];
        changed = true;
      }
    }
    return copy;
  };
  // A v1.1 status (twitter-v1 import) is stored as it is, with the retweeted or quoted status inside.
  const scrubStatus = (status: unknown): unknown => {
    const own = scrub(status);
    if (own === null || typeof own !== 'object') return own;
    const copy: Record<string, unknown> = { ...(own as Record<string, unknown>) };
    for (const key of V1_CARRIED) if (key in copy) copy[key] = scrubStatus(copy[key]);
    return copy;
  };
  if (!('tweet' in record)) {
    const out = scrubStatus(record);
    return changed ? out : undefined;
  }
  const out: Record<string, unknown> = { ...record };
  out.tweet = scrub(record.tweet);
  if (Array.isArray(record.referenced)) out.referenced = record.referenced.map(scrub);
  return changed ? out : undefined;
}

/** Where a v1.1 status carries copies of other statuses. */
const V1_CARRIED = ['retweeted_status', 'quoted_status'];

function isTweetOf(tweet: unknown, ids: ReadonlySet<string>): boolean {
  if (tweet === null || typeof tweet !== 'object') return false;
  const t = tweet as { id?: unknown; id_str?: unknown; edit_history_tweet_ids?: unknown };
  // A v1.1 status's numeric id counts only when read exactly (parseRawJson); id_str is always exact.
  const id = exactIdOf(t.id);
  if (id !== undefined && ids.has(id)) return true;
  if (typeof t.id_str === 'string' && ids.has(t.id_str)) return true;
  return Array.isArray(t.edit_history_tweet_ids) && t.edit_history_tweet_ids.some((id) => typeof id === 'string' && ids.has(id));
}
