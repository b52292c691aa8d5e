import type { Command } from 'commander';
import { tallyOutcomeChanges, parseOutcomes, type OutcomeTally } from '../../classify/outcome-changes';
import { OUTCOMES } from '../../classify/codebook';
import { UserError } from '../../errors';
import type { Gate } from '../../gate/release';
import { toTerminalLine, toTerminalText } from '../../gate/terminal-text';
import { OUTCOME_SHORT_NAMES } from '../../report/outcomes';
import { loadChangedOutcomes, loadChangedPosts, loadVersionPairs, type ChangedPost, type VersionPair } from '../../store/classification-changes';
import type { Db } from '../../store/database';
import type { CommandContext } from '../context';
import { openGate } from '../gate';
import { printResult, renderTable } from '../output';
import { openForReading } from '../read-database';
import { parseCount } from '../flag-values';
import { plural, wordFor } from '../../core/words';

interface ChangesFlags {
  from?: string;
  to?: string;
  limit: string;
  text?: boolean;
  json?: boolean;
}

export function registerChanges(program: Command, context: CommandContext): void {
  program
    .command('changes')
    .description('List the posts whose outcomes changed between two model or codebook versions, with counts per outcome')
    .option('--from <modelVersion>', 'the version the posts changed from (default: that of the most recent change)')
    .option('--to <modelVersion>', 'the version the posts changed to (default: that of the most recent change)')
    .option('--limit <n>', 'list at most this many posts (the counts always cover all)', '100')
    .option('--text', "also show each post's text, as an export would: withheld while flagged or not yet screened")
    .option('--json', 'print the counts and the list as JSON')
    .addHelpText(
      'after',
      `
A new model (\`onevision train\`) or codebook can give the same text other outcomes. When
\`classify --all\` (or import, or collect) does, the change is recorded: the post, the two model and
codebook versions, and the outcomes before and after. A post whose text changed is not a version
change and is not recorded. This command shows, for one pair of versions, how many posts gained
and lost each outcome, and the net move of its count, so a jump in a trend line can be told apart
from the model that caused it. The posts are listed by source, id, date and outcomes (a post whose
text is withheld by its stand-in, withheld-…, as in an export); a post a
person labelled is marked: its label wins in every output, so its reported outcomes did not move.

Without --from and --to the most recently recorded pair is shown. Text is not shown unless
--text is given, and then only as \`onevision export\` would show it.

Examples:
  $ onevision changes
  $ onevision changes --json > changes.json
  $ onevision changes --from 2017.1.1+bf46b83bb6e3 --to 2017.1.1+0a1b2c3d4e5f --limit 20
  $ onevision changes --text`,
    )
    .action((flags: ChangesFlags, command: Command) => {
      const limit = parseLimit(flags.limit);
      const config = context.config(command);
      const db = openForReading(config.dbPath);
      try {
        const pairs = loadVersionPairs(db);
        const pair = choosePair(pairs, flags.from, flags.to);
        const report = pair ? toReport(db, pair, pairs, limit, { gate: openGate(db, config), withText: flags.text === true }) : emptyReport();
        printResult(context, flags.json, report, render(report));
      } finally {
        db.close();
      }
    });
}

function parseLimit(text: string): number {
  return parseCount('--limit', text, { min: 1, max: 100_000, example: '--limit 50 (the counts always cover every changed post)' });
}

/** The pair asked for, the most recent one when none is, or null when nothing was ever recorded. */
export function choosePair(pairs: readonly VersionPair[], from: string | undefined, to: string | undefined): VersionPair | null {
  if (pairs.length === 0) {
    if (from === undefined && to === undefined) return null;
    throw new UserError('no outcome changes between versions have been recorded in this database', 'They are recorded when `onevision classify --all` runs after `onevision train` (or with a new codebook); run it, then `onevision changes`.');
  }
  const known = [...new Set(pairs.flatMap((p) => [p.fromModel, p.toModel]))];
  for (const [flag, version] of [['--from', from], ['--to', to]] as const) {
    if (version !== undefined && !known.includes(version)) {
      throw new UserError(`${flag} ${version} is not a version any recorded change involves`, `Recorded versions: ${known.join(', ')}.`);
    }
  }
  const pair = pairs.find((p) => (from === undefined || p.fromModel === from) && (to === undefined || p.toModel === to));
  if (!pair) throw new UserError(`no outcome changes were recorded from ${from ?? 'any version'} to ${to ?? 'any version'}`, `Recorded pairs: ${pairs.map(describePair).join('; ')}.`);
  return pair;
}

const describePair = (p: VersionPair) => `--from ${p.fromModel} --to ${p.toModel} (${plural(p.posts, 'post')})`;

interface ChangeItem {
  readonly post: string;
  readonly source: string;
  readonly sourceId: string;
  readonly createdAt: string | null;
  readonly from: number[];
  readonly to: number[];
  readonly gained: number[];
  readonly lost: number[];
  readonly labelled: boolean;
  /** Only with --text: the text as an analyst's export shows it. */
  readonly text?: string;
  readonly withheld?: string | null;
}

interface ChangesReport {
  readonly from: { readonly model: string; readonly codebook: string } | null;
  readonly to: { readonly model: string; readonly codebook: string } | null;
  readonly lastChangedAt: string | null;
  /** Every post whose outcomes changed between the two versions. */
  readonly posts: number;
  /** Of them, those a person labelled: their label wins, so their reported outcomes did not move. */
  readonly labelled: number;
  readonly outcomes: ReadonlyArray<OutcomeTally & { readonly name: string }>;
  /** The posts listed (at most --limit), oldest first. */
  readonly changes: readonly ChangeItem[];
  /** Every recorded pair of versions, the most recent first. */
  readonly pairs: ReadonlyArray<{ readonly from: string; readonly to: string; readonly posts: number; readonly lastChangedAt: string }>;
}

/** How the listed posts are shown: as an analyst's export shows them, with their text only when asked. */
interface Showing {
  readonly gate: Gate;
  readonly withText: boolean;
}

function toReport(db: Db, pair: VersionPair, pairs: readonly VersionPair[], limit: number, showing: Showing): ChangesReport {
  const all = loadChangedOutcomes(db, pair.fromModel, pair.toModel);
  const tallies = tallyOutcomeChanges(all.map((c) => ({ from: c.fromOutcomes, to: c.toOutcomes })));
  return {
    from: { model: pair.fromModel, codebook: pair.fromCodebook },
    to: { model: pair.toModel, codebook: pair.toCodebook },
    lastChangedAt: pair.lastChangedAt,
    posts: all.length,
    labelled: all.filter((c) => c.labelled).length,
    outcomes: tallies.map((t) => ({ ...t, name: OUTCOME_SHORT_NAMES[t.outcome] ?? `Outcome ${t.outcome}` })),
    changes: loadChangedPosts(db, pair.fromModel, pair.toModel, limit).map((post) => toItem(post, showing)),
    pairs: pairs.map((p) => ({ from: p.fromModel, to: p.toModel, posts: p.posts, lastChangedAt: p.lastChangedAt })),
  };
}

function emptyReport(): ChangesReport {
  const outcomes = tallyOutcomeChanges([]).map((t) => ({ ...t, name: OUTCOME_SHORT_NAMES[t.outcome] ?? `Outcome ${t.outcome}` }));
  return { from: null, to: null, lastChangedAt: null, posts: 0, labelled: 0, outcomes, changes: [], pairs: [] };
}

function toItem(post: ChangedPost, { gate, withText }: Showing): ChangeItem {
  const from = [...parseOutcomes(post.fromOutcomes)];
  const to = [...parseOutcomes(post.toOutcomes)];
  // A withheld post by its stand-in, as in an export: its id leads to its text on the platform.
  const shown = gate.shownRef(post, { kind: 'analyst' });
  const item = {
    post: shown,
    source: post.source,
    sourceId: shown.slice(post.source.length + 1),
    createdAt: post.createdAt,
    from,
    to,
    gained: OUTCOMES.filter((o) => to.includes(o) && !from.includes(o)),
    lost: OUTCOMES.filter((o) => from.includes(o) && !to.includes(o)),
    labelled: post.labelled,
  };
  if (!withText) return item;
  // The analyst's view, exactly as `export` gives it: flagged and unscreened text stays withheld.
  const released = gate.release(post, { kind: 'analyst' });
  return { ...item, text: released.text, withheld: released.withheld };
}

function render(report: ChangesReport): string {
  if (!report.from || !report.to) return 'no outcome changes between versions recorded yet (they are recorded when `onevision classify --all` runs after `onevision train` or a new codebook)';
  const head = [
    `from model ${report.from.model} (codebook ${report.from.codebook}) to ${report.to.model} (codebook ${report.to.codebook}), last recorded ${report.lastChangedAt ?? ''}`,
    `${plural(report.posts, 'post')} changed outcome${report.labelled > 0 ? `; ${report.labelled} ${wordFor(report.labelled, 'has', 'have')} a person's label, which wins in every output` : ''}`,
  ].map(toTerminalLine);
  const counts = renderTable(['outcome', 'gained', 'lost', 'net'], report.outcomes.map((t) => [t.name, t.gained, t.lost, t.net]));
  const shown = report.changes.length < report.posts ? [`(${report.changes.length} of ${report.posts} listed: use --limit for more)`] : [];
  const others = report.pairs.length > 1 ? [`other recorded pairs: ${report.pairs.filter((p) => p.from !== report.from?.model || p.to !== report.to?.model).map((p) => `${p.from} → ${p.to} (${p.posts})`).join(', ')} (see --from and --to)`] : [];
  return [...head, '', counts, '', renderPosts(report.changes), ...shown, ...others.map(toTerminalLine)].join('\n');
}

function renderPosts(items: readonly ChangeItem[]): string {
  const list = (outcomes: readonly number[]) => (outcomes.length === 0 ? 'none' : outcomes.join(';'));
  const rows = items.map((item) => [toTerminalLine(item.post), item.createdAt ? toTerminalLine(item.createdAt.slice(0, 10)) : '', `${list(item.from)} → ${list(item.to)}`, item.labelled ? 'yes (the label wins)' : '']);
  const table = renderTable(['post', 'created', 'outcomes', 'labelled'], rows).split('\n');
  if (!items.some((item) => item.text !== undefined)) return table.join('\n');
  // With --text each post's line is followed by its text as released, indented.
  return [...table.slice(0, 2), ...items.flatMap((item, i) => [table[i + 2] ?? '', ...toTerminalText(item.text ?? '').split('\n').map((line) => `    ${line}`)])].join('\n');
}
