import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors';
import { renderHtmlReport } from '../../report/html';
import { renderMarkdownReport } from '../../report/markdown';
import { toLastDay } from '../../report/periods';
import type { ReportInput } from '../../report/report-content';
import { toSummaryWindow } from '../../report/summary-model';
import type { Db } from '../../store/database';
import { openDatabase } from '../../store/database';
import type { PostFilter } from '../../store/exports';
import { recordWrittenFile } from '../written-files';
import type { Gate } from '../../gate/release';
import { openGate } from '../gate';
import { readClassifierScores } from '../classifier-scores';
import { writeTextAtomically } from '../files';
import { CHROMIUM_PLACES, findChromium, writePdfAtomically } from '../report-pdf';
import type { CommandContext } from '../context';
import { checkSourceFlag, parseFilterFlags, type FilterFlags } from '../filters';
import { chooseFormatFromName, refuseOutContradictingFormat } from '../out-format';
import { sayWritten } from '../output';
import { loadSummary, readPlaceTagger } from '../summaries';
import { plural } from '../../core/words';

export type ReportFormat = 'html' | 'md' | 'pdf';
const FORMATS: readonly ReportFormat[] = ['html', 'md', 'pdf'];

export interface ReportOptions {
  readonly format: ReportFormat;
  /** The file to write; default `<reportsDir>/onevision-<from>-<to>.<format>`. */
  readonly out?: string | undefined;
  readonly reportsDir: string;
  readonly filter: PostFilter;
  readonly now: Date;
  readonly includeOwn?: boolean | undefined;
}

export interface ReportResult {
  readonly path: string;
  readonly format: ReportFormat;
  readonly posts: number;
  readonly quotes: number;
  readonly period: { readonly from: string; readonly to: string } | null;
}

/** Builds the report from the database, writes it, and records it as an export. `onevision demo` calls this. */
export function writeReport(db: Db, gate: Gate, options: ReportOptions & { readonly format: 'html' | 'md' }): ReportResult {
  const report = buildReport(db, gate, options);
  writeTextAtomically(report.target, options.format === 'html' ? renderHtmlReport(report.input) : renderMarkdownReport(report.input), db.name);
  return recordReport(db, report, options);
}

/** The same, printed to PDF by the Chromium at `browserPath` (see report-pdf.ts). */
export async function writePdfReport(db: Db, gate: Gate, options: ReportOptions, browserPath: string): Promise<ReportResult> {
  const report = buildReport(db, gate, options);
  await writePdfAtomically(report.target, renderHtmlReport(report.input), browserPath, db.name);
  return recordReport(db, report, options);
}

interface BuiltReport {
  readonly input: ReportInput;
  readonly target: string;
  readonly postIds: readonly number[];
  readonly quoted: readonly number[];
}

function buildReport(db: Db, gate: Gate, options: ReportOptions): BuiltReport {
  const { summary, postIds } = loadSummary(db, gate, options.filter, { includeOwn: options.includeOwn });
  const window = toSummaryWindow(options.filter, summary);
  const period = window ? { from: window.from.slice(0, 10), to: toLastDay(window.to) } : null;
  const input: ReportInput = {
    summary,
    period,
    source: options.filter.source,
    question: options.filter.question,
    generatedAt: options.now.toISOString(),
    classifierScores: readClassifierScores(undefined, summary.modelVersions.map((v) => v.version)),
    gazetteerVersion: readPlaceTagger().gazetteer.version,
  };
  const target = path.resolve(options.out ?? path.join(options.reportsDir, `onevision-${period ? `${period.from}-${period.to}` : `undated-${options.now.toISOString().slice(0, 10)}`}.${options.format}`));
  const quoted = [...new Set(summary.outcomes.flatMap((o) => o.quotes.map((q) => q.postId)))];
  return { input, target, postIds, quoted };
}

function recordReport(db: Db, report: BuiltReport, options: ReportOptions): ReportResult {
  const { input, target, postIds, quoted } = report;
  recordWrittenFile(db, { kind: 'report', path: target, createdAt: options.now.toISOString(), filters: { ...options.filter, format: options.format, includeOwn: Boolean(options.includeOwn), quoted }, postIds });
  return { path: target, format: options.format, posts: input.summary.totals.posts, quotes: quoted.length, period: input.period };
}

interface ReportFlags extends FilterFlags {
  format?: string;
  out?: string;
  json?: boolean;
  includeOwn?: boolean;
}

export function registerReport(program: Command, context: CommandContext): void {
  program
    .command('report')
    .description('Write a self-contained HTML (or Markdown, or PDF) report: outcomes, trend, sources, places, quotes, method')
    .option('--format <format>', 'html, md or pdf (printed by Chromium: see below); default: what the --out name ends in, else html')
    .option('--out <file>', 'write to this file (default: reports/onevision-<from>-<to>.<format>)')
    .option('--from <date>', 'posts created on or after this date (YYYY-MM-DD or ISO 8601)')
    .option('--to <date>', 'posts created up to and including this date')
    .option('--source <name>', 'only this source (x, facebook, survey, …)')
    .option('--question <text>', 'only survey answers to questions containing this text (case-insensitive)')
    .option('--include-own', 'count the campaign\'s own posts as well (default: left out, and the method note says how many)')
    .option('--json', 'print what was written as JSON')
    .addHelpText(
      'after',
      `
The HTML opens offline with no script, and prints on A4. Quotes and terms come only from posts
screened clear for safeguarding (never flagged, never unscreened, never the campaign's own); authors
are pseudonyms; people's handles and names become pseudonyms; phone numbers, e-mail addresses and
links are removed; place counts below 5 show as "<5". The report is recorded with the posts it
counted, like every export.

--format pdf prints the HTML report to A4 with a Chromium or Chrome already installed, run headless
and offline: ONEVISION_CHROMIUM when set, else the first that exists of
  ${CHROMIUM_PLACES.join(', ')}.
Without one it stops (exit 2) and says how to install one.

Without --format, the --out name's ending chooses (.md writes Markdown, .pdf a PDF) and a line on
stderr says so; --format and a name that disagree (--format html --out board.pdf) are refused,
as is a name no format here has (board.docx: Word opens the .html report).

Examples:
  $ onevision report
  $ onevision report --from 2017-04-01 --to 2017-09-30 --out reports/board.html
  $ onevision report --format md --out reports/board.md
  $ onevision report --format pdf --out reports/board.pdf
  $ onevision report --source survey --question "better place" --out reports/survey-better-place.html`,
    )
    .action(async (flags: ReportFlags, command: Command) => {
      const filter = parseFilterFlags(flags);
      const format = parseReportFormat(flags, context);
      const config = context.config(command);
      // Before any work: a PDF needs a browser, and saying so late would waste the user's wait.
      const browser = format === 'pdf' ? findChromium(config.chromiumPath) : undefined;
      const db = openDatabase(config.dbPath, { mustExist: true });
      try {
        checkSourceFlag(db, filter.source);
        const options = { format, out: flags.out, reportsDir: config.reportsDir, filter, now: context.now(), includeOwn: flags.includeOwn };
        const gate = openGate(db, config);
        const result = browser === undefined ? writeReport(db, gate, { ...options, format: format === 'md' ? 'md' : 'html' }) : await writePdfReport(db, gate, options, browser);
        sayWritten(context, flags.json, result, `wrote ${result.format.toUpperCase()} report of ${plural(result.posts, 'post')} (${plural(result.quotes, 'quote')}) to ${result.path}`);
      } finally {
        db.close();
      }
    });
}

/** --format as given (refused when the --out name promises another), else what the --out name ends in, else html. */
function parseReportFormat(flags: Pick<ReportFlags, 'format' | 'out'>, context: CommandContext): ReportFormat {
  if (flags.format === undefined) return chooseFormatFromName(flags.out, FORMATS, 'html', context);
  const format = FORMATS.find((f) => f === flags.format);
  if (format === undefined) throw new UserError(`--format "${flags.format}" is not html, md or pdf`, 'Use --format html (the default), --format md or --format pdf.');
  refuseOutContradictingFormat(flags.out, format, FORMATS);
  return format;
}
