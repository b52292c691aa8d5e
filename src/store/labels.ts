/** Human decisions: they win over the classifier everywhere and survive re-classification and retraining. */
import type { Db } from './database';
import { prepared } from './statements';

export interface LabelRow {
  readonly postId: number;
  /** `1;3`, '' for none. */
  readonly outcomes: string;
  /** null: no human decision on the flag (the machine's stands). */
  readonly safeguarding: number | null;
  readonly note: string | null;
  readonly labelledBy: string | null;
  readonly labelledAt: string;
}

export function saveLabel(db: Db, label: LabelRow): void {
  prepared(
    db,
    `INSERT INTO labels (post_id, outcomes, safeguarding, note, labelled_by, labelled_at)
     VALUES (@postId, @outcomes, @safeguarding, @note, @labelledBy, @labelledAt)
     ON CONFLICT (post_id) DO UPDATE SET
       outcomes = excluded.outcomes,
       safeguarding = coalesce(excluded.safeguarding, labels.safeguarding),
       note = coalesce(excluded.note, labels.note),
       labelled_by = excluded.labelled_by,
       labelled_at = excluded.labelled_at`,
  ).run(label);
}

export function loadLabel(db: Db, postId: number): LabelRow | undefined {
  return prepared(
    db,
    `SELECT post_id AS postId, outcomes, safeguarding, note, labelled_by AS labelledBy, labelled_at AS labelledAt FROM labels WHERE post_id = ?`,
  ).get(postId) as LabelRow | undefined;
}

export interface LabelledText {
  readonly source: string;
  readonly sourceId: string;
  readonly text: string;
  readonly outcomes: string;
  readonly safeguarding: number | null;
}

/** Every human label with its post's text, for training. */
export function loadLabelledTexts(db: Db): LabelledText[] {
  return prepared(
    db,
    `SELECT p.source, p.source_id AS sourceId, p.text, l.outcomes, l.safeguarding
       FROM labels l JOIN posts p ON p.id = l.post_id
      WHERE p.deleted_at IS NULL ORDER BY p.id`,
  ).all() as LabelledText[];
}
