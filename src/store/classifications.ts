/** Machine classifications: one row per post, replaced when the post, codebook or model changes. */
import type { Db } from './database';
import { inTransaction, prepared } from './statements';
import type { HeldPost } from '../gate/release';
import { SCREENING_STATES, type Screening, type ScreeningState } from '../gate/screening';
import { HELD_POST_COLUMNS, mapRows, toHeldPost, type HeldColumns } from './held-posts';
import { FLAG_LEVEL_SQL, SCREENING_COLUMNS, SCREENING_STATE_SQL, saveScreening, toScreening, type ScreeningColumns } from './screenings';

/** S4 (docs/labelling.md): the classifier's SafeguardingLevel, as stored (the store does not import the classifier). */
export type FlagLevel = 'disclosure' | 'concern';

export interface PostToClassify {
  readonly postId: number;
  readonly source: string;
  readonly sourceId: string;
  readonly revision: number;
  readonly text: string;
  /**
   * The text of the post this one replies to (same source, stored, not deleted), or null: a reply is
   * scored with its parent in view. Classifier input only, never an output.
   */
  readonly context: string | null;
  /** The outcomes stored before this run ('' none), or null when never classified. */
  readonly previousOutcomes: string | null;
  /** The post revision those outcomes were given to (a decision on older text is not kept). */
  readonly previousRevision: number | null;
  /** The post's screening before this run: the machine's verdict moves it (src/gate/screening.ts). */
  readonly screening: Screening | null;
}

export interface ClassificationRow {
  readonly postId: number;
  readonly postRevision: number;
  readonly outcomes: string;
  readonly scores: string;
  readonly safeguarding: number;
  readonly safeguardingScore: number;
  /** S4: 'disclosure' (urgent) or 'concern' for a flag, null otherwise. */
  readonly safeguardingLevel: FlagLevel | null;
  readonly confidence: number;
  readonly tone: string;
  readonly explanation: string;
  readonly codebookVersion: string;
  readonly modelVersion: string;
  readonly classifiedAt: string;
}

/** A post's parent (same source, stored, not deleted): a reply is classified with it in view. One index look-up on (source, source_id). */
const PARENT_JOIN = `LEFT JOIN posts parent ON parent.source = p.source AND parent.source_id = p.parent_source_id AND parent.deleted_at IS NULL`;

/**
 * A page of posts to classify, in id order after `afterId`: new or changed posts (never classified,
 * or classified at an older revision), replies whose parent arrived after they were classified (they
 * were scored without it, and the thread is part of what a reply means), or every post with `all`. Paged by id so the caller can write
 * between pages and memory stays one page whatever the table's size. Each row is an index look-up:
 * the parent by (source, source_id), which is unique; classification and screening by post id.
 */
export function loadPostsToClassify(db: Db, options: { all: boolean; afterId: number; limit: number }): PostToClassify[] {
  const rows = prepared(
    db,
    `SELECT p.id AS postId, p.source, p.source_id AS sourceId, p.revision, p.text, parent.text AS context, c.outcomes AS previousOutcomes, c.post_revision AS previousRevision, ${SCREENING_COLUMNS}
       FROM posts p
       ${PARENT_JOIN}
       LEFT JOIN classifications c ON c.post_id = p.id
       LEFT JOIN screenings s ON s.post_id = p.id
      WHERE p.id > @afterId AND p.deleted_at IS NULL
        AND (@all = 1 OR c.post_id IS NULL OR c.post_revision <> p.revision OR s.post_id IS NULL
             OR parent.first_seen_at > c.classified_at)
      ORDER BY p.id LIMIT @limit`,
  ).all({ all: options.all ? 1 : 0, afterId: options.afterId, limit: options.limit }) as Array<Omit<PostToClassify, 'screening'> & ScreeningColumns>;
  return rows.map((row) => ({ postId: row.postId, source: row.source, sourceId: row.sourceId, revision: row.revision, text: row.text, context: row.context, previousOutcomes: row.previousOutcomes, previousRevision: row.previousRevision, screening: toScreening(row) }));
}

const UPSERT = `
  INSERT INTO classifications (post_id, post_revision, outcomes, scores, safeguarding, safeguarding_score, safeguarding_level,
                               confidence, tone, explanation, codebook_version, model_version, classified_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (post_id) DO UPDATE SET
    post_revision = excluded.post_revision, outcomes = excluded.outcomes, scores = excluded.scores,
    safeguarding = excluded.safeguarding, safeguarding_score = excluded.safeguarding_score,
    safeguarding_level = excluded.safeguarding_level,
    confidence = excluded.confidence, tone = excluded.tone, explanation = excluded.explanation,
    codebook_version = excluded.codebook_version, model_version = excluded.model_version,
    classified_at = excluded.classified_at`;

/**
 * Saves a batch with each post's new screening in one transaction (or inside the caller's). Values are
 * bound by position, in `UPSERT`'s column order: binding thirteen by name took half as long again, and
 * an import saves a row for every post.
 */
export function saveClassifications(db: Db, rows: readonly ClassificationRow[], screenings: readonly Screening[]): void {
  const upsert = prepared(db, UPSERT);
  inTransaction(db, () => {
    rows.forEach((row, i) => {
      const { postId, postRevision, outcomes, scores, safeguarding, safeguardingScore, safeguardingLevel, confidence, tone, explanation, codebookVersion, modelVersion, classifiedAt } = row;
      upsert.run(postId, postRevision, outcomes, scores, safeguarding, safeguardingScore, safeguardingLevel, confidence, tone, explanation, codebookVersion, modelVersion, classifiedAt);
      const screening = screenings[i];
      if (screening) saveScreening(db, row.postId, screening, row.classifiedAt);
    });
  });
}

/** One post, held for the gate, with its revision (what a person's decision covers). */
export interface StoredPost extends HeldPost {
  readonly revision: number;
}

export function loadPostByRef(db: Db, source: string, sourceId: string): StoredPost | undefined {
  const row = prepared(
    db,
    `SELECT ${HELD_POST_COLUMNS}, p.revision
       FROM posts p LEFT JOIN authors a ON a.id = p.author_id LEFT JOIN screenings s ON s.post_id = p.id
      WHERE p.source = ? AND p.source_id = ? AND p.deleted_at IS NULL`,
  ).get(source, sourceId) as (HeldColumns & { revision: number }) | undefined;
  return row ? toHeldPost(row) : undefined;
}

/** The stored post this one replies to (same source, not deleted), held for the gate; undefined when none is stored. */
export function loadParentPost(db: Db, postId: number): HeldPost | undefined {
  const row = prepared(
    db,
    `SELECT ${HELD_POST_COLUMNS}
       FROM posts child JOIN posts p ON p.source = child.source AND p.source_id = child.parent_source_id AND p.deleted_at IS NULL
       LEFT JOIN authors a ON a.id = p.author_id LEFT JOIN screenings s ON s.post_id = p.id
      WHERE child.id = ?`,
  ).get(postId) as HeldColumns | undefined;
  return row ? toHeldPost(row) : undefined;
}

/** The classifier's input for one post (explain re-runs the classifier): its text and its parent's, as classify sees them; never an output. */
export function loadClassifierInput(db: Db, postId: number): { readonly text: string; readonly context: string | null } {
  const row = prepared(
    db,
    `SELECT p.text, parent.text AS context
       FROM posts p
       ${PARENT_JOIN}
      WHERE p.id = ?`,
  ).get(postId) as { text: string; context: string | null } | undefined;
  return { text: row?.text ?? '', context: row?.context ?? null };
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

export interface QueueItem extends HeldPost {
  /** The revision shown: a person's decision covers it. */
  readonly revision: number;
  readonly outcomes: string;
  readonly scores: string;
  /** The classifier's latest verdict on the flag. */
  readonly machineFlag: number;
  /** The classifier's latest level (S4), null when its latest verdict is no flag (a machine flag still stands). */
  readonly safeguardingLevel: FlagLevel | null;
  readonly safeguardingScore: number | null;
  readonly confidence: number | null;
  readonly explanation: string | null;
  /** The stored screening (who decided what, and when), null when never screened. */
  readonly stored: Screening | null;
}

type QueueColumns = HeldColumns & ScreeningColumns & Omit<QueueItem, keyof HeldPost | 'stored'>;

const QUEUE_COLUMNS = `${HELD_POST_COLUMNS}, ${SCREENING_COLUMNS}, p.revision,
  c.outcomes, c.scores, c.safeguarding AS machineFlag, c.safeguarding_level AS safeguardingLevel,
  coalesce(s.score, c.safeguarding_score) AS safeguardingScore, c.confidence, c.explanation`;

const QUEUE_FROM = `FROM classifications c JOIN posts p ON p.id = c.post_id
  LEFT JOIN authors a ON a.id = p.author_id
  LEFT JOIN screenings s ON s.post_id = p.id`;

function toQueueItem(row: QueueColumns): QueueItem {
  const { s_state, s_revision, s_score, s_decidedBy, s_decidedAt, s_decidedRevision, s_level, ...rest } = row;
  const stored = toScreening({ s_state, s_revision, s_score, s_decidedBy, s_decidedAt, s_decidedRevision, s_level });
  return { ...toHeldPost(rest), stored };
}

/**
 * Machine suggestions no person has decided, least confident first; only posts screened clear for
 * their current revision (flagged and unscreened text goes to the safeguarding lead, not here).
 * Streamed: the caller stops when it has enough (it leaves out the organisation's own posts).
 */
export function iterateReviewQueue(db: Db): Iterable<QueueItem> {
  const rows = prepared(
    db,
    `SELECT ${QUEUE_COLUMNS} ${QUEUE_FROM}
       LEFT JOIN labels l ON l.post_id = p.id
      WHERE l.post_id IS NULL AND p.deleted_at IS NULL
        AND ${SCREENING_STATE_SQL} IN ('machine-clear', 'person-cleared')
      ORDER BY c.confidence ASC, p.id ASC`,
  ).iterate() as IterableIterator<QueueColumns>;
  return mapRows(rows, toQueueItem);
}

const LEVEL_RANK = `CASE ${FLAG_LEVEL_SQL} WHEN 'disclosure' THEN 0 WHEN 'concern' THEN 1 ELSE 2 END`;

/**
 * Posts whose flag stands (the machine's or a person's, not cleared by a person), in the order the
 * safeguarding lead reads them: people's flags first, then the machine's; within each, disclosures
 * before concerns (S4: a person's level wins over the classifier's), then flags with no level (the
 * latest model no longer raises them), each by score.
 */
export function loadFlagged(db: Db, limit: number): QueueItem[] {
  const rows = prepared(
    db,
    `SELECT ${FLAG_COLUMNS}
       FROM screenings s JOIN posts p ON p.id = s.post_id
       LEFT JOIN authors a ON a.id = p.author_id
       LEFT JOIN classifications c ON c.post_id = p.id
      WHERE p.deleted_at IS NULL AND s.state IN ('machine-flagged', 'person-flagged')
      ORDER BY s.state = 'machine-flagged', ${LEVEL_RANK}, s.score DESC, p.created_at, p.id LIMIT ?`,
  ).all(limit) as QueueColumns[];
  return rows.map(toQueueItem);
}

/** One post as the safeguarding lead reads it, flagged or not (a decided flag's page). */
export function loadFlagItem(db: Db, source: string, sourceId: string): QueueItem | undefined {
  const row = prepared(
    db,
    `SELECT ${FLAG_COLUMNS}
       FROM posts p LEFT JOIN screenings s ON s.post_id = p.id
       LEFT JOIN authors a ON a.id = p.author_id
       LEFT JOIN classifications c ON c.post_id = p.id
      WHERE p.deleted_at IS NULL AND p.source = ? AND p.source_id = ?`,
  ).get(source, sourceId) as QueueColumns | undefined;
  return row ? toQueueItem(row) : undefined;
}

const FLAG_COLUMNS = `${HELD_POST_COLUMNS}, ${SCREENING_COLUMNS}, p.revision,
  coalesce(c.outcomes, '') AS outcomes, coalesce(c.scores, '{}') AS scores, coalesce(c.safeguarding, 0) AS machineFlag,
  ${FLAG_LEVEL_SQL} AS safeguardingLevel, coalesce(s.score, c.safeguarding_score) AS safeguardingScore, c.confidence, c.explanation`;

export interface FlagCounts {
  readonly disclosures: number;
  readonly concerns: number;
  /** Standing flags without a level: the latest model no longer raises them (a person's flag may have none). */
  readonly other: number;
}

/** Standing flags by level (S4: a person's, else the classifier's latest), as the safeguarding inbox counts them. */
export function loadFlagCounts(db: Db): FlagCounts {
  const rows = prepared(
    db,
    `SELECT ${FLAG_LEVEL_SQL} AS level, count(*) AS n
       FROM screenings s JOIN posts p ON p.id = s.post_id LEFT JOIN classifications c ON c.post_id = p.id
      WHERE p.deleted_at IS NULL AND s.state IN ('machine-flagged', 'person-flagged') GROUP BY 1`,
  ).all() as Array<{ level: FlagLevel | null; n: number }>;
  const count = (level: FlagLevel | null) => rows.find((r) => r.level === level)?.n ?? 0;
  return { disclosures: count('disclosure'), concerns: count('concern'), other: count(null) };
}

/** A post's direct replies (same source, stored, not deleted), oldest first, held for the gate. */
export function loadReplies(db: Db, post: { readonly source: string; readonly sourceId: string }, limit: number): HeldPost[] {
  const rows = prepared(
    db,
    `SELECT ${HELD_POST_COLUMNS}
       FROM posts p LEFT JOIN authors a ON a.id = p.author_id LEFT JOIN screenings s ON s.post_id = p.id
      WHERE p.source = ? AND p.parent_source_id = ? AND p.deleted_at IS NULL
      ORDER BY p.created_at IS NULL, p.created_at, p.id LIMIT ?`,
  ).all(post.source, post.sourceId, limit) as HeldColumns[];
  return rows.map(toHeldPost);
}

/** How many posts are in each screening state (deleted posts left out). */
export function loadScreeningCounts(db: Db): Record<ScreeningState, number> {
  const rows = prepared(
    db,
    `SELECT ${SCREENING_STATE_SQL} AS state, count(*) AS n
       FROM posts p LEFT JOIN screenings s ON s.post_id = p.id
      WHERE p.deleted_at IS NULL GROUP BY 1`,
  ).all() as Array<{ state: ScreeningState; n: number }>;
  const counts = Object.fromEntries(SCREENING_STATES.map((state) => [state, 0])) as Record<ScreeningState, number>;
  for (const row of rows) counts[row.state] = row.n;
  return counts;
}
