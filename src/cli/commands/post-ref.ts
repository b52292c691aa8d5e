import { parsePostRef } from '../../core/post';
import { looksLikeUrl, parsePermalink } from '../../core/permalink';
import { UserError } from '../../errors';
import { loadPostByRef, type StoredPost } from '../../store/classifications';
import { isStandIn } from '../../gate/release';
import { findPostByShownRef } from '../shown-refs';
import type { Db } from '../../store/database';
import { loadPostByUrl, loadPostsByIdSuffix } from '../../store/post-lookup';

const WHAT_TO_TRY = 'Give SOURCE:ID (e.g. survey:r-17, x:1642000000000000000, or x:withheld-… as an export names a withheld post) or the post\'s address as stored: `onevision export` lists source, source_id and url.';

/** A stand-in is a keyed hash: only the database that wrote it can find its post, and only while it holds the post. */
const STAND_IN_HINT = 'A withheld-… id names a post only in the database whose export or desk showed it (check --db or ONEVISION_DB), and not once the post was erased or deleted.';

/** SOURCE:ID or a post's permalink, as users type or paste it, to the stored post, or a usage error that says what to type. */
export function findPost(db: Db, given: string): StoredPost {
  // Pasted from a table or a terminal, a reference often brings a space or a line end with it.
  const text = given.trim();
  if (looksLikeUrl(text)) return findPostByUrl(db, text);
  const ref = parsePostRef(text);
  if (!ref) throw new UserError(`"${text}" is not SOURCE:ID or a post's address`, WHAT_TO_TRY);
  const post = findPostByShownRef(db, ref.source, ref.sourceId);
  if (!post) throw new UserError(`no post ${text} in the database`, isStandIn(ref.sourceId) ? STAND_IN_HINT : 'Check the source and id (the export\'s source and source_id columns).');
  return post;
}

function findPostByUrl(db: Db, url: string): StoredPost {
  const stored = loadPostByUrl(db, url);
  if (stored) return stored;
  const target = parsePermalink(url);
  if (!target) throw new UserError(`"${url}" is not the address of a post onevision stores`, `Only X (x.com, twitter.com …/status/ID) and Facebook post and comment addresses are known. ${WHAT_TO_TRY}`);
  const found = target.sourceId !== undefined ? [loadPostByRef(db, target.source, target.sourceId)].filter((p) => p !== undefined) : loadPostsByIdSuffix(db, target.source, target.idSuffix ?? '');
  if (found.length === 1) return found[0] as StoredPost;
  if (found.length > 1) throw new UserError(`the address ${url} matches more than one ${target.source} post`, WHAT_TO_TRY);
  throw new UserError(`no ${target.source} post with the address ${url} in the database`, `It may not have been collected yet (\`onevision collect --source ${target.source}\`), or was erased. ${WHAT_TO_TRY}`);
}
