import type { Command } from 'commander';
import { describeScreening, type ScreeningState } from '../../gate/screening';
import { toTerminalLine, toTerminalText } from '../../gate/terminal-text';
import { loadFlagCounts, loadFlagged, loadScreeningCounts, type FlagLevel, type QueueItem } from '../../store/classifications';
import type { ReleasedPost } from '../../gate/release';
import type { CommandContext } from '../context';
import { openGate } from '../gate';
import { printResult } from '../output';
import { openForReading } from '../read-database';
import { parseCount } from '../flag-values';
import type { Db } from '../../store/database';
import { plural, wordFor } from '../../core/words';

export function registerSafeguarding(program: Command, context: CommandContext): void {
  program
    .command('safeguarding')
    .description('List posts flagged as a possible disclosure of harm, in full, for the designated safeguarding lead')
    .option('--limit <n>', 'show at most this many', '500')
    .option('--json', 'print the list as JSON')
    .addHelpText(
      'after',
      `
This is the one output that shows flagged text, with the author and the link: it is for the
designated safeguarding lead. A post is listed while its flag stands: raised by the classifier
(tuned to miss as little as possible) or by a person, and not cleared by a person. The classifier
never lowers a flag, not even after retraining. Clear one with
\`onevision label SOURCE:ID --safeguarding no\`; the decision covers the text you saw, so a post
edited afterwards is screened again.

The classifier gives each flag a level (docs/labelling.md, S4): a disclosure says a specific child is
being harmed or at risk now, and is urgent; a concern is a flag by doubt, worth a look. A person may
set the level with \`onevision label SOURCE:ID --level disclosure\` (or concern); theirs wins. The
list shows people's flags first, then the classifier's, disclosures before concerns, each by score.
Both levels are withheld from every other output alike. Posts not yet screened are counted at the end: run
\`onevision classify\` to screen them. Everywhere else their text is withheld.

--limit cuts the list after the most urgent; when it does, the last line (on stderr with --json)
says how many were left off.

Examples:
  $ onevision safeguarding
  $ onevision safeguarding --limit 20
  $ onevision safeguarding --json > flagged.json`,
    )
    .action((flags: { limit: string; json?: boolean }, command: Command) => {
      const limit = parseCount('--limit', flags.limit, { min: 1, max: 100_000, example: '--limit 500' });
      const config = context.config(command);
      const db = openForReading(config.dbPath);
      try {
        const gate = openGate(db, config);
        const items = loadFlagged(db, limit).map((item) => toFlagged(item, gate.release(item, { kind: 'safeguarding-lead' })));
        const awaitingScreening = loadScreeningCounts(db).awaiting;
        const cut = cutNotice(items.length, totalFlagged(db));
        printResult(context, flags.json, items, flags.json ? '' : [renderList(items), ...(cut ? ['', cut] : [])].join('\n'));
        // With --json stdout is the list alone; the lead still hears that it was cut.
        if (cut && flags.json) context.say(cut);
        if (awaitingScreening > 0) context.say(`${plural(awaitingScreening, 'post')} ${wordFor(awaitingScreening, 'is', 'are')} not yet screened (run \`onevision classify\`); their text is withheld everywhere until then.`);
      } finally {
        db.close();
      }
    });
}

function totalFlagged(db: Db): number {
  const counts = loadFlagCounts(db);
  return counts.disclosures + counts.concerns + counts.other;
}

/** A queue cut by --limit says so: a flag left off the list unannounced is a case nobody looks at. */
function cutNotice(listed: number, total: number): string | null {
  return listed < total ? `${listed} of ${total} flagged posts listed, the most urgent first: use --limit ${total} to see them all.` : null;
}

/** A flagged post as the lead reads it, here and on the desk's inbox. */
export function toFlagged(item: QueueItem, released: ReleasedPost) {
  return {
    post: `${item.source}:${item.sourceId}`,
    permalink: released.url || null,
    author: released.author || null,
    createdAt: item.createdAt,
    state: item.screening,
    level: item.safeguardingLevel,
    /** Who set the level: a person (`label --level`) or the classifier; null when there is none. */
    levelBy: item.stored?.level ? ('person' as const) : item.safeguardingLevel ? ('classifier' as const) : null,
    score: item.safeguardingScore,
    lastPersonDecision: item.stored?.decidedAt ? { by: item.stored.decidedBy, at: item.stored.decidedAt, revision: item.stored.decidedRevision } : null,
    cues: item.explanation ? ((JSON.parse(item.explanation) as { safeguarding?: string[] }).safeguarding ?? []) : [],
    text: released.text,
  };
}

export type Flagged = ReturnType<typeof toFlagged>;

function renderList(items: readonly Flagged[]): string {
  return items.length === 0 ? 'no posts are flagged for safeguarding' : items.map(render).join('\n\n');
}

function render(item: Flagged): string {
  const score = item.score === null ? '' : `  score ${item.score.toFixed(2)}`;
  const level = describeLevel(item.level, item.state) + (item.levelBy === 'person' ? ", a person's level" : '');
  const earlier = item.lastPersonDecision ? `  (a person last decided on ${item.lastPersonDecision.at.slice(0, 10)}${item.lastPersonDecision.by ? ` by ${toTerminalText(item.lastPersonDecision.by)}` : ''}, revision ${item.lastPersonDecision.revision ?? '?'})` : '';
  return [
    toTerminalLine(`${item.post}  ${item.permalink ?? '(no permalink)'}  ${item.createdAt ?? ''}  ${describeScreening(item.state)}${level}${score}${earlier}`),
    `  by ${toTerminalText(item.author ?? 'unknown')}${item.cues.length ? `  cues: ${item.cues.join(', ')}` : ''}`,
    ...toTerminalText(item.text).split('\n').map((line) => `  ${line}`),
  ].join('\n');
}

function describeLevel(level: FlagLevel | null, state: ScreeningState): string {
  if (level === 'disclosure') return '  DISCLOSURE (urgent)';
  if (level === 'concern') return '  concern';
  // A machine flag stands until a person clears it, even when the latest model no longer raises it.
  return state === 'machine-flagged' ? '  (the current model no longer flags it)' : '';
}
