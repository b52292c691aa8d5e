import fs from 'node:fs';
import type { Command } from 'commander';
import { IMPORT_FORMATS, chooseImportFormat, type ParsedImport, type RowProblem } from '../../collectors/imports';
import { describeWithoutText } from '../../collectors/imports/facebook-export-items';
import { readBesideText, readImportFile } from '../../collectors/imports/file';
import { screenPosts } from '../../collectors/imports/limits';
import { LIMIT_OPTIONS, checkSourceForFormat, refuseOverlongLines, toImportLimits, type LimitFlags } from '../import-limits';
import type { Config } from '../../config';
import { InputError } from '../../errors';
import type { Post } from '../../core/post';
import { openDatabase, schemaVersion, type Db } from '../../store/database';
import { loadErasureLedger, type ErasureLedger } from '../../store/erasure-ledger';
import { SCHEMA_VERSION } from '../../store/migrations';
import { loadLastPostId, savePosts } from '../../store/posts';
import { classifyNewPosts, loadModel, type ActiveModel } from '../classifier';
import { classifyingAhead, sendPostsAhead, startAheadWorkerFor, type AheadWorker, type RowsAhead } from '../classify-ahead';
import type { CommandContext } from '../context';
import { printResult } from '../output';
import { ProgressLine } from '../progress';
import { printDryRun, type DryRunInput } from '../import-preview';
import { toTerminalLine } from '../../gate/terminal-text';
import { isSurveyImport, parseSurveyFile, type SurveyFlags } from '../survey-import';
import { createdDatabaseNote, willCreateDatabase } from '../new-database';
import { plural } from '../../core/words';

export interface ImportFlags extends SurveyFlags, LimitFlags {
  format?: string;
  source: string;
  /** True when --source was typed rather than left at its default (commander's option value source). */
  sourceTyped?: boolean;
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
  /** Rows the erasure ledger refused: erased before, or by someone forgotten with their future posts. */
  refused: number;
  skipped: number;
  problems: RowProblem[];
  /** Things that are not bad rows but change what the import means (streaming notices skipped). */
  notes?: readonly string[];
}

const SHOWN_PROBLEMS = 10;

export function registerImport(program: Command, context: CommandContext): void {
  program
    .command('import')
    .description('Import a file of responses (CSV or NDJSON) into the database, all or nothing')
    .argument('<file>', 'the file to import')
    .option('--format <format>', `${IMPORT_FORMATS.map((f) => f.name).join(', ')} (default: from the content, else the extension)`)
    .option('--source <name>', 'source for rows without a source column (CSV, NDJSON, survey exports; X and Facebook files store their own)', 'survey')
    .option('--skip-invalid', 'import the good rows and list the bad ones instead of failing')
    .option('--id-column <name>', 'survey export (CSV or .xlsx): the respondent id column, by header or position (#1)')
    .option('--text-column <name>', 'survey export: an open question\'s column; repeat for each question (one post per answer)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--date-column <name>', 'survey export: the column with the response date')
    .option('--author-column <name>', 'survey export: the column with the respondent\'s name or e-mail (stored as a pseudonymised author)')
    .option('--day-first', 'survey export: read 01/06/2017 as 1 June (UK); without it a slash date is refused')
    .option('--sheet <name>', 'survey .xlsx: the sheet to read (default: the first, and it says so)')
    .option('--header-rows <n>', 'survey export: 2 when a second header row holds answer labels (SmartSurvey)')
    .option(...LIMIT_OPTIONS.maxPostChars)
    .option(...LIMIT_OPTIONS.maxLineBytes)
    .option('--dry-run', 'show the format, columns, row count and first five posts; write nothing')
    .option('--no-classify', 'do not classify the new posts now (for very large backfills; run `onevision classify` later)')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      `
The whole file is one transaction: if any row is invalid nothing is imported (exit 2), unless
--skip-invalid. Re-importing the same file changes nothing. On a terminal, a progress line says
what Ctrl-C would leave: nothing while the file is saved, or the saved posts for \`onevision classify\`
while they are classified.

Files are read as UTF-8; UTF-16 (Excel's "Unicode Text", tab-separated) is converted. Control
characters (NUL and the like; not tabs or line breaks) are removed from the text, with a notice.
A post longer than --max-post-chars is an invalid row; a line longer than --max-line-bytes stops
the import (in NDJSON it is an invalid row). A header that names a column twice is refused.

Examples:
  $ onevision import responses.csv
  $ onevision import event-answers.csv --source event
  $ onevision import posts.ndjson --skip-invalid --json
  $ onevision import twitter-archive/data/tweets.js      (X archive; note-tweet.js beside it is read too)
  $ onevision import ciosonevision-2024.jsonl            (twarc2 search, timeline, stream or flatten output)
  $ onevision import ciosonevision-2017.jsonl            (twarc 1.x output: Twitter API v1.1 statuses)
  $ onevision import youth-survey.xlsx --id-column ID --date-column "Completion time" --text-column "What would make Cornwall better for you?" --dry-run
  $ onevision import smartsurvey.csv --header-rows 2 --id-column UserID --date-column Ended --day-first --text-column "#8" --text-column "#9"`,
    )
    .action(async (file: string, typed: ImportFlags, command: Command) => {
      const flags = { ...typed, sourceTyped: command.getOptionValueSource('source') === 'cli' };
      const { dbPath } = context.config(command);
      const creating = willCreateDatabase(dbPath);
      const finish = (summary: ImportSummary) => {
        printResult(context, flags.json, summary, formatSummary(summary));
        if (creating) context.say(createdDatabaseNote(dbPath));
      };
      if (!isSurveyImport(file, flags)) {
        if (flags.dryRun) return dryRun(context, file, { parsed: parseImportFile(file, flags), columns: null }, flags, dbPath);
        return finish(importFile(context.config(command), file, flags, context));
      }
      // As in importFile: a large export's classifying worker loads the model while the file is read.
      const worker = flags.dryRun || flags.classify === false ? undefined : startAheadWorkerFor(file, dbPath);
      try {
        const survey = await parseSurveyFile(file, flags, context);
        if (flags.dryRun) return dryRun(context, file, survey, flags, dbPath);
        if (survey.unmapped) throw survey.unmapped;
        return finish(survey.parsed ? saveImport(context.config(command), file, survey.parsed, flags, context, worker) : importFile(context.config(command), file, flags, context));
      } finally {
        worker?.stop();
      }
    });
}

/** `--dry-run`: what the file holds and what the import would refuse, with nothing written. */
function dryRun(context: CommandContext, file: string, input: Omit<DryRunInput, 'ledger'>, flags: ImportFlags, dbPath: string): void {
  const check = (parsed: ParsedImport) => checkParsed(context, file, parsed, flags);
  return withStoredLedger(dbPath, (ledger) => printDryRun(context, file, { ...input, ledger }, flags.json, check), context);
}

/**
 * The erasure ledger of the database the import would write to, opened read-only, or undefined when
 * there is no database yet (nothing was erased) or it is older than this onevision (the import would
 * upgrade it first; a dry run does not, and says so).
 */
function withStoredLedger<T>(dbPath: string, use: (ledger: ErasureLedger | undefined) => T, context: CommandContext): T {
  if (!fs.existsSync(dbPath)) return use(undefined);
  const db = openDatabase(dbPath, { readonly: true });
  try {
    if (schemaVersion(db) < SCHEMA_VERSION) {
      context.say(`note: ${dbPath} is older than this onevision, so the dry run did not check what was erased; the import upgrades it and refuses erased posts.`);
      return use(undefined);
    }
    return use(loadErasureLedger(db));
  } finally {
    db.close();
  }
}

/** Imports one file in one transaction, then classifies what it brought in. Shared with `demo`. */
export function importFile(config: Config, file: string, flags: ImportFlags, context: CommandContext): ImportSummary {
  // A large file's classifying worker loads the model while the file is parsed (classify-ahead.ts).
  const worker = flags.classify === false ? undefined : startAheadWorkerFor(file, config.dbPath);
  try {
    return saveImport(config, file, parseImportFile(file, flags), flags, context, worker);
  } finally {
    worker?.stop();
  }
}

/** Reads a file in one of the registry's formats (a survey export with mapped columns is read by survey-import.ts). */
export function parseImportFile(file: string, flags: ImportFlags): ParsedImport {
  const limits = toImportLimits(flags);
  const { text, notes } = readImportFile(file);
  const format = chooseImportFormat(file, text, flags.format);
  checkSourceForFormat(format, flags);
  refuseOverlongLines(file, text, format.name, limits);
  const parsed = format.parse(text, { file, defaultSource: flags.source, readBeside: (name) => readBesideText(file, name), ...limits });
  return screenPosts({ ...parsed, notes: [...notes, ...(parsed.notes ?? [])] }, text, limits);
}

/**
 * Saves what was read in one transaction, then classifies what it brought in; a bad row stops it before the database is opened.
 * Both steps are synchronous, so a Ctrl-C cannot be answered with a message: the process ends at once. The terminal's
 * progress line says beforehand what stopping now leaves, and stays on screen after the ^C.
 */
export function saveImport(config: Config, file: string, parsed: ParsedImport, flags: ImportFlags, context: CommandContext, worker?: AheadWorker): ImportSummary {
  checkParsed(context, file, parsed, flags);
  const db = openDatabase(config.dbPath, { bulk: true });
  const progress = new ProgressLine(context.stderr, context.interactive);
  let classifying: ReturnType<typeof startClassifying> | undefined;
  try {
    if (flags.classify !== false) classifying = startClassifying(db, parsed.posts, worker);
    progress.update('import', `saving ${plural(parsed.posts.length, 'post')} (one transaction): Ctrl-C now imports nothing`);
    const counts = savePosts(db, parsed.posts, context.now().toISOString());
    if (classifying) {
      progress.update('import', 'saved; classifying: Ctrl-C now leaves the rest for `onevision classify`');
      classifyNewPosts(db, context.now().toISOString(), (line) => progress.note(line), classifying);
    }
    progress.done('import');
    if (parsed.problems.length > 0) reportProblems(context, file, parsed.problems);
    for (const note of parsed.notes ?? []) context.say(`  ${file}: ${note}`);
    const notes = parsed.notes?.length ? { notes: parsed.notes } : {};
    const withoutText = parsed.withoutText ? { withoutText: { skipped: Object.values(parsed.withoutText).reduce((a, b) => a + b, 0), kinds: parsed.withoutText } } : {};
    return { file, format: parsed.format, rowsRead: parsed.rowsRead, ...counts, skipped: parsed.problems.length, problems: parsed.problems, ...notes, ...withoutText };
  } finally {
    progress.done('import');
    classifying?.stop();
    db.close();
  }
}

/** The model, and a worker classifying a large file's posts on another core while they are saved (classify-ahead.ts). */
function startClassifying(db: Db, posts: readonly Post[], worker?: AheadWorker): { active: ActiveModel; ahead?: RowsAhead; stop: () => void } {
  // Sent before the model is loaded here: a worker that read it early is classifying meanwhile.
  const sent = sendPostsAhead(posts, worker);
  const active = loadModel(db);
  const ahead = sent && classifyingAhead(active.model, sent, loadLastPostId(db));
  return { active, ...(ahead ? { ahead: ahead.take } : {}), stop: () => ahead?.stop() };
}

/** A file that cannot be read, or a bad row without --skip-invalid, stops the import before anything is written. */
export function checkParsed(context: CommandContext, file: string, parsed: ParsedImport, flags: Pick<ImportFlags, 'skipInvalid'>): void {
  // Problems quote the file (ids, dates, headers): shown with every control character made visible.
  if (parsed.fatal) throw new InputError(file, parsed.fatal.line, toTerminalLine(parsed.fatal.problem), 'Nothing was imported.');
  if (parsed.problems.length > 0 && !flags.skipInvalid) {
    const [first] = parsed.problems;
    reportProblems(context, file, parsed.problems.slice(1));
    throw new InputError(file, first?.line, toTerminalLine(first?.problem ?? 'invalid row'), `Nothing was imported. Fix the row${parsed.problems.length > 1 ? 's' : ''} or re-run with --skip-invalid.`);
  }
}

export function reportProblems(context: CommandContext, file: string, problems: readonly RowProblem[]): void {
  for (const problem of problems.slice(0, SHOWN_PROBLEMS)) context.say(`  ${file}:${problem.line}: ${toTerminalLine(problem.problem)}`);
  if (problems.length > SHOWN_PROBLEMS) context.say(`  … and ${problems.length - SHOWN_PROBLEMS} more`);
}

function formatSummary(s: ImportSummary): string {
  return `${formatCounts(s)}${s.withoutText?.skipped ? `\n  skipped ${plural(s.withoutText.skipped, 'item')} without text: ${describeWithoutText(s.withoutText.kinds)}` : ''}`;
}

function formatCounts(s: ImportSummary): string {
  return `${s.file} (${s.format}): ${plural(s.rowsRead, 'row')} read, ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped} skipped${s.refused > 0 ? `, ${s.refused} refused (erased earlier: see \`onevision audit\`)` : ''}`;
}
