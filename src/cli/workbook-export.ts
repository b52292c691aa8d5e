/**
 * `onevision export --format xlsx`: the posts CSV's records and every count table in one workbook, laid
 * out by report/workbook.ts and written with write-excel-file, atomically, then recorded in the export
 * ledger like the CSV so `forget` finds it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import type { Gate } from '../gate/release';
import { toPivot } from '../report/pivot';
import { MAX_SHEET_ROWS, WORKBOOK_PIVOTS, toWorkbook, type WorkbookAbout, type WorkbookCell, type WorkbookSheet } from '../report/workbook';
import type { Db } from '../store/database';
import type { PostFilter } from '../store/exports';
import { readCodebook } from './classifier';
import type { CommandContext } from './context';
import { refuseUnsafeOutput, writeStreamAtomically } from './files';
import { chooseFormatFromName, refuseOutContradictingFormat } from './out-format';
import { loadSummary } from './summaries';
import { recordWrittenFile } from './written-files';
import { loadPostRecords, type PostRecordOptions } from './post-records';
import { plural } from '../core/words';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface FormatFlags {
  readonly format?: string | undefined;
  readonly out?: string | undefined;
  readonly pivot?: string | undefined;
}

/** Checked before the database is opened: a workbook is binary, so it needs a file. */
export function parseExportFormat(flags: FormatFlags, context: Pick<CommandContext, 'say'>): ExportFormat {
  const chosen = flags.format ?? chooseUnnamedFormat(flags, context);
  if (!(EXPORT_FORMATS as readonly string[]).includes(chosen)) throw new UserError(`--format "${chosen}" is not one of ${EXPORT_FORMATS.join(', ')}`, 'For example --format xlsx --out reports/posts.xlsx.');
  if (chosen === 'xlsx') requireWorkbookFile(flags.out);
  refuseOutContradictingFormat(flags.out, chosen, EXPORT_FORMATS);
  if (chosen === 'xlsx' && flags.pivot !== undefined) throw new UserError('--pivot writes one count table as CSV; the workbook already holds them all (week, month, place, source, question)', 'Leave out --pivot, or leave out --format xlsx.');
  return chosen as ExportFormat;
}

/** Without --format: a --pivot table is CSV (so `--pivot week --out weekly.xlsx` is still refused); else the --out name decides. */
function chooseUnnamedFormat(flags: FormatFlags, context: Pick<CommandContext, 'say'>): ExportFormat {
  if (flags.pivot !== undefined) return 'csv';
  return chooseFormatFromName(flags.out, EXPORT_FORMATS, 'csv', context);
}

function requireWorkbookFile(out: string | undefined): string {
  if (!out) throw new UserError('--format xlsx writes a binary workbook, which cannot go to the terminal', 'Add --out file.xlsx, e.g. onevision export --format xlsx --out reports/posts.xlsx.');
  return out;
}

interface ShownFlags {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly source?: string | undefined;
  readonly question?: string | undefined;
  readonly outcome?: string | undefined;
  readonly includeAuthors?: boolean | undefined;
  readonly includeFlagged?: boolean | undefined;
  readonly includeOwn?: boolean | undefined;
}
/** The filter flags as given, for the workbook's README sheet. */
export function toShownFlags(flags: ShownFlags): Array<[string, string]> {
  const given: Array<[string, string | boolean | undefined]> = [
    ['--from', flags.from],
    ['--to', flags.to],
    ['--source', flags.source],
    ['--question', flags.question],
    ['--outcome', flags.outcome],
    ['--include-authors', flags.includeAuthors],
    ['--include-flagged', flags.includeFlagged],
    ['--include-own', flags.includeOwn],
  ];
  return given.filter(([, value]) => value !== undefined && value !== false).map(([flag, value]) => [flag, value === true ? '' : String(value)]);
}

export interface WorkbookExportOptions extends PostRecordOptions {
  readonly out?: string | undefined;
  readonly includeOwn?: boolean | undefined;
  /** The filter flags as the user gave them, [flag, value], for the README sheet. */
  readonly shown: ReadonlyArray<readonly [string, string]>;
}

export async function writeWorkbookExport(db: Db, gate: Gate, options: WorkbookExportOptions, context: CommandContext): Promise<void> {
  const out = requireWorkbookFile(options.out);
  const target = path.resolve(out);
  refuseUnsafeOutput(target, db.name);
  const postIds: number[] = [];
  const records = [...loadPostRecords(db, gate, options, postIds)];
  if (records.length >= MAX_SHEET_ROWS) throw new UserError(`${records.length} posts are more than a spreadsheet's ${MAX_SHEET_ROWS - 1} rows`, 'Narrow the export with --from and --to, or write CSV (leave out --format xlsx).');
  const counted = loadSummary(db, gate, options.filter, { words: false, outcome: options.outcome, includeOwn: options.includeOwn });
  const sheets = toWorkbook({ records, pivots: WORKBOOK_PIVOTS.map((by) => toPivot(counted.summary, by)), about: toAbout(options, context.now()) });
  const bytes = await renderXlsx(sheets);
  await writeStreamAtomically(target, db.name, async (temporary) => fs.writeFileSync(temporary, bytes, { mode: 0o600 }));
  recordWrittenFile(db, {
    kind: 'xlsx',
    path: target,
    createdAt: context.now().toISOString(),
    filters: { ...options.filter, includeAuthors: Boolean(options.includeAuthors), includeFlagged: Boolean(options.includeFlagged), outcome: options.outcome ?? null, includeOwn: Boolean(options.includeOwn), format: 'xlsx', shown: options.shown },
    postIds: [...new Set([...postIds, ...counted.postIds])],
  });
  context.say(`wrote ${plural(records.length, 'post')} and ${WORKBOOK_PIVOTS.length} count tables to ${out}`);
}

/**
 * `forget --rewrite-outputs`: the workbook rebuilt from the database as it now is (the erased posts
 * gone), with the filters and flags it was recorded with, like a rebuilt report or pivot.
 */
export async function rewriteWorkbook(db: Db, gate: Gate, target: string, filter: PostFilter, recorded: Record<string, unknown>, context: CommandContext): Promise<void> {
  await writeWorkbookExport(
    db,
    gate,
    {
      filter,
      out: target,
      outcome: typeof recorded.outcome === 'number' ? recorded.outcome : undefined,
      includeAuthors: recorded.includeAuthors === true,
      includeFlagged: recorded.includeFlagged === true,
      includeOwn: recorded.includeOwn === true,
      shown: Array.isArray(recorded.shown) ? (recorded.shown as Array<[string, string]>) : [],
    },
    context,
  );
}

function toAbout(options: WorkbookExportOptions, now: Date): WorkbookAbout {
  const codebook = readCodebook();
  return {
    generatedAt: now.toISOString(),
    filters: options.shown,
    outcomes: codebook.outcomes.map((o) => ({ number: o.number, name: o.name })),
    codebookVersion: codebook.version,
    includeAuthors: Boolean(options.includeAuthors),
    includeFlagged: Boolean(options.includeFlagged),
    includeOwn: Boolean(options.includeOwn),
  };
}

/** write-excel-file's cells and sheets, as much of them as this file uses. */
interface XlsxCell {
  readonly value: string | number;
  readonly type?: StringConstructor | NumberConstructor;
  readonly format?: string;
  readonly fontWeight?: 'bold';
}
interface XlsxSheet {
  readonly sheet: string;
  readonly data: Array<Array<XlsxCell | null>>;
  readonly columns: Array<{ width: number }>;
  readonly stickyRowsCount: number;
}
type WriteXlsx = (sheets: XlsxSheet[]) => { toBuffer(): Promise<Buffer> };

async function renderXlsx(sheets: readonly WorkbookSheet[]): Promise<Buffer> {
  // write-excel-file is an ES module; this package is CommonJS, so it is loaded with import().
  const { default: writeXlsx } = (await import('write-excel-file/node')) as unknown as { default: WriteXlsx };
  return writeXlsx(sheets.map(toXlsxSheet)).toBuffer();
}

function toXlsxSheet(sheet: WorkbookSheet): XlsxSheet {
  const [header = [], ...rows] = sheet.rows;
  return {
    sheet: sheet.name,
    data: [header.map((cell) => ({ value: String(cell ?? ''), fontWeight: 'bold' as const })), ...rows.map((row) => row.map(toXlsxCell))],
    columns: sheet.widths.map((width) => ({ width })),
    stickyRowsCount: 1,
  };
}

/** Text cells carry the "@" (Text) format, so Excel keeps an id typed over them as text too. */
function toXlsxCell(cell: WorkbookCell): XlsxCell | null {
  if (cell === null) return null;
  return typeof cell === 'number' ? { value: cell, type: Number } : { value: cell, type: String, format: '@' };
}
