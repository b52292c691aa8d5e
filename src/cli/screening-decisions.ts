/** A person's safeguarding decision, recorded against the revision they saw (label, review). */
import type { SafeguardingLevel } from '../classify/codebook';
import { afterPersonDecision, type PersonDecision } from '../gate/screening';
import type { Db } from '../store/database';
import { loadSafeguardingDecisions, saveSafeguardingDecision, type SafeguardingDecisionKind } from '../store/safeguarding-decisions';
import { loadScreening, saveScreening } from '../store/screenings';
import { recordAudit } from './audit-trail';

export interface SeenPost {
  readonly postId: number;
  /** The revision the person was shown. */
  readonly revision: number;
}

export interface DecidedPost extends SeenPost {
  /** SOURCE:ID, for the audit trail. */
  readonly ref: string;
}

/** Saves the decision and its audit entry (with `details` added to it) in one transaction. */
export function recordPersonDecision(db: Db, post: DecidedPost, decision: Omit<PersonDecision, 'revision'>, details: Readonly<Record<string, unknown>> = {}): void {
  db.transaction(() => {
    const stored = loadScreening(db, post.postId);
    saveScreening(db, post.postId, afterPersonDecision(stored, { ...decision, revision: post.revision }), decision.at);
    recordAudit(db, new Date(decision.at), { action: decision.flagged ? 'flag-raised' : 'flag-cleared', subject: post.ref, details: { by: decision.by, revision: post.revision, ...details } });
  }).immediate();
}

/**
 * The safeguarding lead's decision on the desk, with its note. "cleared" is a person's clear of the
 * text they read (as `label --safeguarding no`): it is released to others. "referred" is a person's
 * flag (passed on under the safeguarding procedure): it stays withheld until a person clears it. The
 * audit entry names the decision's id; the note stays in the decisions table, off the trail that
 * other pages show. Returns the decision's id.
 */
export function recordLeadDecision(db: Db, post: DecidedPost, decision: { kind: SafeguardingDecisionKind; note: string; by: string; at: string; level?: SafeguardingLevel | null }): number {
  return db.transaction(() => {
    const level = decision.kind === 'referred' ? (decision.level ?? null) : null;
    // The same form sent twice (a double click, a reload) is one decision, not two on the trail.
    const repeated = sameAsLastDecision(db, post, { ...decision, level });
    if (repeated !== undefined) return repeated;
    const id = saveSafeguardingDecision(db, { postId: post.postId, postRevision: post.revision, decision: decision.kind, note: decision.note, decidedBy: decision.by, decidedAt: decision.at });
    recordPersonDecision(db, post, { flagged: decision.kind === 'referred', by: decision.by, at: decision.at, level }, { decision: decision.kind, decisionId: id, via: 'desk', ...(level ? { level } : {}) });
    return id;
  }).immediate();
}

/** The id of the post's latest decision when it is this one again (same person, decision, note, level and text revision). */
function sameAsLastDecision(db: Db, post: DecidedPost, decision: { kind: SafeguardingDecisionKind; note: string; by: string; level: SafeguardingLevel | null }): number | undefined {
  const last = loadSafeguardingDecisions(db, post.postId).at(-1);
  if (!last || last.decision !== decision.kind || last.note !== decision.note || last.decidedBy !== decision.by || last.postRevision !== post.revision) return undefined;
  const screening = loadScreening(db, post.postId);
  const state = decision.kind === 'referred' ? 'person-flagged' : 'person-cleared';
  const unchanged = screening?.state === state && screening.decidedBy === decision.by && screening.decidedRevision === post.revision && screening.level === decision.level;
  return unchanged ? last.id : undefined;
}
