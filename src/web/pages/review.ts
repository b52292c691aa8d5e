/**
 * The review queue in the browser: what `onevision review` offers, one post at a time. The queue is
 * the CLI's (unlabelled posts screened clear, least confident first, the campaign's own left out), a
 * save is `onevision label`'s (src/cli/labelling.ts: same row, same audit entry), and every step is
 * a plain form and a redirect, so the page works without JavaScript. What the page remembers between
 * posts (skipped posts, the last save) travels in the address, not in the server.
 */
import { formatOutcomes } from '../../cli/classifier';
import { recordLabel, undoLabel } from '../../cli/labelling';
import type { OutcomeNumber } from '../../classify/codebook';
import { formatPostRef, parsePostRef } from '../../core/post';
import { findPostByShownRef } from '../../cli/shown-refs';
import type { Gate } from '../../gate/release';
import { loadAuditEntry } from '../../store/audit';
import { iterateReviewQueue, loadParentPost, type QueueItem } from '../../store/classifications';
import type { Db } from '../../store/database';
import type { Desk, PageArgs, PageResult } from '../desk';
import { explainForDesk } from '../explanations';
import type { Html } from '../html';
import { csrfField } from '../layout';
import { describeOutcomes, DESK_OUTCOMES } from '../outcome-names';
import { audienceFor, type Viewer } from '../viewer';
import { describeSaved, MAX_NOTE, renderReview, type ReviewCard } from './review-view';

export function registerReview(desk: Desk): void {
  desk.route({ method: 'GET', url: '/review', capability: 'label', handle: (args) => showReview(args, readQuery(args.request.query), null) });
  desk.route({ method: 'POST', url: '/review', capability: 'label', handle: saveReview });
  desk.route({ method: 'POST', url: '/review/undo', capability: 'label', handle: undoReview });
}

interface ReviewQuery {
  readonly skip: string;
  /** The audit entry of the viewer's last save (shown with Undo) or undo (shown as done). */
  readonly saved: number | null;
  readonly undone: number | null;
}

/** What was sent back with a problem, so the form shows it again as it was. */
interface Sent {
  readonly ref: string;
  readonly outcomes: readonly number[];
  readonly none: boolean;
  readonly note: string;
}

const MAX_SKIPPED = 500;

function showReview(args: PageArgs, query: ReviewQuery, problem: { readonly message: string; readonly sent: Sent | null } | null): Html {
  const skipped = toSkipped(query.skip);
  const item = nextInQueue(args.db, args.gate(), skipped);
  const card = item ? toCard(args, item, problem?.sent?.ref === args.gate().shownRef(item, audienceFor(args.viewer)) ? problem.sent : null) : null;
  const saved = query.saved === null ? null : describeOwnEntry(args.db, query.saved, args.viewer);
  const undone = query.undone === null ? null : describeOwnEntry(args.db, query.undone, args.viewer);
  const view = { csrf: csrfField(args.viewer), card, skip: [...skipped].join('.'), skipped: skipped.size, undoEntry: saved?.action === 'label' ? query.saved : null, problem: problem?.message ?? null };
  return args.page('Review', renderReview(view), { current: '/review', notice: (saved ?? undone)?.message ?? null, scripts: ['review.js'] });
}

/** The first post of the CLI's queue not skipped and not the campaign's own. */
function nextInQueue(db: Db, gate: Gate, skipped: ReadonlySet<number>): QueueItem | undefined {
  for (const item of iterateReviewQueue(db)) {
    if (!skipped.has(item.postId) && !gate.isOwn(item)) return item;
  }
  return undefined;
}

function toCard(args: PageArgs, item: QueueItem, sent: Sent | null): ReviewCard {
  const gate = args.gate();
  const audience = audienceFor(args.viewer);
  const released = gate.release(item, audience);
  const parent = loadParentPost(args.db, item.postId);
  const proposed = item.outcomes === '' ? [] : item.outcomes.split(';').map(Number);
  return {
    postId: item.postId,
    ref: gate.shownRef(item, audience),
    revision: item.revision,
    createdAt: item.createdAt,
    released,
    parent: parent ? { ref: gate.shownRef(parent, audience), released: gate.release(parent, audience) } : null,
    proposed,
    confidence: item.confidence,
    reasons: explainForDesk(args.db, item, released),
    ticked: sent?.outcomes ?? proposed,
    none: sent?.none ?? false,
    note: sent?.note ?? '',
  };
}

function saveReview(args: PageArgs): PageResult {
  const form = (args.request.body ?? {}) as Record<string, unknown>;
  const skip = text(form.skip);
  const sent: Sent = { ref: text(form.post), outcomes: toList(form.outcome).map(Number), none: form.none === '1', note: text(form.note).trim().slice(0, MAX_NOTE) };
  const refuse = (message: string, status: number) => {
    args.reply.code(status);
    return showReview(args, { skip, saved: null, undone: null }, { message, sent });
  };
  const outcomes = sent.outcomes.filter((n): n is OutcomeNumber => DESK_OUTCOMES.includes(n));
  if (outcomes.length !== sent.outcomes.length) return refuse('That is not one of the five outcomes.', 400);
  if (sent.none && outcomes.length > 0) return refuse('Tick either outcomes or "None of these", not both.', 400);
  if (!sent.none && outcomes.length === 0) return refuse('Tick the outcomes that apply, or "None of these".', 400);
  const ref = parsePostRef(sent.ref);
  const post = ref ? findPostByShownRef(args.db, ref.source, ref.sourceId) : undefined;
  if (!post) return refuse(`There is no post ${sent.ref} any more; nothing was saved.`, 409);
  if (String(post.revision) !== text(form.revision)) return refuse(`${sent.ref} changed since you opened it; nothing was saved. Here it is again.`, 409);
  // A reviewer labels only text they could read: a post flagged since the page was shown goes to the safeguarding lead.
  if (args.gate().release(post, audienceFor(args.viewer)).withheld !== null) return refuse(`${sent.ref} was withheld for safeguarding since you opened it; nothing was saved.`, 409);
  // The audit names the post by its stored id, as `onevision label` does, whatever the page called it.
  const entry = recordLabel(args.db, { ...post, ref: formatPostRef(post) }, { outcomes: formatOutcomes(outcomes), note: sent.note === '' ? null : sent.note, by: args.viewer.name, at: args.now, via: 'desk' });
  return { redirect: reviewUrl({ skip, saved: entry, undone: null }) };
}

function undoReview(args: PageArgs): PageResult {
  const form = (args.request.body ?? {}) as Record<string, unknown>;
  const skip = text(form.skip);
  const result = undoLabel(args.db, Number.parseInt(text(form.entry), 10), args.viewer.name, args.now);
  if (!result.ok) {
    args.reply.code(409);
    return showReview(args, { skip, saved: null, undone: null }, { message: result.problem, sent: null });
  }
  return { redirect: reviewUrl({ skip, saved: null, undone: result.auditId }) };
}

/** The confirmation for an audit entry of this viewer's own save or undo; null for anyone else's. */
function describeOwnEntry(db: Db, id: number, viewer: Viewer): { readonly action: string; readonly message: string } | null {
  const entry = loadAuditEntry(db, id);
  const details = (entry?.details ?? {}) as { by?: unknown; outcomes?: unknown; restored?: unknown };
  if (!entry || entry.subject === null || details.by !== viewer.name) return null;
  if (entry.action === 'label') return { action: entry.action, message: describeSaved(entry.subject, String(details.outcomes ?? '')) };
  if (entry.action === 'label-undone') {
    const restored = typeof details.restored === 'string' ? `back to ${describeOutcomes(details.restored)}` : 'back in the queue, without a label';
    return { action: entry.action, message: `Undone: ${entry.subject} is ${restored}` };
  }
  return null;
}

function reviewUrl(query: ReviewQuery): string {
  const params = new URLSearchParams();
  if (query.skip !== '') params.set('skip', query.skip);
  if (query.saved !== null) params.set('saved', String(query.saved));
  if (query.undone !== null) params.set('undone', String(query.undone));
  const search = params.toString();
  return search === '' ? '/review' : `/review?${search}`;
}

function readQuery(query: unknown): ReviewQuery {
  const fields = (query ?? {}) as Record<string, unknown>;
  return { skip: text(fields.skip), saved: toId(fields.saved), undone: toId(fields.undone) };
}

function toSkipped(skip: string): Set<number> {
  const ids = skip.split('.').filter((part) => /^\d{1,15}$/.test(part)).map(Number);
  return new Set(ids.slice(-MAX_SKIPPED));
}

function toId(value: unknown): number | null {
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function toList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}
