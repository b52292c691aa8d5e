import type { Command } from 'commander';
import { openDatabase } from '../../store/database';
import { loadFlagged, type QueueItem } from '../../store/classifications';
import type { CommandContext } from '../context';
import { printResult } from '../output';

export function registerSafeguarding(program: Command, context: CommandContext): void {
  program
    .command('safeguarding')
    .description('List posts flagged as a possible disclosure of harm, with permalinks, for the designated safeguarding lead')
    .option('--limit <n>', 'show at most this many', '500')
    .option('--json', 'print the list as JSON')
    .addHelpText(
      'after',
      `
A post is listed while its flag stands: flagged by the classifier (tuned to miss as little as
possible) or by a person, and not cleared by a person. Clear one with
\`onevision label SOURCE:ID --outcomes … --safeguarding no\`. Exports withhold flagged text.

Examples:
  $ onevision safeguarding
  $ onevision safeguarding --json > flagged.json`,
    )
    .action((flags: { limit: string; json?: boolean }, command: Command) => {
      const db = openDatabase(context.config(command).dbPath, { readonly: true });
      try {
        const limit = Math.max(1, Number.parseInt(flags.limit, 10) || 500);
        const items = loadFlagged(db, limit).map(toFlagged);
        printResult(context, flags.json, items, items.length === 0 ? 'no posts are flagged for safeguarding' : items.map(render).join('\n\n'));
      } finally {
        db.close();
      }
    });
}

function toFlagged(item: QueueItem) {
  return {
    post: `${item.source}:${item.sourceId}`,
    permalink: item.url,
    createdAt: item.createdAt,
    score: item.safeguardingScore,
    cues: item.explanation ? ((JSON.parse(item.explanation) as { safeguarding?: string[] }).safeguarding ?? []) : [],
    text: item.text,
  };
}

function render(item: ReturnType<typeof toFlagged>): string {
  const score = item.score === null ? 'flagged by a person' : `score ${item.score.toFixed(2)}`;
  return `${item.post}  ${item.permalink ?? '(no permalink)'}  ${item.createdAt ?? ''}  ${score}\n  ${item.text.replace(/\s+/g, ' ')}`;
}
