/** The rows summaries and reports are computed from, and the counts for the period before. */
import type { Db } from './database';
import { EFFECTIVE_OUTCOMES, FILTERED_POSTS, toFilterParams, type PostFilter } from './post-filter';
import { prepared } from './statements';

/** A post as a summary sees it: the human decision and the machine's kept apart, so both can be counted. */
export interface SummaryRow {
  readonly postId: number;
  readonly source: string;
  readonly kind: string;
  readonly createdAt: string | null;
  /** Our id for the author (null when the source gave none). */
  readonly authorId: number | null;
  readonly authorSourceId: string | null;
  readonly text: string;
  /** The label's outcomes, else the classification's; null before either. */
  readonly outcomes: string | null;
  readonly labelled: number;
  readonly confidence: number | null;
  /** The classifier's safeguarding flag, null before classification. */
  readonly machineFlag: number | null;
  /** A person's decision on the flag, null when nobody has decided. */
  readonly humanFlag: number | null;
  /** 1 when the post changed after it was classified. */
  readonly stale: number;
  readonly codebookVersion: string | null;
  readonly modelVersion: string | null;
}

const SUMMARY_ROWS = `
  SELECT p.id AS postId, p.source, p.kind, p.created_at AS createdAt,
         p.author_id AS authorId, a.source_author_id AS authorSourceId, p.text,
         ${EFFECTIVE_OUTCOMES} AS outcomes,
         l.post_id IS NOT NULL AS labelled,
         CASE WHEN l.post_id IS NOT NULL THEN 1.0 ELSE c.confidence END AS confidence,
         c.safeguarding AS machineFlag, l.safeguarding AS humanFlag,
         coalesce(c.post_revision < p.revision, 0) AS stale,
         c.codebook_version AS codebookVersion, c.model_version AS modelVersion
  ${FILTERED_POSTS}
   ORDER BY p.created_at IS NULL, p.created_at, p.source, p.source_id`;

/** Streams the rows, so a summary over many posts keeps only its counts in memory. */
export function iterateSummaryRows(db: Db, filter: PostFilter): IterableIterator<SummaryRow> {
  return prepared(db, SUMMARY_ROWS).iterate(toFilterParams(filter)) as IterableIterator<SummaryRow>;
}

export interface OutcomeCounts {
  readonly posts: number;
  /** Posts per outcome number; a post with two outcomes counts in both. */
  readonly byOutcome: Readonly<Record<number, number>>;
}

const OUTCOME_COUNTS = `
  SELECT ${EFFECTIVE_OUTCOMES} AS outcomes, count(*) AS n
  ${FILTERED_POSTS}
   GROUP BY 1`;

/** Posts per outcome in a window: what the trend compares against. */
export function loadOutcomeCounts(db: Db, filter: PostFilter): OutcomeCounts {
  const rows = prepared(db, OUTCOME_COUNTS).all(toFilterParams(filter)) as Array<{ outcomes: string | null; n: number }>;
  const byOutcome: Record<number, number> = {};
  let posts = 0;
  for (const row of rows) {
    posts += row.n;
    for (const part of (row.outcomes ?? '').split(';')) {
      const outcome = Number(part);
      if (part !== '' && Number.isInteger(outcome)) byOutcome[outcome] = (byOutcome[outcome] ?? 0) + row.n;
    }
  }
  return { posts, byOutcome };
}
