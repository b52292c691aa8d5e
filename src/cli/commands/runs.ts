import type { Command } from 'commander';
import fs from 'node:fs';
import { loadRuns } from '../../store/runs';
import type { CommandContext } from '../context';
import { printResult, renderTable } from '../output';
import { parseCount } from '../flag-values';
import { openForReading } from '../read-database';

export function registerRuns(program: Command, context: CommandContext): void {
  program
    .command('runs')
    .description('Show the collection run history: start, end, source, outcome, counts, error')
    .option('--limit <n>', 'how many runs, newest first', '20')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExamples:\n  $ onevision runs\n  $ onevision runs --limit 100 --json')
    .action((flags: { limit: string; json?: boolean }, command: Command) => {
      const limit = parseCount('--limit', flags.limit, { min: 1, max: 100_000, example: '--limit 50' });
      const dbPath = context.config(command).dbPath;
      if (!fs.existsSync(dbPath)) {
        printResult(context, flags.json, [], `no database at ${dbPath} yet, so no runs`);
        return;
      }
      const db = openForReading(dbPath);
      try {
        const runs = loadRuns(db, limit);
        const human =
          runs.length === 0
            ? 'no collection runs yet'
            : renderTable(
                ['id', 'source', 'started', 'ended', 'outcome', 'pages', 'requests', 'fetched', 'new', 'updated', 'waits', 'error'],
                runs.map((r) => [r.id, r.source, r.startedAt, r.endedAt, r.outcome, r.pages, r.requests, r.fetched, r.new, r.updated, r.waits, r.error]),
              );
        printResult(context, flags.json, runs, human);
      } finally {
        db.close();
      }
    });
}
