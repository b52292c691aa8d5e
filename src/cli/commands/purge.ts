import type { Command } from 'commander';
import { UserError } from '../../errors';
import { systemClock } from '../../collectors/clock';
import { openDatabase, type Db } from '../../store/database';
import { loadExportsContaining, loadPostsDeletedOnPlatform, loadPostsOlderThan, type ErasureTarget, type ExportFileRow } from '../../store/erasure';
import { carryOutErasure, type WipeOptions } from '../erasure';
import { takeCollectionLease } from '../lease';
import { withStopSignals } from './collect';
import { toPendingWipeError } from './forget';
import type { CommandContext } from '../context';
import { printResult } from '../output';
import { DAY_MS, YEAR_MS, parseDuration } from '../flag-values';
import { durationBefore } from '../../core/dates';
import { plural } from '../../core/words';

interface PurgeFlags {
  olderThan?: string;
  deleted?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export function registerPurge(program: Command, context: CommandContext): void {
  program
    .command('purge')
    .description('Retention: erase posts older than a period, or posts deleted on the platform')
    .option('--older-than <duration>', 'erase posts created longer ago than this, or first collected then when undated (e.g. 400d, or 2y in calendar years)')
    .option('--deleted', 'erase posts that were deleted on the platform')
    .option('--dry-run', 'show what would be erased and change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
One mode per call. Erased posts go the way \`forget\` erases them (scrubbed from other rows,
wiped from the file, recorded in the erasure ledger so a re-import cannot bring them back), under
the collection lease.

Examples:
  $ onevision purge --older-than 2y --dry-run
  $ onevision purge --deleted`,
    )
    .action(async (flags: PurgeFlags, command: Command) => {
      if (!flags.olderThan && !flags.deleted) throw new UserError('say what to purge: --older-than DURATION or --deleted', 'E.g. onevision purge --older-than 2y.');
      if (flags.olderThan && flags.deleted) {
        throw new UserError('--older-than and --deleted cannot be combined: one mode per call', 'Run onevision purge --older-than DURATION and onevision purge --deleted separately.');
      }
      let cutoff: string | undefined;
      if (flags.olderThan) {
        parseDuration('--older-than', flags.olderThan, { minMs: DAY_MS, maxMs: 100 * YEAR_MS, label: '1d to 100y', example: '--older-than 400d, 2y or 18w' });
        cutoff = durationBefore(context.now(), flags.olderThan)?.toISOString();
      }
      const config = context.config(command);
      // Nothing to erase in a database that is not there; made here, it would take a mistyped --db's erasure.
      const db = openDatabase(config.dbPath, { mustExist: true });
      try {
        const targets = cutoff ? loadPostsOlderThan(db, cutoff) : loadPostsDeletedOnPlatform(db);
        const reason = cutoff ? 'purge-age' : 'purge-deleted';
        const result = flags.dryRun ? dryRun(db, targets) : await withStopSignals(context, (signal) => purge(db, targets, reason, { dbFile: config.dbPath, clock: systemClock, waitMs: 30_000, signal }, context));
        const model = { dryRun: Boolean(flags.dryRun), cutoff: cutoff ?? null, ...result };
        const human = [
          `${flags.dryRun ? 'would erase' : 'erased'} ${plural(result.posts, 'post')}${cutoff ? ` created before ${cutoff} (or first collected before it, when undated)` : ' deleted on the platform'}${result.erasure !== null ? ` (erasure #${result.erasure})` : ''}`,
          ...(result.exports.length > 0 ? [`${plural(result.exports.length, 'export/report file')} contained them:`, ...result.exports.map((e) => `  ${e.createdAt}  ${e.kind}  ${e.path}`)] : []),
        ].join('\n');
        printResult(context, flags.json, model, human);
        if (result.problem !== null) throw toPendingWipeError(result.problem);
      } finally {
        db.close();
      }
    });
}

interface PurgeResult {
  erasure: number | null;
  posts: number;
  authors: number;
  exports: ExportFileRow[];
  problem: string | null;
}

function dryRun(db: Db, targets: readonly ErasureTarget[]): PurgeResult {
  const exports = loadExportsContaining(
    db,
    targets.map((t) => t.postId),
  );
  return { erasure: null, posts: targets.length, authors: 0, exports, problem: null };
}

/** Under the collection lease, like every erasure; recorded in the ledger and the audit trail. */
async function purge(db: Db, targets: readonly ErasureTarget[], reason: string, options: WipeOptions, context: CommandContext): Promise<PurgeResult> {
  if (targets.length === 0) return { erasure: null, posts: 0, authors: 0, exports: [], problem: null };
  const lease = await takeCollectionLease(db, systemClock, { wait: false, signal: options.signal ?? new AbortController().signal });
  try {
    const outcome = await carryOutErasure(db, { reason, requestedBy: null, targets, authors: [], blockFuture: false, audit: { action: 'purge', at: context.now() }, lease }, options);
    return { erasure: outcome.erasureId, posts: outcome.posts, authors: outcome.authors, exports: [...outcome.recall], problem: outcome.problem };
  } finally {
    lease.release();
  }
}
