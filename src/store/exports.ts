import type { Db } from './database';
import { EFFECTIVE_OUTCOMES, FILTERED_POSTS, toFilterParams, type PostFilter } from './post-filter';
import { prepared } from './statements';

export type { PostFilter } from './post-filter';

/** A post as exports and reports see it: the human label wins over the classifier. */
export interface ExportRow {
  readonly postId: number;
  readonly source: string;
  readonly sourceId: string;
  readonly createdAt: string | null;
  readonly authorSourceId: string | null;
  readonly authorHandle: string | null;
  readonly text: string;
  readonly url: string | null;
  readonly kind: string;
  /** `2;3`, empty for none, null before any classification. */
  readonly outcomes: string | null;
  /** 1 for a flag not cleared by a human, 0, or null before any classification. */
  readonly safeguarding: number | null;
  readonly confidence: number | null;
  readonly tone: string | null;
  readonly labelled: number;
}

const EXPORT_ROWS = `
  SELECT p.id AS postId, p.source, p.source_id AS sourceId, p.created_at AS createdAt,
         a.source_author_id AS authorSourceId, a.handle AS authorHandle,
         p.text, p.url, p.kind,
         ${EFFECTIVE_OUTCOMES} AS outcomes,
         coalesce(l.safeguarding, c.safeguarding) AS safeguarding,
         CASE WHEN l.post_id IS NOT NULL THEN 1.0 ELSE c.confidence END AS confidence,
         c.tone, l.post_id IS NOT NULL AS labelled
  ${FILTERED_POSTS}
   ORDER BY p.created_at IS NULL, p.created_at, p.source, p.source_id`;

/** Streams the rows of an export one at a time, so memory stays flat however many posts there are. */
export function iterateExportRows(db: Db, filter: PostFilter): IterableIterator<ExportRow> {
  return prepared(db, EXPORT_ROWS).iterate(toFilterParams(filter)) as IterableIterator<ExportRow>;
}

export function loadPseudonymKey(db: Db): string {
  const row = prepared(db, `SELECT value FROM meta WHERE key = 'pseudonym_key'`).get() as { value: string } | undefined;
  if (!row) throw new Error('the database has no pseudonym key (migration 1 creates it)');
  return row.value;
}

export interface ExportRecord {
  readonly kind: string;
  readonly path: string;
  readonly createdAt: string;
  readonly filters: unknown;
  readonly postIds: readonly number[];
}

/** Records what an export contained, so an erasure request can list the files to recall. */
export function saveExportRecord(db: Db, record: ExportRecord): number {
  return db.transaction(() => {
    const { id } = prepared(db, `INSERT INTO exports (kind, path, created_at, filters, row_count) VALUES (?, ?, ?, ?, ?) RETURNING id`).get(
      record.kind,
      record.path,
      record.createdAt,
      JSON.stringify(record.filters),
      record.postIds.length,
    ) as { id: number };
    const insert = prepared(db, `INSERT OR IGNORE INTO export_posts (export_id, post_id) VALUES (?, ?)`);
    for (const postId of record.postIds) insert.run(id, postId);
    return id;
  })();
}
