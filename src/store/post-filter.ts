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
     AND (@source IS NULL OR p.source = @source)`;

/** The outcomes in force: a human label's, else the classifier's. */
export const EFFECTIVE_OUTCOMES = 'CASE WHEN l.post_id IS NOT NULL THEN l.outcomes ELSE c.outcomes END';

export function toFilterParams(filter: PostFilter): { from: string | null; to: string | null; source: string | null } {
  return { from: filter.from ?? null, to: filter.to ?? null, source: filter.source ?? null };
}
