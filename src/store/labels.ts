/** Human decisions: they win over the classifier everywhere and survive re-classification and retraining. */
import type { SafeguardingLevel } from '../classify/codebook';
import type { Db } from './database';
import { prepared } from './statements';

export interface LabelRow {
  readonly postId: number;
  /** The text revision the person saw: the label counts while the text is unchanged. */
  readonly postRevision: number;
  /** `1;3`, '' for none. */
  readonly outcomes: string;
  readonly note: string | null;
  readonly labelledBy: string | null;
  readonly labelledAt: string;
}

export function saveLabel(db: Db, label: LabelRow): void {
  prepared(
    db,
    `INSERT INTO labels (post_id, post_revision, outcomes, note, labelled_by, labelled_at)
     VALUES (@postId, @postRevision, @outcomes, @note, @labelledBy, @labelledAt)
     ON CONFLICT (post_id) DO UPDATE SET
       post_revision = excluded.post_revision,
       outcomes = excluded.outcomes,
       note = coalesce(excluded.note, labels.note),
       labelled_by = excluded.labelled_by,
       labelled_at = excluded.labelled_at`,
  ).run(label);
}

/** Takes a person's label away (an undo on the desk), so the classifier's outcomes count again. */
export function deleteLabel(db: Db, postId: number): void {
  prepared(db, `DELETE FROM labels WHERE post_id = ?`).run(postId);
}

export function loadLabel(db: Db, postId: number): LabelRow | undefined {
  return prepared(
    db,
    `SELECT post_id AS postId, post_revision AS postRevision, outcomes, note, labelled_by AS labelledBy, labelled_at AS labelledAt FROM labels WHERE post_id = ?`,
  ).get(postId) as LabelRow | undefined;
}

export interface LabelledText {
  readonly source: string;
  readonly sourceId: string;
  readonly text: string;
  readonly outcomes: string;
  /** A person's safeguarding decision on this very text, null when none. */
  readonly safeguarding: number | null;
  /** The level a person gave their flag on this text (S4), null when none. */
  readonly level: SafeguardingLevel | null;
}

/** Every human label of a post's current text, with the person's safeguarding decision on it, for training. */
export function loadLabelledTexts(db: Db): LabelledText[] {
  return prepared(
    db,
    `SELECT p.source, p.source_id AS sourceId, p.text, l.outcomes,
            CASE WHEN s.decided_revision = p.revision AND s.state = 'person-flagged' THEN 1
                 WHEN s.decided_revision = p.revision AND s.state = 'person-cleared' THEN 0 END AS safeguarding,
            CASE WHEN s.decided_revision = p.revision AND s.state = 'person-flagged' THEN s.level END AS level
       FROM labels l JOIN posts p ON p.id = l.post_id
       LEFT JOIN screenings s ON s.post_id = p.id
      WHERE p.deleted_at IS NULL AND l.post_revision = p.revision ORDER BY p.id`,
  ).all() as LabelledText[];
}
