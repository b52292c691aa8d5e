/**
 * Everything the desk's post page shows about one post: the post and its thread (parent and
 * replies), its classification, and its history of decisions (the label, the screening, the
 * safeguarding lead's decisions, what new models changed, the audit trail). Text, links and authors leave only as HeldPost for the gate; the
 * stored explanation names words of the text, so it is not here (`explain` gates its evidence).
 */
import type { HeldPost } from '../gate/release';
import type { Screening } from '../gate/screening';
import type { AuditRow } from './audit';
import { parseOutcomes } from './browse';
import type { ClassificationChangeRow } from './classification-changes';
import type { FlagLevel } from './classifications';
import type { Db } from './database';
import { HELD_POST_COLUMNS, toHeldPost, type HeldColumns } from './held-posts';
import type { StoredSafeguardingDecision } from './safeguarding-decisions';
import { SCREENING_COLUMNS, toScreening, type ScreeningColumns } from './screenings';
import { prepared } from './statements';

export interface DetailPost extends HeldPost {
  /** The current text revision: classifications, labels and screenings each cover one. */
  readonly revision: number;
  readonly parentSourceId: string | null;
  readonly question: string | null;
  readonly lang: string | null;
  readonly firstSeenAt: string;
  readonly updatedAt: string;
}

export interface DetailClassification {
  readonly outcomes: readonly number[];
  /** Per outcome number, the classifier's score. */
  readonly scores: Readonly<Record<string, number>>;
  readonly safeguarding: boolean;
  readonly safeguardingScore: number | null;
  readonly safeguardingLevel: FlagLevel | null;
  readonly confidence: number | null;
  readonly tone: string | null;
  readonly modelVersion: string;
  readonly codebookVersion: string;
  readonly classifiedAt: string;
  /** The revision the classifier read; older than the post's when the text changed since. */
  readonly postRevision: number;
}

export interface DetailLabel {
  readonly outcomes: readonly number[];
  readonly postRevision: number | null;
  readonly labelledBy: string | null;
  readonly labelledAt: string;
  /**
   * Whether the person left a note. Not the note itself: a note describes the text ("R4: parental
   * drinking named") and may name people, so it would need the gate's decision to leave.
   */
  readonly hasNote: boolean;
}

export interface PostDetail {
  readonly post: DetailPost;
  /** The post it replies to (same source, stored, not deleted), null when none is stored. */
  readonly parent: HeldPost | null;
  /** The post it replies to was erased (`forget`): its id is in the erasure ledger, and no page may show it. */
  readonly parentErased: boolean;
  /** Direct replies, oldest first, at most MAX_REPLIES. */
  readonly replies: readonly HeldPost[];
  /** Replies stored in all (more than `replies` holds when past MAX_REPLIES). */
  readonly replyCount: number;
  readonly classification: DetailClassification | null;
  readonly label: DetailLabel | null;
  /** The stored screening (who decided, on which revision); `post.screening` is the state of the current text. */
  readonly screening: Screening | null;
  /** What new models or codebooks changed about this text, oldest first. */
  readonly classificationChanges: readonly Omit<ClassificationChangeRow, 'postId'>[];
  /**
   * The safeguarding lead's decisions (cleared or referred), oldest first, without their notes: a
   * note may describe the disclosure, and only the lead's pages read it (loadSafeguardingDecisions).
   */
  readonly safeguardingDecisions: readonly Omit<StoredSafeguardingDecision, 'postId' | 'note'>[];
  /** Audit entries about this post (subject SOURCE:ID), oldest first. */
  readonly audit: readonly AuditRow[];
}

export const MAX_REPLIES = 100;

const LIVE_POSTS = `FROM posts p LEFT JOIN authors a ON a.id = p.author_id LEFT JOIN screenings s ON s.post_id = p.id WHERE p.deleted_at IS NULL`;

type DetailColumns = HeldColumns & Omit<DetailPost, keyof HeldPost>;

const DETAIL_COLUMNS = `${HELD_POST_COLUMNS}, p.revision, p.parent_source_id AS parentSourceId, p.question, p.lang,
  p.first_seen_at AS firstSeenAt, p.updated_at AS updatedAt`;

/** The post by our id, undefined when there is none or the platform deleted it. */
export function loadPostDetail(db: Db, postId: number): PostDetail | undefined {
  const row = prepared(db, `SELECT ${DETAIL_COLUMNS} ${LIVE_POSTS} AND p.id = ?`).get(postId) as DetailColumns | undefined;
  return row ? toDetail(db, toHeldPost(row)) : undefined;
}

/** The post by SOURCE:ID, as permalinks and the CLI name it. */
export function loadPostDetailByRef(db: Db, source: string, sourceId: string): PostDetail | undefined {
  const row = prepared(db, `SELECT ${DETAIL_COLUMNS} ${LIVE_POSTS} AND p.source = ? AND p.source_id = ?`).get(source, sourceId) as DetailColumns | undefined;
  return row ? toDetail(db, toHeldPost(row)) : undefined;
}

function toDetail(db: Db, post: DetailPost): PostDetail {
  const thread = loadThread(db, post);
  return {
    post,
    ...thread,
    classification: loadDetailClassification(db, post.postId),
    label: loadDetailLabel(db, post.postId),
    screening: loadStoredScreening(db, post.postId),
    classificationChanges: loadChanges(db, post.postId),
    safeguardingDecisions: prepared(db, `SELECT id, post_revision AS postRevision, decision, decided_by AS decidedBy, decided_at AS decidedAt FROM safeguarding_decisions WHERE post_id = ? ORDER BY id`).all(
      post.postId,
    ) as PostDetail['safeguardingDecisions'],
    audit: loadPostAudit(db, `${post.source}:${post.sourceId}`),
  };
}

function loadThread(db: Db, post: DetailPost): Pick<PostDetail, 'parent' | 'parentErased' | 'replies' | 'replyCount'> {
  const parent =
    post.parentSourceId === null ? undefined : (prepared(db, `SELECT ${HELD_POST_COLUMNS} ${LIVE_POSTS} AND p.source = ? AND p.source_id = ?`).get(post.source, post.parentSourceId) as HeldColumns | undefined);
  const replies = prepared(db, `SELECT ${HELD_POST_COLUMNS} ${LIVE_POSTS} AND p.source = ? AND p.parent_source_id = ? ORDER BY p.created_at IS NULL, p.created_at, p.id LIMIT ?`).all(
    post.source,
    post.sourceId,
    MAX_REPLIES,
  ) as HeldColumns[];
  const { replyCount } = prepared(db, `SELECT count(*) AS replyCount FROM posts WHERE source = ? AND parent_source_id = ? AND deleted_at IS NULL`).get(post.source, post.sourceId) as { replyCount: number };
  const parentErased =
    post.parentSourceId !== null && !parent && prepared(db, `SELECT 1 FROM erased_posts WHERE source = ? AND source_id = ?`).get(post.source, post.parentSourceId) !== undefined;
  return { parent: parent ? toHeldPost(parent) : null, parentErased, replies: replies.map(toHeldPost), replyCount };
}

function loadDetailClassification(db: Db, postId: number): DetailClassification | null {
  const row = prepared(
    db,
    `SELECT outcomes, scores, safeguarding, safeguarding_score AS safeguardingScore, safeguarding_level AS safeguardingLevel, confidence, tone,
            model_version AS modelVersion, codebook_version AS codebookVersion, classified_at AS classifiedAt, post_revision AS postRevision
       FROM classifications WHERE post_id = ?`,
  ).get(postId) as (Omit<DetailClassification, 'outcomes' | 'scores' | 'safeguarding'> & { outcomes: string; scores: string; safeguarding: number }) | undefined;
  if (!row) return null;
  return { ...row, outcomes: parseOutcomes(row.outcomes) ?? [], scores: JSON.parse(row.scores) as Record<string, number>, safeguarding: row.safeguarding === 1 };
}

function loadDetailLabel(db: Db, postId: number): DetailLabel | null {
  const row = prepared(db, `SELECT outcomes, post_revision AS postRevision, labelled_by AS labelledBy, labelled_at AS labelledAt, note IS NOT NULL AND note <> '' AS hasNote FROM labels WHERE post_id = ?`).get(
    postId,
  ) as (Omit<DetailLabel, 'outcomes' | 'hasNote'> & { outcomes: string; hasNote: number }) | undefined;
  return row ? { ...row, outcomes: parseOutcomes(row.outcomes) ?? [], hasNote: row.hasNote === 1 } : null;
}

function loadStoredScreening(db: Db, postId: number): Screening | null {
  const row = prepared(db, `SELECT ${SCREENING_COLUMNS} FROM screenings s WHERE s.post_id = ?`).get(postId) as ScreeningColumns | undefined;
  return row ? toScreening(row) : null;
}

function loadChanges(db: Db, postId: number): PostDetail['classificationChanges'] {
  return prepared(
    db,
    `SELECT post_revision AS postRevision, changed_at AS changedAt, from_model AS fromModel, to_model AS toModel,
            from_codebook AS fromCodebook, to_codebook AS toCodebook, from_outcomes AS fromOutcomes, to_outcomes AS toOutcomes
       FROM classification_changes WHERE post_id = ? ORDER BY id`,
  ).all(postId) as PostDetail['classificationChanges'];
}

function loadPostAudit(db: Db, subject: string): AuditRow[] {
  const rows = prepared(db, `SELECT id, at, os_user AS osUser, action, subject, details FROM audit WHERE subject = ? ORDER BY id`).all(subject) as Array<Omit<AuditRow, 'details'> & { details: string | null }>;
  return rows.map((row) => (row.details === null ? { id: row.id, at: row.at, osUser: row.osUser, action: row.action, subject: row.subject } : { ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}
