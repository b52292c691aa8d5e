import type { Db } from './database';
import { prepared } from './statements';

export interface ConversationSnapshot {
  readonly conversationId: string;
  /** Every post id the platform still returns in the conversation. */
  readonly sourceIds: readonly string[];
}

/**
 * Marks deleted the stored posts of a conversation (its root excepted) that a complete re-read no
 * longer returned, so exports and reports leave them out. Returns how many were marked. Call inside
 * the transaction that saves the re-read posts.
 */
export function markMissingDeleted(db: Db, source: string, conversation: ConversationSnapshot, now: string): number {
  const stored = prepared(db, `SELECT id, source_id AS sourceId FROM posts WHERE source = ? AND conversation_id = ? AND deleted_at IS NULL`).all(
    source,
    conversation.conversationId,
  ) as Array<{ id: number; sourceId: string }>;
  const present = new Set(conversation.sourceIds);
  const mark = prepared(db, `UPDATE posts SET deleted_at = ?, updated_at = ? WHERE id = ?`);
  let marked = 0;
  for (const row of stored) {
    if (row.sourceId === conversation.conversationId || present.has(row.sourceId)) continue;
    marked += mark.run(now, now, row.id).changes;
  }
  return marked;
}

/**
 * Marks deleted a conversation's root (e.g. a Page post deleted on Facebook) and every stored post in
 * it, so they are erased after the collection as a deleted comment is. Returns how many were marked.
 * Call inside the transaction that saves the page that found it gone.
 */
export function markConversationDeleted(db: Db, source: string, conversationId: string, now: string): number {
  return prepared(
    db,
    `UPDATE posts SET deleted_at = ?, updated_at = ?
      WHERE source = ? AND (source_id = ? OR conversation_id = ?) AND deleted_at IS NULL`,
  ).run(now, now, source, conversationId, conversationId).changes;
}
