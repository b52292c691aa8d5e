/** A person's safeguarding decision, recorded against the revision they saw (label, review). */
import { afterPersonDecision } from '../gate/screening';
import type { Db } from '../store/database';
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

/** Saves the decision and its audit entry in one transaction. */
export function recordPersonDecision(db: Db, post: DecidedPost, decision: { flagged: boolean; by: string | null; at: string }): void {
  db.transaction(() => {
    const stored = loadScreening(db, post.postId);
    saveScreening(db, post.postId, afterPersonDecision(stored, { ...decision, revision: post.revision }), decision.at);
    recordAudit(db, new Date(decision.at), { action: decision.flagged ? 'flag-raised' : 'flag-cleared', subject: post.ref, details: { by: decision.by, revision: post.revision } });
  })();
}
