/**
 * What a new model or codebook changed: a row per post whose machine outcomes differ from those an
 * earlier version gave the same text (migration 10). Written in the same transaction as the new
 * classifications; read by `onevision changes`. Outcomes only: post text reaches outputs through the
 * gate, sealed in HeldPost.
 */
import type { HeldPost } from '../gate/release';
import type { Db } from './database';
import { HELD_POST_COLUMNS, toHeldPost, type HeldColumns } from './held-posts';
import { LABEL_CURRENT } from './post-filter';
import { inTransaction, prepared } from './statements';

/** A post's classification before this run, as the change needs it. */
export interface PreviousClassification {
  readonly postRevision: number;
  readonly outcomes: string;
  readonly modelVersion: string;
  readonly codebookVersion: string;
}

export interface ClassificationChangeRow {
  readonly postId: number;
  readonly postRevision: number;
  readonly changedAt: string;
  readonly fromModel: string;
  readonly toModel: string;
  readonly fromCodebook: string;
  readonly toCodebook: string;
  readonly fromOutcomes: string;
  readonly toOutcomes: string;
}

/** The stored classifications of posts with ids in (afterId, lastId]: one page of a classification run. */
export function loadPreviousClassifications(db: Db, afterId: number, lastId: number): Map<number, PreviousClassification> {
  const rows = prepared(
    db,
    `SELECT post_id AS postId, post_revision AS postRevision, outcomes, model_version AS modelVersion, codebook_version AS codebookVersion
       FROM classifications WHERE post_id > ? AND post_id <= ?`,
  ).all(afterId, lastId) as Array<PreviousClassification & { postId: number }>;
  return new Map(rows.map(({ postId, ...previous }) => [postId, previous]));
}

/** In the caller's transaction when there is one (classifyPosts saves a page and its changes together). */
export function saveClassificationChanges(db: Db, rows: readonly ClassificationChangeRow[]): void {
  const insert = prepared(
    db,
    `INSERT INTO classification_changes (post_id, post_revision, changed_at, from_model, to_model, from_codebook, to_codebook, from_outcomes, to_outcomes)
     VALUES (@postId, @postRevision, @changedAt, @fromModel, @toModel, @fromCodebook, @toCodebook, @fromOutcomes, @toOutcomes)`,
  );
  inTransaction(db, () => {
    for (const row of rows) insert.run(row);
  });
}

export interface VersionPair {
  readonly fromModel: string;
  readonly toModel: string;
  readonly fromCodebook: string;
  readonly toCodebook: string;
  /** Posts with a recorded change (a post counts once however often it changed). */
  readonly posts: number;
  /** When the latest change of the pair was recorded. */
  readonly lastChangedAt: string;
}

/** Every recorded pair of versions, the most recently recorded first. */
export function loadVersionPairs(db: Db): VersionPair[] {
  return prepared(
    db,
    `SELECT from_model AS fromModel, to_model AS toModel, max(from_codebook) AS fromCodebook, max(to_codebook) AS toCodebook,
            count(DISTINCT ch.post_id) AS posts, max(changed_at) AS lastChangedAt
       FROM classification_changes ch JOIN posts p ON p.id = ch.post_id
      WHERE p.deleted_at IS NULL
      GROUP BY from_model, to_model
      ORDER BY max(ch.id) DESC`,
  ).all() as VersionPair[];
}

/** Per post, its latest change between the two versions (a post may have gone back and forth). */
const LATEST_OF_PAIR = `
  FROM classification_changes ch JOIN posts p ON p.id = ch.post_id
  LEFT JOIN authors a ON a.id = p.author_id
  LEFT JOIN screenings s ON s.post_id = p.id
  LEFT JOIN labels l ON l.post_id = p.id
  WHERE ch.id IN (SELECT max(id) FROM classification_changes WHERE from_model = @fromModel AND to_model = @toModel GROUP BY post_id)
    AND p.deleted_at IS NULL`;

export interface ChangedOutcomes {
  readonly fromOutcomes: string;
  readonly toOutcomes: string;
  /** A person's label of this text wins in every output, whatever the classifier says. */
  readonly labelled: boolean;
}

/** The outcome pairs of every post changed between the versions, for the counts (no text, no limit). */
export function loadChangedOutcomes(db: Db, fromModel: string, toModel: string): ChangedOutcomes[] {
  const rows = prepared(db, `SELECT ch.from_outcomes AS fromOutcomes, ch.to_outcomes AS toOutcomes, ${LABEL_CURRENT} AS labelled ${LATEST_OF_PAIR}`).all({ fromModel, toModel }) as Array<
    Omit<ChangedOutcomes, 'labelled'> & { labelled: number }
  >;
  return rows.map((row) => ({ ...row, labelled: row.labelled === 1 }));
}

export interface ChangedPost extends HeldPost, ChangedOutcomes {
  readonly changedAt: string;
}

/** The posts changed between the versions, held for the gate, oldest first. */
export function loadChangedPosts(db: Db, fromModel: string, toModel: string, limit: number): ChangedPost[] {
  const rows = prepared(
    db,
    `SELECT ${HELD_POST_COLUMNS}, ch.from_outcomes AS fromOutcomes, ch.to_outcomes AS toOutcomes, ch.changed_at AS changedAt,
            ${LABEL_CURRENT} AS labelled
       ${LATEST_OF_PAIR}
      ORDER BY p.created_at IS NULL, p.created_at, p.source, p.source_id
      LIMIT @limit`,
  ).all({ fromModel, toModel, limit }) as Array<HeldColumns & Omit<ChangedOutcomes, 'labelled'> & { changedAt: string; labelled: number }>;
  return rows.map((row) => ({ ...toHeldPost(row), labelled: row.labelled === 1 }));
}
