/** A person's safeguarding decision, recorded against the revision they saw (label, review). */
import { afterPersonDecision } from '../gate/screening';
import type { Db } from '../store/database';
import { loadScreening, saveScreening } from '../store/screenings';

export interface SeenPost {
  readonly postId: number;
  /** The revision the person was shown. */
  readonly revision: number;
}

export function recordPersonDecision(db: Db, post: SeenPost, decision: { flagged: boolean; by: string | null; at: string }): void {
  db.transaction(() => {
    const stored = loadScreening(db, post.postId);
    saveScreening(db, post.postId, afterPersonDecision(stored, { ...decision, revision: post.revision }), decision.at);
  })();
}
