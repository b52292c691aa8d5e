import type { Command } from 'commander';
import { openDatabase, type Db } from '../../store/database';
import { loadFlagged, loadReviewQueue, type QueueItem } from '../../store/classifications';
import { saveLabel } from '../../store/labels';
import type { CommandContext } from '../context';
import { printResult } from '../output';
import { applyKey, startCard, type Card } from '../review-keys';

interface ReviewFlags {
  limit: string;
  safeguarding?: boolean;
  by?: string;
  json?: boolean;
}

export function registerReview(program: Command, context: CommandContext): void {
  program
    .command('review')
    .description('Accept or correct the classifier\'s suggestions, least confident first, from the keyboard')
    .option('--limit <n>', 'how many posts to queue', '50')
    .option('--safeguarding', 'review posts flagged for safeguarding instead (for the safeguarding lead)')
    .option('--by <name>', 'who is reviewing (recorded with each label)')
    .option('--json', 'print the queue as JSON for other tools instead of reviewing')
    .addHelpText(
      'after',
      `
Keys: 1-5 toggle an outcome · n none · f safeguarding flag (yes / cleared / undecided)
      Enter or a save as shown · s skip · q quit
Each saved card is a human label (\`onevision label\`): it wins over the classifier everywhere.

Examples:
  $ onevision review
  $ onevision review --safeguarding --by "DSL Jo"
  $ onevision review --limit 200 --json > queue.json`,
    )
    .action(async (flags: ReviewFlags, command: Command) => {
      const limit = Math.max(1, Number.parseInt(flags.limit, 10) || 50);
      const db = openDatabase(context.config(command).dbPath);
      try {
        const queue = flags.safeguarding ? loadFlagged(db, limit) : loadReviewQueue(db, limit);
        if (flags.json) {
          printResult(context, true, queue.map(toJson), '');
          return;
        }
        const result = await reviewQueue(db, queue, Boolean(flags.safeguarding), flags.by ?? null, context);
        context.print(`reviewed ${result.saved + result.skipped} of ${queue.length}: ${result.saved} labelled, ${result.skipped} skipped`);
      } finally {
        db.close();
      }
    });
}

function toJson(item: QueueItem) {
  return {
    post: `${item.source}:${item.sourceId}`,
    permalink: item.url,
    text: item.text,
    outcomes: item.outcomes,
    scores: item.scores ? (JSON.parse(item.scores) as Record<string, number>) : null,
    safeguarding: item.safeguarding,
    safeguardingScore: item.safeguardingScore,
    confidence: item.confidence,
  };
}

/** Reads single keys from stdin (raw mode on a terminal; piped keys work the same) until the queue ends or q. */
function reviewQueue(db: Db, queue: readonly QueueItem[], safeguardingQueue: boolean, by: string | null, context: CommandContext): Promise<{ saved: number; skipped: number }> {
  const stdin = process.stdin;
  const counts = { saved: 0, skipped: 0 };
  if (queue.length === 0) {
    context.say('nothing to review');
    return Promise.resolve(counts);
  }
  let index = 0;
  let card: Card = startCard(queue[0] as QueueItem, safeguardingQueue);
  const show = () => context.stderr.write(renderCard(card, index, queue.length));
  return new Promise((resolve) => {
    const finish = () => {
      stdin.off('data', onData);
      stdin.off('end', finish);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      resolve(counts);
    };
    const onData = (chunk: Buffer) => {
      for (const key of chunk.toString('utf8')) {
        const step = applyKey(card, key);
        card = step.card;
        if (step.action === 'quit') return finish();
        if (step.action === 'save') {
          saveLabel(db, { postId: card.item.postId, outcomes: [...card.outcomes].sort().join(';'), safeguarding: card.flag, note: 'review', labelledBy: by, labelledAt: context.now().toISOString() });
          counts.saved += 1;
        }
        if (step.action === 'skip') counts.skipped += 1;
        if (step.action === 'save' || step.action === 'skip') {
          index += 1;
          if (index >= queue.length) return finish();
          card = startCard(queue[index] as QueueItem, safeguardingQueue);
        }
        show();
      }
    };
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.on('end', finish);
    stdin.resume();
    show();
  });
}

function renderCard(card: Card, index: number, total: number): string {
  const item = card.item;
  const scores = item.scores ? (JSON.parse(item.scores) as Record<string, number>) : {};
  const marks = [1, 2, 3, 4, 5].map((o) => `${card.outcomes.has(o) ? `[${o}]` : ` ${o} `} ${(scores[o] ?? 0).toFixed(2)}`).join('  ');
  const flag = card.flag === null ? 'undecided' : card.flag === 1 ? 'YES' : 'cleared';
  return [
    '',
    `── ${index + 1}/${total}  ${item.source}:${item.sourceId}  ${item.url ?? ''}  confidence ${(item.confidence ?? 0).toFixed(2)}`,
    item.text,
    `outcomes: ${marks}`,
    `suggested: ${item.outcomes || 'none'}   safeguarding: machine ${item.safeguarding ? 'flagged' : 'not flagged'}, yours ${flag}`,
    'keys: 1-5 toggle · n none · f flag · Enter/a save · s skip · q quit',
    '',
  ].join('\n');
}
