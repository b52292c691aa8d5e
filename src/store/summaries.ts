/** The rows summaries and reports are computed from, and the counts for the period before. */
import type { Db } from './database';
import { EFFECTIVE_CONFIDENCE, EFFECTIVE_OUTCOMES, FILTERED_POSTS, LABEL_CURRENT, toFilterParams, type PostFilter } from './post-filter';
import { prepared } from './statements';
import type { HeldPost } from '../gate/release';
import { HELD_POST_COLUMNS, mapRows, sealRow, type HeldColumns } from './held-posts';

/** A post as a summary sees it: held for the gate, with what the counts need in the open. */
export interface SummaryRow extends HeldPost {
  /** Our id for the author (null when the source gave none). */
  readonly authorId: number | null;
  /** The label's outcomes, else the classification's; null before either. */
  readonly outcomes: string | null;
  /** 1 when a person labelled this very text. */
  readonly labelled: number;
  readonly confidence: number | null;
  readonly codebookVersion: string | null;
  readonly modelVersion: string | null;
  /** The survey question the post answers; null for posts and comments. */
  readonly question: string | null;
}

type SummaryColumns = HeldColumns & Omit<SummaryRow, keyof HeldPost>;

const SUMMARY_ROWS = `
  SELECT ${HELD_POST_COLUMNS},
         p.author_id AS authorId,
         ${EFFECTIVE_OUTCOMES} AS outcomes,
         ${LABEL_CURRENT} AS labelled,
         ${EFFECTIVE_CONFIDENCE} AS confidence,
         c.codebook_version AS codebookVersion, c.model_version AS modelVersion,
         p.question AS question
  ${FILTERED_POSTS}
   ORDER BY p.created_at IS NULL, p.created_at, p.source, p.source_id`;

/** Streams the rows, so a summary over many posts keeps only its counts in memory. */
export function iterateSummaryRows(db: Db, filter: PostFilter): Iterable<SummaryRow> {
  const rows = prepared(db, SUMMARY_ROWS).iterate(toFilterParams(filter)) as IterableIterator<SummaryColumns>;
  // A fixed-shape literal per row, no spread: see iterateExportRows.
  return mapRows(rows, (row) => ({
    postId: row.postId,
    source: row.source,
    sourceId: row.sourceId,
    kind: row.kind,
    createdAt: row.createdAt,
    conversationId: row.conversationId,
    screening: row.screening,
    sealed: sealRow(row),
    authorId: row.authorId,
    outcomes: row.outcomes,
    labelled: row.labelled,
    confidence: row.confidence,
    codebookVersion: row.codebookVersion,
    modelVersion: row.modelVersion,
    question: row.question,
  }));
}
