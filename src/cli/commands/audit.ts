import type { Command } from 'commander';
import { toIsoUtc } from '../../core/dates';
import { toTerminalLine } from '../../gate/terminal-text';
import { UserError } from '../../errors';
import { loadAudit } from '../../store/audit';
import type { CommandContext } from '../context';
import { printResult, renderTable } from '../output';
import { parseCount } from '../flag-values';
import { openForReading } from '../read-database';

export function registerAudit(program: Command, context: CommandContext): void {
  program
    .command('audit')
    .description('The audit trail: every label, safeguarding decision, erasure, purge and file written, with time and user')
    .option('--since <date>', 'entries on or after this date (YYYY-MM-DD or ISO 8601)')
    .option('--limit <n>', 'the newest this many entries', '200')
    .option('--json', 'print the entries as JSON')
    .addHelpText(
      'after',
      `
Entries are appended and never edited, except that an erasure removes what identified the erased
posts from earlier entries: the trail keeps that a decision was made, not whom it was about.
Actions: label, flag-raised, flag-cleared, forget, purge, platform-deletion, compliance, export,
report.

Examples:
  $ onevision audit --since 2026-11-01
  $ onevision audit --json > audit.json`,
    )
    .action((flags: { since?: string; limit: string; json?: boolean }, command: Command) => {
      const since = flags.since === undefined ? null : (toIsoUtc(flags.since) ?? null);
      if (flags.since !== undefined && since === null) throw new UserError(`--since "${flags.since}" is not a date`, 'Use YYYY-MM-DD or ISO 8601, e.g. --since 2026-11-01.');
      const limit = parseCount('--limit', flags.limit, { min: 1, max: 1_000_000, example: '--limit 50' });
      const db = openForReading(context.config(command).dbPath);
      try {
        const entries = loadAudit(db, { since, limit });
        const human = entries.length === 0 ? 'no audit entries yet' : renderTable(['at', 'user', 'action', 'subject', 'details'], entries.map((e) => [e.at, e.osUser, e.action, toTerminalLine(e.subject ?? ''), e.details ? toTerminalLine(JSON.stringify(e.details)) : '']));
        printResult(context, flags.json, entries, human);
      } finally {
        db.close();
      }
    });
}
