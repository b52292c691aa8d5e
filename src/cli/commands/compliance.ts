import type { Command } from 'commander';
import { runCompliance, type ComplianceReport } from '../compliance';
import type { CommandContext } from '../context';
import { printResult } from '../output';
import { withStopSignals } from './collect';
import { toPendingWipeError } from './forget';
import { HOUR_MS, parseDuration } from '../flag-values';
import { plural, wordFor } from '../../core/words';

interface ComplianceFlags {
  dryRun?: boolean;
  maxWait: string;
  wait?: boolean;
  json?: boolean;
}

export function registerCompliance(program: Command, context: CommandContext): void {
  program
    .command('compliance')
    .description("Honour X's deletions: erase stored X posts that were deleted, protected, suspended or deactivated, and drop geo where X asks")
    .option('--dry-run', 'run the job on X and show what would be erased, changing nothing')
    .option('--max-wait <duration>', 'longest wait for X to finish the job before leaving it to the next run (e.g. 30m, 2h)', '1h')
    .option('--wait', 'if a collection is running, wait for it instead of exiting')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Uses X's batch compliance jobs (app-only X_BEARER_TOKEN): creates a "tweets" job, uploads every
stored X post id, waits for X, downloads the results and erases the posts X reports deleted,
protected, suspended or deactivated, as \`forget\` would (secure delete, vacuum), listing the export
and report files that held them. For scrub_geo the post stays and its geo data goes. The job is
kept in the database as soon as it exists: a stopped run resumes the same job next time. Runs
under the collection lease. \`onevision schedule\` runs it weekly.

Exit 0 done (or X still working after --max-wait: run it again later), 2 X is not configured,
3 X failed, refused, or the job failed or expired (nothing erased), 5 a collection holds the lease.

Examples:
  $ onevision compliance --dry-run
  $ onevision compliance --json`,
    )
    .action(async (flags: ComplianceFlags, command: Command) => {
      const config = context.config(command);
      const maxWaitMs = parseDuration('--max-wait', flags.maxWait, { minMs: 0, maxMs: 24 * HOUR_MS, label: '0s to 24h', example: '--max-wait 30m' });
      const report = await withStopSignals(context, (signal) => runCompliance(config, { dryRun: Boolean(flags.dryRun), maxWaitMs, wait: Boolean(flags.wait) }, signal, context));
      printResult(context, flags.json, report, renderCompliance(report));
      if (report.problem !== null) throw toPendingWipeError(report.problem);
    });
}

const SHOWN_PER_REASON = 20;

export function renderCompliance(report: ComplianceReport): string {
  if (report.status === 'nothing-to-check') return `x compliance: ${report.message}`;
  const job = report.job ? `job ${report.job.id}` : 'no job';
  const checked = report.checked === null ? '' : `, ${plural(report.checked, 'post')} checked`;
  if (report.status === 'pending') return `x compliance: pending (${job}${checked}). ${report.message ?? ''}`.trimEnd();
  const verb = report.dryRun ? 'would erase' : 'erased';
  const reasons = Object.entries(report.erased);
  const lines = [`x compliance: ${job} complete${checked}${report.dryRun ? ' (dry run: nothing changed)' : ''}`];
  const counts = [...reasons.map(([reason, refs]) => `${refs.length} ${reason}`), ...(report.echoes.length > 0 ? [`${plural(report.echoes.length, 'retweet/quote', 'retweets/quotes')} of them`] : [])];
  lines.push(`${verb} ${plural(report.erasedPosts, 'post')}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}${report.erasure === null ? '' : ` (erasure #${report.erasure})`}`);
  for (const [reason, refs] of [...reasons, ['echo', report.echoes] as const]) {
    for (const ref of refs.slice(0, SHOWN_PER_REASON)) lines.push(`  ${reason.padEnd(11)} ${ref}`);
    if (refs.length > SHOWN_PER_REASON) lines.push(`  ${reason.padEnd(11)} … and ${refs.length - SHOWN_PER_REASON} more (--json lists all)`);
  }
  if (report.geoScrubbed.length > 0) lines.push(`${report.dryRun ? 'would drop' : 'dropped'} geo data of ${plural(report.geoScrubbed.length, 'post')} (kept): ${report.geoScrubbed.join(', ')}`);
  if (report.edited.length > 0) lines.push(`${plural(report.edited.length, 'post')} ${wordFor(report.edited.length, 'was', 'were')} edited on X since they were stored (left as they are)`);
  if (report.notUnderstood > 0) lines.push(`${plural(report.notUnderstood, 'result line')} ${wordFor(report.notUnderstood, 'was', 'were')} not understood; nothing was done for them`);
  if (report.exports.length > 0) {
    lines.push(`${plural(report.exports.length, 'export/report file')} contained them; recall these:`);
    for (const file of report.exports) lines.push(`  ${file.createdAt}  ${file.kind}  ${file.path}  (${file.posts} of the posts)`);
  }
  return lines.join('\n');
}
