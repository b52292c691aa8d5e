/**
 * A person's outcome label, saved the same way from `onevision label`, `onevision review` and the
 * desk: the label row and its audit entry in one transaction. The entry records what the label
 * replaced, so the desk can undo a save exactly (and the trail shows what changed).
 */
import { parsePostRef } from '../core/post';
import { loadAuditEntry } from '../store/audit';
import { loadPostByRef } from '../store/classifications';
import type { Db } from '../store/database';
import { deleteLabel, loadLabel, saveLabel, type LabelRow } from '../store/labels';
import { recordAudit } from './audit-trail';
import type { DecidedPost } from './screening-decisions';

export interface LabelDecision {
  /** As stored: ascending, ';'-joined, '' for none. */
  readonly outcomes: string;
  /** null keeps the note the label had. */
  readonly note: string | null;
  readonly by: string | null;
  readonly at: Date;
  /** Where it was made when not with `onevision label`: 'review', 'desk'. */
  readonly via?: string;
}

/** The label a save replaced, as its audit entry keeps it. */
interface ReplacedLabel {
  readonly outcomes: string;
  readonly revision: number;
  readonly by: string | null;
  readonly at: string;
}

/** Saves the label and its audit entry; returns the entry's id (what an undo names). */
export function recordLabel(db: Db, post: DecidedPost, decision: LabelDecision): number {
  return db.transaction(() => {
    const before = loadLabel(db, post.postId);
    const replaced: ReplacedLabel | null = before ? { outcomes: before.outcomes, revision: before.postRevision, by: before.labelledBy, at: before.labelledAt } : null;
    const at = decision.at.toISOString();
    saveLabel(db, { postId: post.postId, postRevision: post.revision, outcomes: decision.outcomes, note: decision.note, labelledBy: decision.by, labelledAt: at });
    const via = decision.via === undefined ? {} : { via: decision.via };
    return recordAudit(db, decision.at, { action: 'label', subject: post.ref, details: { by: decision.by, outcomes: decision.outcomes, revision: post.revision, ...via, replaced } });
  }).immediate();
}

export type UndoResult =
  | { readonly ok: true; readonly ref: string; readonly restored: string | null; /** The undo's own audit entry. */ readonly auditId: number }
  | { readonly ok: false; readonly problem: string };

/**
 * Puts back what a person's own save replaced (or removes the label when there was none), provided
 * nobody has labelled the post since: an undo never throws away someone else's later decision.
 */
export function undoLabel(db: Db, auditId: number, by: string, at: Date): UndoResult {
  return db.transaction((): UndoResult => {
    const entry = loadAuditEntry(db, auditId);
    const details = entry?.details as { by?: unknown; outcomes?: unknown; replaced?: ReplacedLabel | null } | undefined;
    if (!entry || entry.action !== 'label' || details?.by !== by || entry.subject === null || details.replaced === undefined) return { ok: false, problem: 'There is no save of yours to undo.' };
    const ref = parsePostRef(entry.subject);
    const post = ref ? loadPostByRef(db, ref.source, ref.sourceId) : undefined;
    if (!post) return { ok: false, problem: `${entry.subject} is no longer in the database.` };
    const current = loadLabel(db, post.postId);
    if (!isTheSave(current, entry.at, by, details.outcomes)) return { ok: false, problem: `${entry.subject} was labelled again since (or already undone): nothing was changed.` };
    const replaced = details.replaced;
    if (replaced === null) deleteLabel(db, post.postId);
    else saveLabel(db, { postId: post.postId, postRevision: replaced.revision, outcomes: replaced.outcomes, note: null, labelledBy: replaced.by, labelledAt: replaced.at });
    const undoId = recordAudit(db, at, { action: 'label-undone', subject: entry.subject, details: { by, undid: auditId, restored: replaced?.outcomes ?? null } });
    return { ok: true, ref: entry.subject, restored: replaced?.outcomes ?? null, auditId: undoId };
  }).immediate();
}

function isTheSave(current: LabelRow | undefined, at: string, by: string, outcomes: unknown): boolean {
  return current !== undefined && current.labelledAt === at && current.labelledBy === by && current.outcomes === outcomes;
}
