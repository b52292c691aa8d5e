import type { Command } from 'commander';
import type { Audience, Gate, ReleasedPost } from '../../gate/release';
import { describeScreening } from '../../gate/screening';
import { toTerminalLine, toTerminalText } from '../../gate/terminal-text';
import { openDatabase, type Db } from '../../store/database';
import { iterateReviewQueue, loadFlagged, type QueueItem } from '../../store/classifications';
import { openGate } from '../gate';
import { recordPersonDecision } from '../screening-decisions';
import { recordLabel } from '../labelling';
import type { CommandContext } from '../context';
import { printResult } from '../output';
import { applyKey, startCard, type Card } from '../review-keys';
import { parseCount, parseDecider } from '../flag-values';

interface ReviewFlags {
  limit: string;
  safeguarding?: boolean;
  by?: string;
  json?: boolean;
  includeOwn?: boolean;
}

export function registerReview(program: Command, context: CommandContext): void {
  program
    .command('review')
    .description('Accept or correct the classifier\'s suggestions, least confident first, from the keyboard')
    .option('--limit <n>', 'how many posts to queue', '50')
    .option('--safeguarding', 'review posts flagged for safeguarding instead (for the safeguarding lead)')
    .option('--by <name>', 'who is reviewing, recorded with each label and decision (default: your login name)')
    .option('--include-own', 'also queue the campaign\'s own posts (left out by default)')
    .option('--json', 'print the queue as JSON for other tools instead of reviewing')
    .addHelpText(
      'after',
      `
Keys: 1-5 toggle an outcome · n none · f safeguarding flag (yes / cleared / undecided)
      Enter or a save as shown · s skip · q quit
Each saved card is a human label (\`onevision label\`): it wins over the classifier everywhere.
The queue holds only posts screened clear for safeguarding, pseudonymised like an export; flagged
posts go to the safeguarding lead (\`review --safeguarding\`, which shows them in full).

Examples:
  $ onevision review
  $ onevision review --safeguarding --by "DSL Jo"
  $ onevision review --limit 200 --json > queue.json`,
    )
    .action(async (flags: ReviewFlags, command: Command) => {
      const limit = parseCount('--limit', flags.limit, { min: 1, max: 10_000, example: '--limit 50' });
      const by = parseDecider(flags.by);
      const config = context.config(command);
      const db = openDatabase(config.dbPath, { mustExist: true });
      try {
        const gate = openGate(db, config);
        const queue = flags.safeguarding ? loadFlagged(db, limit) : loadOutcomeQueue(db, gate, limit, Boolean(flags.includeOwn));
        const audience: Audience = flags.safeguarding ? { kind: 'safeguarding-lead' } : { kind: 'analyst' };
        const cards = queue.map((item) => ({ item, released: gate.release(item, audience) }));
        if (flags.json) {
          printResult(context, true, cards.map(toJson), '');
          return;
        }
        const result = await reviewQueue(db, cards, Boolean(flags.safeguarding), by, context);
        context.print(`reviewed ${result.saved + result.skipped} of ${queue.length}: ${result.saved} labelled, ${result.skipped} skipped`);
      } finally {
        db.close();
      }
    });
}

/** The outcome queue: least confident first, screened clear, without the campaign's own posts unless asked. */
function loadOutcomeQueue(db: Db, gate: Gate, limit: number, includeOwn: boolean): QueueItem[] {
  const queue: QueueItem[] = [];
  for (const item of iterateReviewQueue(db)) {
    if (!includeOwn && gate.isOwn(item)) continue;
    queue.push(item);
    if (queue.length >= limit) break;
  }
  return queue;
}

interface QueuedCard {
  readonly item: QueueItem;
  readonly released: ReleasedPost;
}

function toJson({ item, released }: QueuedCard) {
  return {
    post: `${item.source}:${item.sourceId}`,
    permalink: released.url,
    author: released.author,
    text: released.text,
    withheld: released.withheld,
    screening: item.screening,
    outcomes: item.outcomes,
    scores: item.scores ? (JSON.parse(item.scores) as Record<string, number>) : null,
    safeguardingScore: item.safeguardingScore,
    confidence: item.confidence,
  };
}

/** Reads single keys from stdin (raw mode on a terminal; piped keys work the same) until the queue ends or q. */
function reviewQueue(db: Db, queue: readonly QueuedCard[], safeguardingQueue: boolean, by: string | null, context: CommandContext): Promise<{ saved: number; skipped: number }> {
  const stdin = process.stdin;
  const counts = { saved: 0, skipped: 0 };
  if (queue.length === 0) {
    context.say('nothing to review');
    return Promise.resolve(counts);
  }
  let index = 0;
  let card: Card = startCard((queue[0] as QueuedCard).item, safeguardingQueue);
  const show = () => context.stderr.write(renderCard(card, (queue[index] as QueuedCard).released, index, queue.length));
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
          saveDecision(db, card, by, context.now().toISOString());
          counts.saved += 1;
        }
        if (step.action === 'skip') counts.skipped += 1;
        if (step.action === 'save' || step.action === 'skip') {
          index += 1;
          if (index >= queue.length) return finish();
          card = startCard((queue[index] as QueuedCard).item, safeguardingQueue);
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

/** A saved card: the outcomes as a label, and the flag (when decided) as a person's screening decision on the revision shown. */
function saveDecision(db: Db, card: Card, by: string | null, at: string): void {
  db.transaction(() => {
    const ref = `${card.item.source}:${card.item.sourceId}`;
    const outcomes = [...card.outcomes].sort().join(';');
    recordLabel(db, { ...card.item, ref }, { outcomes, note: 'review', by, at: new Date(at), via: 'review' });
    if (card.flag !== null) recordPersonDecision(db, { ...card.item, ref }, { flagged: card.flag === 1, by, at });
  }).immediate();
}

function renderCard(card: Card, released: ReleasedPost, index: number, total: number): string {
  const item = card.item;
  const scores = item.scores ? (JSON.parse(item.scores) as Record<string, number>) : {};
  const marks = [1, 2, 3, 4, 5].map((o) => `${card.outcomes.has(o) ? `[${o}]` : ` ${o} `} ${(scores[o] ?? 0).toFixed(2)}`).join('  ');
  const flag = card.flag === null ? 'undecided' : card.flag === 1 ? 'YES' : 'cleared';
  return [
    '',
    toTerminalLine(`── ${index + 1}/${total}  ${item.source}:${item.sourceId}  ${released.url}  ${released.author}  confidence ${(item.confidence ?? 0).toFixed(2)}`),
    toTerminalText(released.text),
    `outcomes: ${marks}`,
    `suggested: ${item.outcomes || 'none'}   safeguarding: ${describeScreening(item.screening)}, yours ${flag}`,
    'keys: 1-5 toggle · n none · f flag · Enter/a save · s skip · q quit',
    '',
  ].join('\n');
}
