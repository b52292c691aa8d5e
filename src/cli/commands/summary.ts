import type { Command } from 'commander';
import { UserError } from '../../errors';
import type { PivotBy } from '../../report/pivot';
import { renderSummaryText } from '../../report/terminal';
import { openGate } from '../gate';
import type { CommandContext } from '../context';
import { checkSourceFlag, parseFilterFlags, type FilterFlags } from '../filters';
import { printResult } from '../output';
import { loadSummaryModel } from '../summaries';
import { openForReading } from '../read-database';

interface SummaryFlags extends FilterFlags {
  by?: string;
  json?: boolean;
  includeOwn?: boolean;
}

const BY_CHOICES = ['outcome', 'week', 'month', 'source', 'place', 'question'] as const;

export function registerSummary(program: Command, context: CommandContext): void {
  program
    .command('summary')
    .description('Posts and share per outcome, unique voices, trend, top terms and flags awaiting review')
    .option('--from <date>', 'posts created on or after this date (YYYY-MM-DD or ISO 8601)')
    .option('--to <date>', 'posts created up to and including this date')
    .option('--source <name>', 'only this source (x, facebook, survey, …)')
    .option('--question <text>', 'only survey answers to questions containing this text (case-insensitive)')
    .option('--by <what>', `also break the counts down by ${BY_CHOICES.join('|')}`)
    .option('--include-own', 'count the campaign\'s own posts (CornwallCT\'s tweets, page posts and their retweets) as well')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      `
A post with two outcomes counts in both. Retweets count as posts but not as voices; deleted posts are
never counted; the campaign's own posts are left out unless --include-own. Every resident's post is
counted, including those whose text is withheld (flagged for safeguarding or not yet screened), but
terms come only from posts screened clear. The trend compares with the period of the same length just before. Place counts
below 5 are shown as "<5".

Examples:
  $ onevision summary
  $ onevision summary --from 2017-04-01 --to 2017-06-30 --by week
  $ onevision summary --source facebook --by place --json
  $ onevision summary --source survey --by question
  $ onevision summary --question "better place"`,
    )
    .action((flags: SummaryFlags, command: Command) => {
      const filter = parseFilterFlags(flags);
      const by = parseBy(flags.by);
      const config = context.config(command);
      const db = openForReading(config.dbPath);
      try {
        checkSourceFlag(db, filter.source);
        const shown = { from: flags.from, to: flags.to, source: flags.source, question: filter.question };
        const { model } = loadSummaryModel(db, openGate(db, config), filter, { shown, by, includeOwn: flags.includeOwn });
        printResult(context, flags.json, model, renderSummaryText(model, context.width));
      } finally {
        db.close();
      }
    });
}

function parseBy(by: string | undefined): PivotBy | undefined {
  if (by === undefined || by === 'outcome') return undefined;
  if (!(BY_CHOICES as readonly string[]).includes(by)) throw new UserError(`--by "${by}" is not one of ${BY_CHOICES.join(', ')}`, 'For example --by week.');
  return by as PivotBy;
}
