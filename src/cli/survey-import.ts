/** `onevision import FILE --id-column … --text-column …`: reading a survey export (CSV or .xlsx) into posts. */
import { describeColumns, toSurveyImport, toTableColumns } from '../collectors/imports/survey';
import path from 'node:path';
import { readSurveyTable } from '../collectors/imports/survey-table';
import type { ParsedImport } from '../collectors/imports/types';
import { UserError } from '../errors';
import { toTerminalLine } from '../gate/terminal-text';
import type { CommandContext } from './context';
import { screenPosts } from '../collectors/imports/limits';
import { checkImportSource, toImportLimits, type LimitFlags } from './import-limits';

export interface SurveyFlags extends LimitFlags {
  format?: string;
  source: string;
  idColumn?: string;
  textColumn?: string[];
  dateColumn?: string;
  authorColumn?: string;
  dayFirst?: boolean;
  sheet?: string;
  headerRows?: string;
  dryRun?: boolean;
}

export interface SurveyParse {
  /** The columns as the file names them, numbered, for the dry run. */
  readonly columns: readonly string[];
  readonly rows: number;
  /** Undefined when the columns to import were not named: `unmapped` says which flags are missing. */
  readonly parsed?: ParsedImport;
  readonly unmapped?: UserError;
}

/**
 * True when the user mapped columns, or the file is named as a workbook (which only the survey mapping
 * reads). A workbook under another name is read as one only with the column flags: without them a
 * zip named .csv stays "binary content", as it always was.
 */
export function isSurveyImport(file: string, flags: SurveyFlags): boolean {
  const mapped = [flags.idColumn, flags.dateColumn, flags.authorColumn, flags.sheet, flags.headerRows].some((v) => v !== undefined);
  return mapped || (flags.textColumn ?? []).length > 0 || Boolean(flags.dayFirst) || WORKBOOK_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

const WORKBOOK_EXTENSIONS = ['.xlsx', '.xlsm'];

export async function parseSurveyFile(file: string, flags: SurveyFlags, context: CommandContext): Promise<SurveyParse> {
  if (flags.format !== undefined) throw new UserError(`--format ${flags.format} cannot be combined with the survey column flags`, 'A survey export is read as CSV or .xlsx from its content: leave out --format.');
  checkImportSource(flags.source);
  const headerRows = parseHeaderRows(flags.headerRows);
  const limits = toImportLimits(flags);
  const table = await readSurveyTable(file, flags.sheet);
  for (const note of table.notes) context.say(toTerminalLine(note));
  const columns = toTableColumns(table, headerRows);
  const listed = columns.map((c) => `#${c.index + 1} ${c.label}`);
  const textColumns = flags.textColumn ?? [];
  if (flags.idColumn === undefined || textColumns.length === 0) {
    const missing = [flags.idColumn === undefined ? '--id-column' : '', textColumns.length === 0 ? '--text-column' : ''].filter(Boolean).join(' and ');
    const unmapped = new UserError(`${file}: name the columns to import with ${missing}`, `The columns are ${toTerminalLine(describeColumns(columns))}. For example: --id-column "#1" --text-column "#${Math.min(columns.length, 2)}".`);
    return { columns: listed, rows: Math.max(0, table.rows.length - headerRows), unmapped };
  }
  const parsed = toSurveyImport(table, {
    idColumn: flags.idColumn,
    textColumns,
    dateColumn: flags.dateColumn,
    authorColumn: flags.authorColumn,
    dayFirst: Boolean(flags.dayFirst),
    headerRows,
    source: flags.source,
    maxPostChars: limits.maxPostChars,
  });
  // Answers are checked for length above, by row; here control characters are removed (the file's were already).
  return { parsed: screenPosts(parsed, '', limits), columns: listed, rows: parsed.rowsRead };
}

function parseHeaderRows(text: string | undefined): number {
  if (text === undefined) return 1;
  if (text !== '1' && text !== '2') throw new UserError(`--header-rows "${text}" is not 1 or 2`, 'Use --header-rows 2 for a SmartSurvey export with answer labels under the questions.');
  return Number(text);
}
