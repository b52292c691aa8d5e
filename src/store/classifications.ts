/** Machine classifications: one row per post, replaced when the post, codebook or model changes. */
import type { Db } from './database';
import { prepared } from './statements';

export interface PostToClassify {
  readonly postId: number;
  readonly revision: number;
  readonly text: string;
  /** The outcomes stored before this run ('' none), or null when never classified. */
  readonly previousOutcomes: string | null;
}

export interface ClassificationRow {
  readonly postId: number;
  readonly postRevision: number;
  readonly outcomes: string;
  readonly scores: string;
  readonly safeguarding: number;
  readonly safeguardingScore: number;
  readonly confidence: number;
  readonly tone: string;
  readonly explanation: string;
  readonly codebookVersion: string;
  readonly modelVersion: string;
  readonly classifiedAt: string;
}

/**
 * A page of posts to classify, in id order after `afterId`: new or changed posts (never classified,
 * or classified at an older revision), or every post with `all`. Paged so the caller can write between pages.
 */
export function loadPostsToClassify(db: Db, options: { all: boolean; afterId: number; limit: number }): PostToClassify[] {
  return prepared(
    db,
    `SELECT p.id AS postId, p.revision, p.text, c.outcomes AS previousOutcomes
       FROM posts p LEFT JOIN classifications c ON c.post_id = p.id
      WHERE p.id > @afterId AND p.deleted_at IS NULL
        AND (@all = 1 OR c.post_id IS NULL OR c.post_revision <> p.revision)
      ORDER BY p.id LIMIT @limit`,
  ).all({ all: options.all ? 1 : 0, afterId: options.afterId, limit: options.limit }) as PostToClassify[];
}

const UPSERT = `
  INSERT INTO classifications (post_id, post_revision, outcomes, scores, safeguarding, safeguarding_score, confidence, tone,
                               explanation, codebook_version, model_version, classified_at)
  VALUES (@postId, @postRevision, @outcomes, @scores, @safeguarding, @safeguardingScore, @confidence, @tone,
          @explanation, @codebookVersion, @modelVersion, @classifiedAt)
  ON CONFLICT (post_id) DO UPDATE SET
    post_revision = excluded.post_revision, outcomes = excluded.outcomes, scores = excluded.scores,
    safeguarding = excluded.safeguarding, safeguarding_score = excluded.safeguarding_score,
    confidence = excluded.confidence, tone = excluded.tone, explanation = excluded.explanation,
    codebook_version = excluded.codebook_version, model_version = excluded.model_version,
    classified_at = excluded.classified_at`;

/** Saves a batch in one transaction (or inside the caller's). */
export function saveClassifications(db: Db, rows: readonly ClassificationRow[]): void {
  const upsert = prepared(db, UPSERT);
  db.transaction(() => {
    for (const row of rows) upsert.run(row);
  })();
}

export interface StoredPost {
  readonly postId: number;
  readonly source: string;
  readonly sourceId: string;
  readonly text: string;
  readonly url: string | null;
  readonly createdAt: string | null;
  readonly revision: number;
}

export function loadPostByRef(db: Db, source: string, sourceId: string): StoredPost | undefined {
  return prepared(
    db,
    `SELECT id AS postId, source, source_id AS sourceId, text, url, created_at AS createdAt, revision
       FROM posts WHERE source = ? AND source_id = ? AND deleted_at IS NULL`,
  ).get(source, sourceId) as StoredPost | undefined;
}

export interface StoredClassification {
  readonly outcomes: string;
  readonly scores: string;
  readonly safeguarding: number;
  readonly safeguardingScore: number | null;
  readonly confidence: number | null;
  readonly tone: string | null;
  readonly explanation: string | null;
  readonly codebookVersion: string;
  readonly modelVersion: string;
  readonly classifiedAt: string;
  readonly postRevision: number;
}

export function loadClassification(db: Db, postId: number): StoredClassification | undefined {
  return prepared(
    db,
    `SELECT outcomes, scores, safeguarding, safeguarding_score AS safeguardingScore, confidence, tone, explanation,
            codebook_version AS codebookVersion, model_version AS modelVersion, classified_at AS classifiedAt,
            post_revision AS postRevision
       FROM classifications WHERE post_id = ?`,
  ).get(postId) as StoredClassification | undefined;
}

export interface QueueItem {
  readonly postId: number;
  readonly source: string;
  readonly sourceId: string;
  readonly text: string;
  readonly url: string | null;
  readonly createdAt: string | null;
  readonly outcomes: string;
  readonly scores: string;
  readonly safeguarding: number;
  readonly safeguardingScore: number | null;
  readonly confidence: number | null;
  readonly explanation: string | null;
}

const QUEUE_COLUMNS = `p.id AS postId, p.source, p.source_id AS sourceId, p.text, p.url, p.created_at AS createdAt,
  c.outcomes, c.scores, c.safeguarding, c.safeguarding_score AS safeguardingScore, c.confidence, c.explanation`;

/** Machine suggestions no person has decided, least confident first. */
export function loadReviewQueue(db: Db, limit: number): QueueItem[] {
  return prepared(
    db,
    `SELECT ${QUEUE_COLUMNS}
       FROM classifications c JOIN posts p ON p.id = c.post_id
       LEFT JOIN labels l ON l.post_id = p.id
      WHERE l.post_id IS NULL AND p.deleted_at IS NULL
      ORDER BY c.confidence ASC, p.id ASC LIMIT ?`,
  ).all(limit) as QueueItem[];
}

/** Posts flagged for safeguarding that no person has cleared: a human flag, or the machine's with no human decision. */
export function loadFlagged(db: Db, limit: number): QueueItem[] {
  return prepared(
    db,
    `SELECT ${QUEUE_COLUMNS}
       FROM posts p LEFT JOIN classifications c ON c.post_id = p.id
       LEFT JOIN labels l ON l.post_id = p.id
      WHERE p.deleted_at IS NULL AND coalesce(l.safeguarding, c.safeguarding) = 1
      ORDER BY l.safeguarding IS NULL, c.safeguarding_score DESC, p.created_at, p.id LIMIT ?`,
  ).all(limit) as QueueItem[];
}
