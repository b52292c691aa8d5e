/**
 * The one definition of "the posts a report or export counts": not deleted, in the window, of the
 * source, each with its human label (which wins), its classification and its screening. Exports, summaries and
 * trend counts all select from it, so their numbers always agree.
 */

export interface PostFilter {
  /** Inclusive lower bound, ISO UTC. */
  readonly from?: string | undefined;
  /** Exclusive upper bound, ISO UTC. */
  readonly to?: string | undefined;
  readonly source?: string | undefined;
  /**
   * Survey answers to the questions whose text contains this, ignoring case (A–Z): `--question school`
   * keeps the answers to "What would make school better?". Posts that answer no question never match.
   */
  readonly question?: string | undefined;
}

export const FILTERED_POSTS = `
    FROM posts p
    LEFT JOIN authors a ON a.id = p.author_id
    LEFT JOIN labels l ON l.post_id = p.id
    LEFT JOIN classifications c ON c.post_id = p.id
    LEFT JOIN screenings s ON s.post_id = p.id
   WHERE p.deleted_at IS NULL
     AND (@from IS NULL OR p.created_at >= @from)
     AND (@to IS NULL OR p.created_at < @to)
     AND (@source IS NULL OR p.source = @source)
     AND (@question IS NULL OR instr(lower(p.question), lower(@question)) > 0)`;

/** A person labelled the post's current text (a label of older text no longer counts). */
export const LABEL_CURRENT = '(l.post_revision IS p.revision)';

/**
 * The outcomes in force: a person's label of this text, else the classifier's verdict on this text;
 * null while neither has read the current text (it counts as unclassified).
 */
export const EFFECTIVE_OUTCOMES = `CASE WHEN ${LABEL_CURRENT} THEN l.outcomes WHEN c.post_revision = p.revision THEN c.outcomes END`;

/** 1.0 for a person's label, else the classifier's confidence in this text. */
export const EFFECTIVE_CONFIDENCE = `CASE WHEN ${LABEL_CURRENT} THEN 1.0 WHEN c.post_revision = p.revision THEN c.confidence END`;

export function toFilterParams(filter: PostFilter): { from: string | null; to: string | null; source: string | null; question: string | null } {
  return { from: filter.from ?? null, to: filter.to ?? null, source: filter.source ?? null, question: filter.question ?? null };
}
