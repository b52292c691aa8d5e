/**
 * The safeguarding lead's decisions with their notes (migration 13). The screening row (screenings.ts)
 * says where a post stands now; these rows say who decided what, on which text, and why. A note may
 * describe the disclosure: only the lead's pages read it.
 */
import type { Db } from './database';
import { prepared } from './statements';

export type SafeguardingDecisionKind = 'cleared' | 'referred';

export interface SafeguardingDecision {
  readonly postId: number;
  readonly postRevision: number;
  readonly decision: SafeguardingDecisionKind;
  readonly note: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export interface StoredSafeguardingDecision extends SafeguardingDecision {
  readonly id: number;
}

/** Returns the decision's id (its audit entry names it). */
export function saveSafeguardingDecision(db: Db, decision: SafeguardingDecision): number {
  const result = prepared(
    db,
    `INSERT INTO safeguarding_decisions (post_id, post_revision, decision, note, decided_by, decided_at)
     VALUES (@postId, @postRevision, @decision, @note, @decidedBy, @decidedAt)`,
  ).run(decision);
  return Number(result.lastInsertRowid);
}

/** A post's decisions, oldest first. */
export function loadSafeguardingDecisions(db: Db, postId: number): StoredSafeguardingDecision[] {
  return prepared(
    db,
    `SELECT id, post_id AS postId, post_revision AS postRevision, decision, note, decided_by AS decidedBy, decided_at AS decidedAt
       FROM safeguarding_decisions WHERE post_id = ? ORDER BY id`,
  ).all(postId) as StoredSafeguardingDecision[];
}
