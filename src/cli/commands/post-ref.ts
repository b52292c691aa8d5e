import { parsePostRef } from '../../core/post';
import { UserError } from '../../errors';
import { loadPostByRef, type StoredPost } from '../../store/classifications';
import type { Db } from '../../store/database';

/** SOURCE:ID as users type it, to the stored post, or a usage error that says what to type. */
export function findPost(db: Db, text: string): StoredPost {
  const ref = parsePostRef(text);
  if (!ref) throw new UserError(`"${text}" is not SOURCE:ID`, 'E.g. survey:r-17 or x:1642000000000000000 (see `onevision export`).');
  const post = loadPostByRef(db, ref.source, ref.sourceId);
  if (!post) throw new UserError(`no post ${text} in the database`, 'Check the source and id (the export\'s source and source_id columns).');
  return post;
}
