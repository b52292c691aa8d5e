/**
 * What follows every collection, whoever started it (collect, schedule, demo), under the same lease:
 * classify what came in, and erase what the platforms no longer show. Kept in one place so the
 * nightly job and an officer's run do the same thing.
 */
import type { Db } from '../store/database';
import { erasePosts, loadExportsContaining, loadPostsDeletedOnPlatform } from '../store/erasure';
import { classifyNewPosts } from './classifier';
import type { EventLog } from './event-log';

export interface AfterCollection {
  readonly classified: number;
  /** Posts deleted on the platform, erased here as `forget` would. */
  readonly erased: number;
  /** Export and report files that had contained the erased posts. */
  readonly exportsToRecall: readonly string[];
}

export function afterCollection(db: Db, now: string, say: (line: string) => void, log: EventLog): AfterCollection {
  const classified = classifyNewPosts(db, now, say).classified;
  // Someone who deletes their comment has withdrawn it: it goes the way an erasure request would.
  const gone = loadPostsDeletedOnPlatform(db);
  if (gone.length === 0) return { classified, erased: 0, exportsToRecall: [] };
  const ids = gone.map((p) => p.postId);
  const exportsToRecall = loadExportsContaining(db, ids).map((e) => e.path);
  const { posts } = erasePosts(db, ids);
  say(`erased ${posts} posts deleted on the platform${exportsToRecall.length > 0 ? `; they were in ${exportsToRecall.length} export/report files: ${exportsToRecall.join(', ')}` : ''}`);
  log.event('info', 'erase.platform-deleted', { posts, exportsToRecall });
  return { classified, erased: posts, exportsToRecall };
}
