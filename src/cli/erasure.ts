/**
 * Carrying out an erasure (forget, purge, a platform deletion, X compliance) so that it stays honest
 * whatever fails. One transaction records the act (ledger rows, recall list, audit entry), scrubs the
 * people from other rows and deletes theirs: a failure there (a full disk) changes nothing. Then the
 * file is rebuilt and its WAL emptied, and its bytes are checked for what was erased; if another
 * process holds the database, the erasure's row says the rows are gone but the bytes are not yet, and
 * `forget --finish` completes it.
 */
import { plural, wordFor } from '../core/words';
import { ERASED, scrubRawJson, scrubText, scrubUrl, type ForgottenPerson } from '../core/scrub';
import { isDistinctiveHandle, mayRunTogether } from '../gate/identifiers/people';
import type { Clock } from '../collectors/types';
import { UserError } from '../errors';
import { forgetAuditSubjects } from '../store/audit';
import { recordAudit } from './audit-trail';
import { toStorageError, type Db } from '../store/database';
import {
  deletePostRows,
  findInDatabaseFiles,
  isHeldByRemainingPosts,
  loadEchoesOf,
  loadExportsContaining,
  loadPostsHolding,
  saveScrubbedCopy,
  settleLearnedLabels,
  scrubAuthorProfiles,
  wipeFreedPages,
  type AuthorRow,
  type ErasureTarget,
  type ExportFileRow,
} from '../store/erasure';
import { saveErasureStatus, savePlannedErasure, type ErasureStatus } from '../store/erasure-ledger';

export interface ErasureRequest {
  /** forget, purge-age, purge-deleted, platform-deleted, compliance-… */
  readonly reason: string;
  readonly requestedBy: string | null;
  readonly targets: readonly ErasureTarget[];
  readonly authors: readonly AuthorRow[];
  /** Refuse the people's future posts too (forget --author, by default). */
  readonly blockFuture: boolean;
  /** The collection lease, confirmed inside the erasure's transaction: it commits only while held. */
  readonly lease?: { confirm(): void };
  /** The audit entry, written in the erasure's own transaction so the two can never disagree. */
  readonly audit?: { readonly action: string; readonly at: Date; readonly details?: Readonly<Record<string, unknown>> };
}

export interface ErasureOutcome {
  readonly erasureId: number;
  readonly posts: number;
  readonly authors: number;
  /** The posts erased, as SOURCE:ID (echoes included). */
  readonly postRefs: readonly string[];
  readonly recall: readonly ExportFileRow[];
  /** Erased labels the active model may have learned from: it holds their words until retrained. */
  readonly modelLabels: number;
  readonly status: ErasureStatus;
  /** What is not finished, in words, or null. */
  readonly problem: string | null;
}

export interface WipeOptions {
  readonly dbFile: string;
  readonly clock: Clock;
  /** How long to keep retrying the wipe while another process holds the database. */
  readonly waitMs: number;
  readonly signal?: AbortSignal;
}

const RETRY_MS = 500;

export async function carryOutErasure(db: Db, request: ErasureRequest, options: WipeOptions): Promise<ErasureOutcome> {
  const { outcome, needles } = eraseRows(db, request, () => options.clock.now().toISOString());
  const wipe = await wipeUntilClean(db, needles, options);
  return finish(db, outcome, wipe.problem, options.clock.now().toISOString());
}

/** The same, with one wipe attempt and no waiting: for what follows a collection, under its lease. */
export function carryOutErasureNow(db: Db, request: ErasureRequest, options: { dbFile: string; now: () => string }): ErasureOutcome {
  const { outcome, needles } = eraseRows(db, request, options.now);
  return finish(db, outcome, wipeOnce(db, options.dbFile, needles).problem, options.now());
}

/** What `forget` says, and `doctor` repeats until a retrain, when the active model learned from erased labels. */
export function describeModelLabels(labels: number): { readonly problem: string; readonly fix: string } {
  return { problem: `the active model learned from ${plural(labels, 'erased label')} and may hold words from those posts until it is retrained`, fix: 'Run `onevision train` to retrain without them.' };
}

type ErasedRows = Omit<ErasureOutcome, 'status' | 'problem'>;

function eraseRows(db: Db, request: ErasureRequest, now: () => string): { outcome: ErasedRows; needles: string[] } {
  const targets = withEchoes(db, request.targets);
  const recall = loadExportsContaining(
    db,
    targets.map((t) => t.postId),
  );
  const needles = toNeedles(targets, request.authors);
  const person = toForgottenPerson(request.authors, []);
  let erasureId: number;
  let erased: { posts: number; authors: number; modelLabels: number };
  try {
    // The ledger, the recall list and the deletion are one transaction: a failure (a full disk) leaves
    // everything as it was, so the same command can simply be run again; success stores the recall
    // list with the act.
    ({ erasureId, erased } = db.transaction(() => {
      request.lease?.confirm();
      const id = savePlannedErasure(db, {
        reason: request.reason,
        requestedAt: now(),
        requestedBy: request.requestedBy,
        posts: targets,
        authors: request.authors,
        identifiers: { handles: person.handles, names: person.names },
        blockFuture: request.blockFuture,
        recall,
      });
      scrubPeople(db, request.authors, targets, now());
      const modelLabels = settleLearnedLabels(
        db,
        targets.map((t) => t.postId),
        id,
      );
      const rows = deletePostRows(
        db,
        targets.map((t) => t.postId),
        request.authors.map((a) => a.id),
      );
      saveErasureStatus(db, id, 'erased', 'the freed bytes are not yet wiped from the file', now());
      if (request.audit) {
        forgetAuditSubjects(
          db,
          targets.map((t) => `${t.source}:${t.sourceId}`),
        );
        // It says that someone was erased and how much, never whom.
        recordAudit(db, request.audit.at, { action: request.audit.action, subject: `erasure #${id}`, details: { reason: request.reason, posts: rows.posts, authors: rows.authors, modelLabels, ...request.audit.details } });
      }
      return { erasureId: id, erased: { ...rows, modelLabels } };
    }).immediate());
  } catch (error) {
    throw new ErasureFailed(error);
  }
  // Someone else wrote the same words: those stay, and are not looked for in the bytes.
  return { outcome: { erasureId, postRefs: targets.map((t) => `${t.source}:${t.sourceId}`), recall, ...erased }, needles: needles.filter((n) => !isHeldByRemainingPosts(db, n)) };
}

function finish(db: Db, outcome: ErasedRows, problem: string | null, now: string): ErasureOutcome {
  const status: ErasureStatus = problem === null ? 'wiped' : 'erased';
  saveStatusQuietly(db, outcome.erasureId, status, problem, now);
  return { ...outcome, status, problem };
}

/** An erasure that could not be carried out (a full disk, a lock): nothing was changed, and it says so. */
export class ErasureFailed extends UserError {
  constructor(failure: unknown) {
    const storage = toStorageError(failure);
    if (!storage) throw failure; // not the environment's doing: a bug, reported as one
    super(`nothing was erased: ${storage.message}`, 'Nothing was changed. Free some disk space, or close programs that hold the database, then run the same command again.');
  }
}

/** Retweets and quotes of the posts go with them: what an erasure removes, and what its dry run lists. */
export function withEchoes(db: Db, targets: readonly ErasureTarget[]): ErasureTarget[] {
  const all = new Map(targets.map((t) => [t.postId, t]));
  for (const echo of loadEchoesOf(db, targets)) all.set(echo.postId, echo);
  return [...all.values()].sort((a, b) => a.postId - b.postId);
}

/** Other people's rows keep nothing of the forgotten people: referenced posts, ids, handles, names. */
function scrubPeople(db: Db, authors: readonly AuthorRow[], targets: readonly ErasureTarget[], now: string): void {
  const except = new Set(targets.map((t) => t.postId));
  for (const source of new Set([...authors.map((a) => a.source), ...targets.map((t) => t.source)])) {
    const person = toForgottenPerson(
      authors.filter((a) => a.source === source),
      targets.filter((t) => t.source === source),
    );
    // A name's longer words too: "Sam-Jones" or "Sam Jones" on two lines holds "jones", not "sam jones".
    const nameWords = person.names.flatMap((name) => name.match(/[\p{L}\p{N}]{4,}/gu) ?? []);
    const needles = [...person.ids, ...person.handles, ...person.names, ...nameWords, ...person.postIds].filter((n) => n.length >= 4);
    for (const copy of loadPostsHolding(db, source, needles, except)) {
      const raw = copy.raw === null ? null : scrubRawText(copy.raw, person);
      const text = scrubText(copy.text, person);
      const url = scrubUrl(copy.url, person);
      if (text !== copy.text || raw !== copy.raw || url !== copy.url) saveScrubbedCopy(db, { postId: copy.postId, text, raw, url }, now);
    }
    scrubAuthorProfiles(db, source, [...person.ids, ...person.handles, ...person.names].filter((n) => n.length >= 4), (raw) => scrubRawText(raw, person));
  }
}

export function toForgottenPerson(authors: readonly AuthorRow[], targets: readonly ErasureTarget[]): ForgottenPerson {
  const handles = authors.flatMap((a) => (a.handle ? [a.handle] : []));
  const names = authors.flatMap((a) => (a.name && a.name.trim().split(/\s+/).length >= 2 ? [a.name] : []));
  return {
    ids: authors.map((a) => a.sourceAuthorId),
    handles,
    names,
    postIds: targets.map((t) => t.sourceId),
    // As the gate finds them: an everyday word is no handle without its @, nor "Kit Chen" a name in "kitchen".
    bareHandles: handles.filter((h) => isDistinctiveHandle(h.replace(/^[@＠]+/, ''))),
    gluedNames: names.filter((n) => mayRunTogether(n)),
  };
}

/** The stored raw JSON without the person; every number in what stays (v1.1's 64-bit ids) is kept as written. */
function scrubRawText(raw: string, person: ForgottenPerson): string {
  try {
    return scrubRawJson(raw, person);
  } catch {
    return scrubText(raw, person); // not JSON (an old import's row): scrub it as text
  }
}

/**
 * What must not be found in the file afterwards: the start of each erased post's text and the
 * people's handles, names and ids. Short strings are left out: they occur by chance.
 */
function toNeedles(targets: readonly ErasureTarget[], authors: readonly AuthorRow[]): string[] {
  const texts = targets.map((t) => t.text?.slice(0, 40) ?? '').filter((t) => t.length >= 16);
  const handles = authors.flatMap((a) => (a.handle && a.handle.length >= 5 ? [a.handle] : []));
  const names = authors.flatMap((a) => (a.name && a.name.trim().split(/\s+/).length >= 2 ? [a.name] : []));
  const ids = authors.map((a) => a.sourceAuthorId).filter((id) => id.length >= 6);
  return [...new Set([...texts, ...handles, ...names, ...ids])].filter((n) => n !== ERASED);
}

/** Wipes, then checks the bytes: null when clean, else what is wrong and whether waiting may help. */
function wipeOnce(db: Db, dbFile: string, needles: readonly string[], busyTimeoutMs = RETRY_MS): { problem: string | null; busy: boolean } {
  const wipe = wipeFreedPages(db, busyTimeoutMs);
  if (!wipe.wiped) return { problem: wipe.problem, busy: wipe.busy };
  const left = findInDatabaseFiles(dbFile, needles);
  return { problem: left.length === 0 ? null : `${left.length} of the erased strings ${wordFor(left.length, 'is', 'are')} still in the database file's bytes`, busy: false };
}

/** While another process holds the database, retries the wipe until the wait runs out; other failures (a full disk) are final. */
async function wipeUntilClean(db: Db, needles: readonly string[], options: WipeOptions): Promise<{ problem: string | null }> {
  const deadline = options.clock.now().getTime() + options.waitMs;
  for (;;) {
    const { problem, busy } = wipeOnce(db, options.dbFile, needles, Math.min(RETRY_MS, options.waitMs));
    if (problem === null || !busy) return { problem };
    if (options.clock.now().getTime() + RETRY_MS > deadline || options.signal?.aborted) return { problem };
    await options.clock.sleep(RETRY_MS, options.signal);
  }
}

function saveStatusQuietly(db: Db, id: number, status: ErasureStatus, problem: string | null, now: string): void {
  try {
    saveErasureStatus(db, id, status, problem, now);
  } catch {
    // The disk may be full: the erasure's row keeps its last status, which is still true.
  }
}

/** Retries the wipe of every erasure left unfinished (another reader, a full disk). */
export async function finishPendingWipes(db: Db, ids: readonly number[], options: WipeOptions): Promise<{ problem: string | null }> {
  const wipe = await wipeUntilClean(db, [], options);
  for (const id of ids) saveStatusQuietly(db, id, wipe.problem === null ? 'wiped' : 'erased', wipe.problem, options.clock.now().toISOString());
  return wipe;
}
