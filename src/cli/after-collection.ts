/**
 * What follows every collection, whoever started it (collect, schedule, demo), under the same lease:
 * classify what came in, and erase what the platforms no longer show. Kept in one place so the
 * nightly job and an officer's run do the same thing.
 */
import { countNewFlags, type NewFlags } from '../alerts/facts';
import { loadStandingFlags } from '../store/alert-facts';
import type { Db } from '../store/database';
import { loadPostsDeletedOnPlatform } from '../store/erasure';
import { carryOutErasureNow } from './erasure';
import { classifyNewPosts } from './classifier';
import type { EventLog } from './event-log';
import { plural } from '../core/words';

export interface AfterCollection {
  readonly classified: number;
  /** Posts deleted on the platform, erased here as `forget` would. */
  readonly erased: number;
  /** Export and report files that had contained the erased posts. */
  readonly exportsToRecall: readonly string[];
  /** Safeguarding flags standing now that did not before: counts only, for the alert. */
  readonly newFlags: NewFlags;
}

export function afterCollection(db: Db, now: string, say: (line: string) => void, log: EventLog): AfterCollection {
  const flaggedBefore = new Set(loadStandingFlags(db).map((flag) => flag.postId));
  const { classified, erased, exportsToRecall } = classifyAndErase(db, now, say, log);
  // Counted after erasure: a post deleted on the platform in the meantime is no flag to read.
  return { classified, erased, exportsToRecall, newFlags: countNewFlags(flaggedBefore, loadStandingFlags(db)) };
}

function classifyAndErase(db: Db, now: string, say: (line: string) => void, log: EventLog): Omit<AfterCollection, 'newFlags'> {
  const dbFile = db.name;
  const classified = classifyNewPosts(db, now, say).classified;
  // Someone who deletes their comment has withdrawn it: it goes the way an erasure request would.
  const gone = loadPostsDeletedOnPlatform(db);
  if (gone.length === 0) return { classified, erased: 0, exportsToRecall: [] };
  const outcome = carryOutErasureNow(db, { reason: 'platform-deleted', requestedBy: null, targets: gone, authors: [], blockFuture: false, audit: { action: 'platform-deletion', at: new Date(now) } }, { dbFile, now: () => now });
  const posts = outcome.posts;
  const exportsToRecall = outcome.recall.map((e) => e.path);
  if (outcome.problem !== null) say(`the erased posts' bytes are not yet wiped from the database file: ${outcome.problem} (\`onevision forget --finish\` completes it)`);
  say(`erased ${plural(posts, 'post')} deleted on the platform${exportsToRecall.length > 0 ? `; they were in ${plural(exportsToRecall.length, 'export/report file')}: ${exportsToRecall.join(', ')}` : ''}`);
  log.event('info', 'erase.platform-deleted', { posts, exportsToRecall });
  return { classified, erased: posts, exportsToRecall };
}
