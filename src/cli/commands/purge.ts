import type { Command } from 'commander';
import { parseDurationMs } from '../../core/dates';
import { UserError } from '../../errors';
import { openDatabase } from '../../store/database';
import { erasePosts, loadExportsContaining, loadPostsDeletedOnPlatform, loadPostsOlderThan } from '../../store/erasure';
import type { CommandContext } from '../context';
import { printResult } from '../output';

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
    .option('--older-than <duration>', 'erase posts created longer ago than this, or first collected then when undated (e.g. 400d, 2y)')
    .option('--deleted', 'erase posts that were deleted on the platform')
    .option('--dry-run', 'show what would be erased and change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ onevision purge --older-than 2y --dry-run
  $ onevision purge --deleted`,
    )
    .action((flags: PurgeFlags, command: Command) => {
      if (!flags.olderThan && !flags.deleted) throw new UserError('say what to purge: --older-than DURATION or --deleted', 'E.g. onevision purge --older-than 2y.');
      if (flags.olderThan && flags.deleted) {
        throw new UserError('--older-than and --deleted cannot be combined: one mode per call', 'Run onevision purge --older-than DURATION and onevision purge --deleted separately.');
      }
      let cutoff: string | undefined;
      if (flags.olderThan) {
        const ms = parseDurationMs(flags.olderThan);
        if (ms === undefined || ms <= 0) throw new UserError(`--older-than "${flags.olderThan}" is not a duration`, 'Use e.g. 400d, 2y or 18w.');
        cutoff = new Date(context.now().getTime() - ms).toISOString();
      }
      const db = openDatabase(context.config(command).dbPath);
      try {
        const targets = new Map<number, string>();
        if (cutoff) for (const t of loadPostsOlderThan(db, cutoff)) targets.set(t.postId, `${t.source}:${t.sourceId}`);
        if (flags.deleted) for (const t of loadPostsDeletedOnPlatform(db)) targets.set(t.postId, `${t.source}:${t.sourceId}`);
        const ids = [...targets.keys()];
        const exports = loadExportsContaining(db, ids);
        const erased = flags.dryRun ? { posts: ids.length, authors: 0 } : erasePosts(db, ids);
        const model = { dryRun: Boolean(flags.dryRun), cutoff: cutoff ?? null, posts: erased.posts, authors: erased.authors, exports };
        const human = [
          `${flags.dryRun ? 'would erase' : 'erased'} ${erased.posts} posts${cutoff ? ` created before ${cutoff}` : ''}${flags.deleted ? ' (including posts deleted on the platform)' : ''}`,
          ...(exports.length > 0 ? [`${exports.length} export/report files contained them:`, ...exports.map((e) => `  ${e.createdAt}  ${e.kind}  ${e.path}`)] : []),
        ].join('\n');
        printResult(context, flags.json, model, human);
      } finally {
        db.close();
      }
    });
}
