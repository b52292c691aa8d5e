import type { Command } from 'commander';
import { chooseImportFormat, type RowProblem } from '../../collectors/imports';
import { describeWithoutText } from '../../collectors/imports/facebook-export-items';
import { readBesideText, readImportText } from '../../collectors/imports/file';
import type { Config } from '../../config';
import { InputError, UserError } from '../../errors';
import { SOURCE_NAME } from '../../core/post';
import { openDatabase } from '../../store/database';
import { savePosts } from '../../store/posts';
import { classifyNewPosts } from '../classifier';
import type { CommandContext } from '../context';
import { printResult } from '../output';

export interface ImportFlags {
  format?: string;
  source: string;
  skipInvalid?: boolean;
  /** false with --no-classify: leave classification to a later `onevision classify`. */
  classify?: boolean;
  json?: boolean;
}

export interface ImportSummary {
  file: string;
  format: string;
  rowsRead: number;
  /** Items with no text (stickers, photos alone), skipped and counted by what they hold; not a failure. */
  withoutText?: { skipped: number; kinds: Readonly<Record<string, number>> };
  new: number;
  updated: number;
  unchanged: number;
  skipped: number;
  problems: RowProblem[];
}

const SHOWN_PROBLEMS = 10;

export function registerImport(program: Command, context: CommandContext): void {
  program
    .command('import')
    .description('Import a file of responses (CSV or NDJSON) into the database, all or nothing')
    .argument('<file>', 'the file to import')
    .option('--format <format>', 'csv, ndjson, x-archive or twarc (default: from the content, else the extension)')
    .option('--source <name>', 'source for rows without a source column', 'survey')
    .option('--skip-invalid', 'import the good rows and list the bad ones instead of failing')
    .option('--no-classify', 'do not classify the new posts now (for very large backfills; run `onevision classify` later)')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      `
The whole file is one transaction: if any row is invalid nothing is imported (exit 2), unless
--skip-invalid. Re-importing the same file changes nothing.

Examples:
  $ onevision import responses.csv
  $ onevision import event-answers.csv --source event
  $ onevision import posts.ndjson --skip-invalid --json
  $ onevision import twitter-archive/data/tweets.js      (X archive; note-tweet.js beside it is read too)
  $ onevision import ciosonevision-2024.jsonl            (twarc2 search or flatten output)`,
    )
    .action((file: string, flags: ImportFlags, command: Command) => {
      const summary = importFile(context.config(command), file, flags, context);
      printResult(context, flags.json, summary, formatSummary(summary));
    });
}

/** Imports one file in one transaction, then classifies what it brought in. Shared with `demo`. */
export function importFile(config: Config, file: string, flags: ImportFlags, context: CommandContext): ImportSummary {
  if (!SOURCE_NAME.test(flags.source)) {
    throw new UserError(`--source "${flags.source}" is not a valid source name`, 'Use lower-case letters, digits, - or _, e.g. --source survey.');
  }
  const text = readImportText(file);
  const format = chooseImportFormat(file, text, flags.format);
  const parsed = format.parse(text, { file, defaultSource: flags.source, readBeside: (name) => readBesideText(file, name) });
  if (parsed.fatal) throw new InputError(file, parsed.fatal.line, parsed.fatal.problem, 'Nothing was imported.');
  if (parsed.problems.length > 0 && !flags.skipInvalid) {
    const [first] = parsed.problems;
    reportProblems(context, file, parsed.problems.slice(1));
    throw new InputError(file, first?.line, first?.problem ?? 'invalid row', `Nothing was imported. Fix the row${parsed.problems.length > 1 ? 's' : ''} or re-run with --skip-invalid.`);
  }
  const db = openDatabase(config.dbPath);
  try {
    const counts = savePosts(db, parsed.posts, context.now().toISOString());
    if (flags.classify !== false) classifyNewPosts(db, context.now().toISOString(), (line) => context.say(line));
    if (parsed.problems.length > 0) reportProblems(context, file, parsed.problems);
    const withoutText = parsed.withoutText ? { withoutText: { skipped: Object.values(parsed.withoutText).reduce((a, b) => a + b, 0), kinds: parsed.withoutText } } : {};
    return { file, format: parsed.format, rowsRead: parsed.rowsRead, ...counts, skipped: parsed.problems.length, problems: parsed.problems, ...withoutText };
  } finally {
    db.close();
  }
}

function reportProblems(context: CommandContext, file: string, problems: readonly RowProblem[]): void {
  for (const problem of problems.slice(0, SHOWN_PROBLEMS)) context.say(`  ${file}:${problem.line}: ${problem.problem}`);
  if (problems.length > SHOWN_PROBLEMS) context.say(`  … and ${problems.length - SHOWN_PROBLEMS} more`);
}

function formatSummary(s: ImportSummary): string {
  return `${formatCounts(s)}${s.withoutText?.skipped ? `\n  skipped ${s.withoutText.skipped} item${s.withoutText.skipped === 1 ? '' : 's'} without text: ${describeWithoutText(s.withoutText.kinds)}` : ''}`;
}

function formatCounts(s: ImportSummary): string {
  return `${s.file} (${s.format}): ${s.rowsRead} rows read, ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped} skipped`;
}
