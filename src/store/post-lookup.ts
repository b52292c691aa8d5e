/** Finding one stored post by its address, for commands that take a permalink. */
import type { Db } from './database';
import type { StoredPost } from './classifications';
import { HELD_POST_COLUMNS, toHeldPost, type HeldColumns } from './held-posts';
import { prepared } from './statements';

const FROM_POSTS = `FROM posts p LEFT JOIN authors a ON a.id = p.author_id LEFT JOIN screenings s ON s.post_id = p.id`;
type Row = HeldColumns & { revision: number };

/** The post whose stored permalink is exactly this address. */
export function loadPostByUrl(db: Db, url: string): StoredPost | undefined {
  const row = prepared(db, `SELECT ${HELD_POST_COLUMNS}, p.revision ${FROM_POSTS} WHERE p.url = ? AND p.deleted_at IS NULL LIMIT 1`).get(url) as Row | undefined;
  return row ? toHeldPost(row) : undefined;
}

/**
 * The posts of a source whose id is `suffix` or ends in `_<suffix>` (Facebook ids are
 * `<page or post id>_<own id>`); at most two, so the caller can tell a unique match.
 */
export function loadPostsByIdSuffix(db: Db, source: string, suffix: string): StoredPost[] {
  const rows = prepared(
    db,
    `SELECT ${HELD_POST_COLUMNS}, p.revision ${FROM_POSTS}
      WHERE p.source = ? AND (p.source_id = ? OR p.source_id LIKE '%\\_' || ? ESCAPE '\\') AND p.deleted_at IS NULL LIMIT 2`,
  ).all(source, suffix, suffix) as Row[];
  return rows.map(toHeldPost);
}

/** Every stored id of a source's posts (not deleted), read one at a time: candidates for a stand-in (src/cli/shown-refs.ts). */
export function iterateSourceIds(db: Db, source: string): IterableIterator<string> {
  return prepared(db, `SELECT source_id FROM posts WHERE source = ? AND deleted_at IS NULL`).pluck().iterate(source) as IterableIterator<string>;
}
