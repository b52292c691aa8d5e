import fs from 'node:fs';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';
import { openDatabase, type Db } from '../../store/database';
import type { PostFilter } from '../../store/exports';
import { recordWrittenFile } from '../written-files';
import type { Gate } from '../../gate/release';
import { openGate } from '../gate';
import { EXPORT_COLUMNS, withBom } from '../../report/csv';
import type { CommandContext } from '../context';
import { writeStreamAtomically } from '../files';
import { checkSourceFlag, parseFilterFlags, type FilterFlags } from '../filters';
import { parseOutcome, writePivotExport } from '../pivot-export';
import { loadPostRecords } from '../post-records';
import { parseExportFormat, toShownFlags, writeWorkbookExport } from '../workbook-export';
import { refuseFlagAndNegation } from '../flag-values';
import { plural } from '../../core/words';

interface ExportFlags extends FilterFlags {
  out?: string;
  includeAuthors?: boolean;
  includeFlagged?: boolean;
  bom?: boolean;
  outcome?: string;
  pivot?: string;
  includeOwn?: boolean;
  format?: string;
}

export function registerExport(program: Command, context: CommandContext): void {
  program
    .command('export')
    .description('Write posts as CSV or an Excel workbook, authors pseudonymised, for spreadsheets and analysis')
    .option('--out <file>', 'write to this file (default: stdout; needed for xlsx)')
    .option('--format <format>', 'csv, or xlsx: a workbook with the posts, every count table and a README sheet (default: what the --out name ends in, else csv)')
    .option('--from <date>', 'posts created on or after this date (YYYY-MM-DD or ISO 8601)')
    .option('--to <date>', 'posts created up to and including this date')
    .option('--source <name>', 'only this source (x, facebook, survey, …)')
    .option('--question <text>', 'only survey answers to questions containing this text (case-insensitive)')
    .option('--include-authors', 'show authors\' handles instead of pseudonyms')
    .option('--include-flagged', 'write the text of posts flagged for safeguarding or not yet screened (default: a notice in its place)')
    .option('--include-own', 'count the campaign\'s own posts in a --pivot table (they are always in the posts CSV, marked)')
    .option('--bom', 'start with a UTF-8 byte-order mark (default: with --out yes, on stdout no)')
    .option('--no-bom', 'no byte-order mark, even in a file written with --out')
    .option('--outcome <n>', 'only posts about this outcome (1-5)')
    .option('--pivot <by>', 'write a count table instead: week|month|place|question × outcome (place counts below 5 show "<5")')
    .addHelpText(
      'after',
      `
Columns (a stable contract; more may follow): ${EXPORT_COLUMNS.join(',')}
A file written with --out starts with a UTF-8 byte-order mark, so Excel reads emoji and accents
(--no-bom to leave it out); stdout has none unless --bom. source_id is the bare id; post, parent_id
and conversation_id name posts as SOURCE:ID, which spreadsheets keep as text (18-digit ids intact).
A post counts under the places its text names, as in the report; a withheld post's places read
[withheld] unless --include-flagged.
Authors are stable pseudonyms (same person, same pseudonym in this database) unless --include-authors,
and so are people's handles and names inside the text; X links lose the handle; mentions, e-mail
addresses and phone numbers in the text are replaced. Cells a spreadsheet would run as a formula are
prefixed with an apostrophe. The text of a post flagged for safeguarding, or not yet screened, is
withheld (a notice in its place) unless --include-flagged, and so are its author, link and id: its
id would lead to the text on the platform, so source_id and post hold a stand-in (withheld-…, the
same in every export from this database), as do parent_id and conversation_id where they name it.
The campaign's own posts are marked own_account=1.
--format xlsx writes the same columns to a workbook's posts sheet (ids as text, o1…o5 as numbers),
with count tables by week, month, place, source and question (the numbers \`summary --by\` gives)
and a README sheet with the caveats and the small-number rule; it needs --out. Without --format, an
--out name ending in .xlsx writes the workbook (and says so on stderr); --format and a name that
disagree (--format csv --out posts.xlsx) are refused, as is a name no format here has
(posts.xls, posts.json).

Examples:
  $ onevision export --out reports/posts.csv
  $ onevision export --from 2017-04-01 --to 2017-06-30 --source facebook > spring.csv
  $ onevision export --outcome 2 --out reports/health.csv
  $ onevision export --pivot week --out reports/weekly.csv
  $ onevision export --format xlsx --out reports/posts.xlsx
  $ onevision export --out reports/posts.xlsx --from 2017-04-01
  $ onevision export --source survey --question "better place" --out reports/better-place.csv`,
    )
    .action(async (flags: ExportFlags, command: Command) => {
      refuseFlagAndNegation(command, 'bom');
      const filter = parseFilterFlags(flags);
      const format = parseExportFormat(flags, context);
      const config = context.config(command);
      const outcome = parseOutcome(flags.outcome);
      const db = openDatabase(config.dbPath, { mustExist: true });
      try {
        checkSourceFlag(db, filter.source);
        const gate = openGate(db, config);
        if (format === 'xlsx') return await writeWorkbookExport(db, gate, { ...flags, filter, outcome, shown: toShownFlags(flags) }, context);
        if (flags.pivot !== undefined) return await writePivotExport(db, gate, filter, { by: flags.pivot, outcome, out: flags.out, bom: flags.bom, includeOwn: flags.includeOwn }, context);
        const written = await writePostsCsv(db, gate, { ...flags, filter, outcome }, context);
        if (flags.out) context.say(`wrote ${plural(written.rows, 'post')} to ${flags.out}`);
      } finally {
        db.close();
      }
    });
}

export interface PostsCsvOptions {
  readonly filter: PostFilter;
  readonly outcome?: number | undefined;
  readonly out?: string | undefined;
  readonly includeAuthors?: boolean | undefined;
  readonly includeFlagged?: boolean | undefined;
  readonly bom?: boolean | undefined;
}

/** The clock, and stdout for when there is no --out: all the CSV needs of a command (the desk passes its own). */
export type CsvContext = Pick<CommandContext, 'now' | 'stdout'>;

/** Streams the posts CSV to a file (or stdout) through the gate, and records what it contained. Shared with `demo`. */
export async function writePostsCsv(db: Db, gate: Gate, options: PostsCsvOptions, context: CsvContext): Promise<{ path: string; rows: number }> {
  const postIds: number[] = [];
  const target = options.out ? path.resolve(options.out) : 'stdout';
  await writeCsv(loadPostRecords(db, gate, options, postIds), options, context, db.name);
  recordWrittenFile(db, { kind: 'csv', path: target, createdAt: context.now().toISOString(), filters: describeFilter(options), postIds });
  return { path: target, rows: postIds.length };
}

async function writeCsv(records: Iterable<string[]>, flags: Pick<PostsCsvOptions, 'out' | 'bom'>, context: CsvContext, database: string): Promise<void> {
  const csv = stringify({ header: true, columns: [...EXPORT_COLUMNS], bom: withBom(flags) });
  if (!flags.out) {
    // A closed reader (`| head`) ends this quietly; another failure (a full disk) rejects it, so nothing is recorded.
    await pipeline(Readable.from(records), csv, context.stdout as Writable);
    return;
  }
  await writeStreamAtomically(path.resolve(flags.out), database, (temporary) => pipeline(Readable.from(records), csv, fs.createWriteStream(temporary, { mode: 0o600 })));
}

function describeFilter(options: PostsCsvOptions): Record<string, unknown> {
  return { ...options.filter, includeAuthors: Boolean(options.includeAuthors), includeFlagged: Boolean(options.includeFlagged), outcome: options.outcome ?? null };
}
