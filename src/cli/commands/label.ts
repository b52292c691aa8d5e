import type { Command } from 'commander';
import { OUTCOMES, type OutcomeNumber, type SafeguardingLevel } from '../../classify/codebook';
import { UserError } from '../../errors';
import { openDatabase } from '../../store/database';
import { loadLabel } from '../../store/labels';
import { formatOutcomes } from '../classifier';
import type { CommandContext } from '../context';
import { printResult } from '../output';
import { findPost } from './post-ref';
import { formatPostRef, parsePostRef } from '../../core/post';
import { isStandIn } from '../../gate/release';
import { describeScreening, toScreeningState } from '../../gate/screening';
import { loadScreening } from '../../store/screenings';
import { recordPersonDecision } from '../screening-decisions';
import { recordLabel } from '../labelling';
import { parseCountList, parseDecider } from '../flag-values';

interface LabelFlags {
  outcomes?: string;
  none?: boolean;
  safeguarding?: string;
  level?: string;
  note?: string;
  by?: string;
  json?: boolean;
}

export function registerLabel(program: Command, context: CommandContext): void {
  program
    .command('label')
    .description('Record a person\'s decision on a post\'s outcomes (and safeguarding flag); it wins over the classifier')
    .argument('<post>', 'SOURCE:ID (e.g. survey:r-17) or the post\'s address (e.g. https://x.com/user/status/ID)')
    .option('--outcomes <list>', 'the outcomes that apply, e.g. 1,3')
    .option('--none', 'no outcome applies')
    .option('--safeguarding <yes|no>', 'flag (yes) or clear (no) this revision of the post for safeguarding; only a person can clear a flag')
    .option('--level <disclosure|concern>', 'the flag\'s level (S4): disclosure (urgent, a specific child now) or concern (worth a look); implies --safeguarding yes')
    .option('--note <text>', 'why, for the next reviewer')
    .option('--by <name>', 'who decided (default: your login name)')
    .option('--json', 'print the saved label as JSON')
    .addHelpText(
      'after',
      `
A label survives \`classify --all\` and \`train\`, fills the export's outcomes column, and is
used as training data by \`onevision train\`. Labelling again replaces the outcomes; the note is
kept unless given. A safeguarding decision covers the text you saw: if the post changes later, the
new text is screened again. --safeguarding may be given alone.

--level sets the flag's level (docs/labelling.md, S4) in place of the classifier's: it orders the
safeguarding queue (disclosures first) and teaches the level model at the next \`train\`.

Examples:
  $ onevision label survey:r-17 --outcomes 1,3 --note "R4: parental drinking named"
  $ onevision label x:1642000000000000000 --none
  $ onevision label https://x.com/someone/status/1642000000000000000 --outcomes 4
  $ onevision label facebook:123_456 --outcomes 2 --safeguarding no --note "historic, known to CAMHS"
  $ onevision label survey:r-40 --safeguarding yes --by "DSL Jo"
  $ onevision label survey:r-41 --level disclosure --note "names her stepdad, now"`,
    )
    .action((typed: string, flags: LabelFlags, command: Command) => {
      const level = parseLevel(flags.level);
      const safeguarding = parseSafeguarding(flags.safeguarding) ?? (level === null ? null : 1);
      if (level !== null && safeguarding === 0) throw new UserError('--level is for a flag, and --safeguarding no clears it', 'Give --level with --safeguarding yes, or alone.');
      // The safeguarding lead may decide the flag alone, without labelling outcomes.
      const outcomes = safeguarding !== null && flags.outcomes === undefined && !flags.none ? null : parseOutcomeFlags(flags);
      const by = parseDecider(flags.by);
      const db = openDatabase(context.config(command).dbPath, { mustExist: true });
      try {
        const post = findPost(db, typed);
        // The audit and the undo name the post by SOURCE:ID, however it was asked for; what is printed
        // names it as it was asked for when that was an export's stand-in, which hides its id.
        const ref = formatPostRef(post);
        const shown = isStandIn(parsePostRef(typed)?.sourceId ?? '') ? typed : ref;
        const at = context.now().toISOString();
        // IMMEDIATE: the transaction reads before it writes, and a deferred one that another writer
        // overtakes fails at once with "database is locked" instead of waiting its turn (WAL snapshot).
        db.transaction(() => {
          if (outcomes !== null) recordLabel(db, { ...post, ref }, { outcomes: formatOutcomes(outcomes), note: flags.note ?? null, by, at: new Date(at) });
          if (safeguarding !== null) recordPersonDecision(db, { ...post, ref }, { flagged: safeguarding === 1, by, at, level }, level ? { level } : {});
        }).immediate();
        const saved = loadLabel(db, post.postId) ?? null;
        const screening = loadScreening(db, post.postId);
        const state = toScreeningState(screening, post.revision);
        printResult(context, flags.json, { post: shown, label: saved, screening: { state, ...screening } }, `${shown}: ${saved ? `labelled ${saved.outcomes || 'none'}` : 'no outcome label'}; safeguarding ${describeScreening(state)}`);
      } finally {
        db.close();
      }
    });
}

export function parseOutcomeFlags(flags: Pick<LabelFlags, 'outcomes' | 'none'>): OutcomeNumber[] {
  if (flags.none && flags.outcomes !== undefined) throw new UserError('give either --outcomes or --none, not both');
  if (flags.none) return [];
  if (flags.outcomes === undefined) throw new UserError('say which outcomes apply', 'Use --outcomes 1,3 (numbers 1 to 5) or --none.');
  return parseCountList('--outcomes', flags.outcomes, { min: 1, max: OUTCOMES.length, example: '--outcomes 2,4, or --none' }) as OutcomeNumber[];
}

function parseSafeguarding(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (/^(yes|y|1|true)$/i.test(value)) return 1;
  if (/^(no|n|0|false|clear)$/i.test(value)) return 0;
  throw new UserError(`--safeguarding "${value}" is not yes or no`, 'Use --safeguarding yes to confirm a flag or --safeguarding no to clear it.');
}

function parseLevel(value: string | undefined): SafeguardingLevel | null {
  if (value === undefined) return null;
  const level = value.trim().toLowerCase();
  if (level === 'disclosure' || level === 'concern') return level;
  throw new UserError(`--level "${value}" is not disclosure or concern`, 'Use --level disclosure (urgent: a specific child now) or --level concern (worth a look).');
}
