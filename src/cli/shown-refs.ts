/**
 * From a post as an output named it to the stored post. Exports, the desk and `changes` name a
 * withheld post by its stand-in (`SOURCE:withheld-…`, src/gate/release.ts), so every command and page
 * that takes a post reference takes that too: an officer can label, explain or open the post an
 * export listed without ever being shown its platform id.
 */
import { findStandInOwner, isStandIn } from '../gate/release';
import { loadPostByRef, type StoredPost } from '../store/classifications';
import type { Db } from '../store/database';
import { loadPseudonymKey } from '../store/exports';
import { iterateSourceIds } from '../store/post-lookup';

/** The stored id of the post `sourceId` names: itself, or the id a stand-in stands for (undefined when none does). */
export function toStoredSourceId(db: Db, source: string, sourceId: string): string | undefined {
  if (!isStandIn(sourceId)) return sourceId;
  return findStandInOwner(loadPseudonymKey(db), source, sourceId, iterateSourceIds(db, source));
}

/** The stored post `SOURCE:ID` names, by its id or its stand-in, or undefined. */
export function findPostByShownRef(db: Db, source: string, sourceId: string): StoredPost | undefined {
  const stored = toStoredSourceId(db, source, sourceId);
  return stored === undefined ? undefined : loadPostByRef(db, source, stored);
}
