/**
 * The safeguarding inbox: the flags `onevision safeguarding` lists, in its order, each in full with
 * its thread, and a page per flag where the lead clears or refers it with a note. Only the lead (and
 * the one local user of an account-less desk) has the capability; the server refuses everyone else
 * before these handlers run. Decisions go through the screening state machine like `label
 * --safeguarding` (src/cli/screening-decisions.ts), with the note in migration 13's table.
 */
import type { SafeguardingLevel } from '../../classify/codebook';
import { toFlagged } from '../../cli/commands/safeguarding';
import { recordLeadDecision } from '../../cli/screening-decisions';
import { parsePostRef } from '../../core/post';
import type { Audience, Gate, HeldPost } from '../../gate/release';
import { loadAuditOf } from '../../store/audit';
import { loadFlagCounts, loadFlagged, loadFlagItem, loadParentPost, loadPostByRef, loadReplies, loadScreeningCounts, type QueueItem } from '../../store/classifications';
import type { Db } from '../../store/database';
import { loadSafeguardingDecisions, type SafeguardingDecisionKind } from '../../store/safeguarding-decisions';
import type { Desk, PageArgs, PageResult } from '../desk';
import type { Html } from '../html';
import { csrfField } from '../layout';
import { audienceFor } from '../viewer';
import { describeDecision, flagHref, MAX_DECISION_NOTE, renderFlagPage, renderInbox, renderMissingPost, type InboxFlag, type Thread, type ThreadPost } from './safeguarding-view';

const INBOX_LIMIT = 200;
const MAX_REPLIES = 50;

export function registerSafeguarding(desk: Desk): void {
  desk.route({ method: 'GET', url: '/safeguarding', capability: 'safeguarding', handle: showInbox });
  desk.route({ method: 'GET', url: '/safeguarding/:ref', capability: 'safeguarding', handle: (args) => showFlag(args, null) });
  desk.route({ method: 'POST', url: '/safeguarding/:ref', capability: 'safeguarding', handle: decide });
}

function showInbox(args: PageArgs): Html {
  const gate = args.gate();
  const audience = audienceFor(args.viewer);
  const flagged = loadFlagged(args.db, INBOX_LIMIT + 1);
  const flags = flagged.slice(0, INBOX_LIMIT).map((item) => toInboxFlag(args.db, gate, audience, item));
  const counts = { ...loadFlagCounts(args.db), awaiting: loadScreeningCounts(args.db).awaiting };
  return args.page('Safeguarding inbox', renderInbox({ counts, flags, more: flagged.length > INBOX_LIMIT }), { current: '/safeguarding' });
}

function toInboxFlag(db: Db, gate: Gate, audience: Audience, item: QueueItem): InboxFlag {
  return { flag: toFlagged(item, gate.release(item, audience)), thread: loadThread(db, gate, audience, item) };
}

function loadThread(db: Db, gate: Gate, audience: Audience, post: HeldPost): Thread {
  const toThreadPost = (held: HeldPost): ThreadPost => ({ ref: `${held.source}:${held.sourceId}`, createdAt: held.createdAt, released: gate.release(held, audience) });
  const parent = loadParentPost(db, post.postId);
  return { parent: parent ? toThreadPost(parent) : null, replies: loadReplies(db, post, MAX_REPLIES).map(toThreadPost) };
}

interface Problem {
  readonly message: string;
  readonly sent: { readonly decision: string; readonly note: string; readonly level: string } | null;
}

function showFlag(args: PageArgs, problem: Problem | null): Html | PageResult {
  const ref = readRef(args);
  // Any stored post, flagged or already decided, so a decided flag's page can be read again.
  const post = ref === null ? undefined : loadFlagItem(args.db, ...toKey(ref));
  if (ref === null || post === undefined) {
    args.reply.code(404);
    return args.page('Not found', renderMissingPost(), { current: '/safeguarding' });
  }
  const gate = args.gate();
  const audience = audienceFor(args.viewer);
  const item: InboxFlag = { flag: toFlagged(post, gate.release(post, audience)), thread: loadThread(args.db, gate, audience, post) };
  const decisions = loadSafeguardingDecisions(args.db, post.postId);
  const savedId = Number((args.request.query as { saved?: unknown } | undefined)?.saved);
  const saved = problem === null ? decisions.find((d) => d.id === savedId) : undefined;
  const body = renderFlagPage({ item, revision: post.revision, csrf: csrfField(args.viewer), decisions, audit: loadAuditOf(args.db, ref), problem: problem?.message ?? null, sent: problem?.sent ?? null });
  return args.page(`Flag ${ref}`, body, { current: '/safeguarding', notice: saved ? describeDecision(ref, saved) : null });
}

function decide(args: PageArgs): Html | PageResult {
  const ref = readRef(args);
  const post = ref === null ? undefined : loadPostByRef(args.db, ...toKey(ref));
  const form = (args.request.body ?? {}) as Record<string, unknown>;
  const sent = { decision: text(form.decision), note: text(form.note).trim(), level: text(form.level) };
  const refuse = (message: string, status: number) => {
    args.reply.code(status);
    return showFlag(args, { message, sent });
  };
  if (ref === null || post === undefined) return refuse('There is no such post any more; nothing was saved.', 404);
  if (sent.decision !== 'cleared' && sent.decision !== 'referred') return refuse('Choose "cleared" or "referred".', 400);
  if (sent.level !== '' && sent.level !== 'disclosure' && sent.level !== 'concern') return refuse('Choose the level: disclosure, concern or none.', 400);
  if (sent.note === '') return refuse('Write a note: why, and what was done.', 400);
  if (sent.note.length > MAX_DECISION_NOTE) return refuse(`Keep the note under ${MAX_DECISION_NOTE} characters.`, 400);
  // A decision covers the text the lead read: if the post changed since the page was shown, read it again.
  if (String(post.revision) !== text(form.revision)) return refuse(`${ref} changed since you opened it; nothing was saved. Read it again below.`, 409);
  const level = sent.decision === 'referred' && sent.level !== '' ? (sent.level as SafeguardingLevel) : null;
  const id = recordLeadDecision(args.db, { ...post, ref }, { kind: sent.decision as SafeguardingDecisionKind, note: sent.note, by: args.viewer.name, at: args.now.toISOString(), level });
  return { redirect: `${flagHref(ref)}?saved=${id}` };
}


function readRef(args: PageArgs): string | null {
  const ref = (args.request.params as { ref?: unknown } | undefined)?.ref;
  return typeof ref === 'string' && parsePostRef(ref) ? ref : null;
}

function toKey(ref: string): [string, string] {
  const parsed = parsePostRef(ref);
  return parsed ? [parsed.source, parsed.sourceId] : ['', ''];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
