/** The screening row per post (see src/gate/screening.ts for the rules that move it). */
import type { SafeguardingLevel } from '../classify/codebook';
import type { Screening, StoredState } from '../gate/screening';
import type { Db } from './database';
import { prepared } from './statements';

/**
 * The state of each post's current revision, in SQL, for queries that must filter on it (the
 * safeguarding queue, the review queue). Mirrors toScreeningState; a test checks they agree.
 * `post` and `screening` are the aliases of posts and of screenings (left-joined).
 */
export function screeningStateSql(post: string, screening: string): string {
  return `CASE WHEN ${screening}.post_id IS NULL THEN 'awaiting'
       WHEN ${screening}.state IN ('machine-flagged', 'person-flagged') THEN ${screening}.state
       WHEN ${screening}.revision >= ${post}.revision THEN ${screening}.state
       ELSE 'awaiting' END`;
}

/** `screeningStateSql` for `p` (posts) and `s` (screenings, left-joined). */
export const SCREENING_STATE_SQL = screeningStateSql('p', 's');

/**
 * A standing flag's level (S4): the person's when they gave one, else the classifier's latest. Needs
 * `s` (screenings) and `c` (classifications), left-joined.
 */
export const FLAG_LEVEL_SQL = `coalesce(s.level, c.safeguarding_level)`;

/** The columns of a stored screening, as `s_*` aliases for rows that carry one. */
export const SCREENING_COLUMNS = `s.state AS s_state, s.revision AS s_revision, s.score AS s_score,
  s.decided_by AS s_decidedBy, s.decided_at AS s_decidedAt, s.decided_revision AS s_decidedRevision, s.level AS s_level`;

export interface ScreeningColumns {
  readonly s_state: StoredState | null;
  readonly s_revision: number | null;
  readonly s_score: number | null;
  readonly s_decidedBy: string | null;
  readonly s_decidedAt: string | null;
  readonly s_decidedRevision: number | null;
  readonly s_level: SafeguardingLevel | null;
}

export function toScreening(row: ScreeningColumns): Screening | null {
  if (row.s_state === null || row.s_revision === null) return null;
  return {
    state: row.s_state,
    revision: row.s_revision,
    score: row.s_score,
    decidedBy: row.s_decidedBy,
    decidedAt: row.s_decidedAt,
    decidedRevision: row.s_decidedRevision,
    level: row.s_level,
  };
}

export function loadScreening(db: Db, postId: number): Screening | null {
  const row = prepared(db, `SELECT ${SCREENING_COLUMNS} FROM screenings s WHERE s.post_id = ?`).get(postId) as ScreeningColumns | undefined;
  return row ? toScreening(row) : null;
}

const UPSERT = `
  INSERT INTO screenings (post_id, state, revision, score, decided_by, decided_at, decided_revision, level, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (post_id) DO UPDATE SET
    state = excluded.state, revision = excluded.revision, score = excluded.score, decided_by = excluded.decided_by,
    decided_at = excluded.decided_at, decided_revision = excluded.decided_revision, level = excluded.level, updated_at = excluded.updated_at`;

/** Saves one post's screening, in the caller's transaction when there is one. Bound by position, in `UPSERT`'s column order (an import saves one a post). */
export function saveScreening(db: Db, postId: number, screening: Screening, now: string): void {
  const { state, revision, score, decidedBy, decidedAt, decidedRevision, level } = screening;
  prepared(db, UPSERT).run(postId, state, revision, score, decidedBy, decidedAt, decidedRevision, level, now);
}
