/**
 * Reads a survey export as a table of cells: a CSV file (text, via csv-parse) or one sheet of an
 * .xlsx workbook (via read-excel-file, which turns date cells into Dates). Each row keeps its line
 * number in the file, or its row number in the sheet, for messages.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError, UserError } from '../../errors';
import { detectDelimiter } from './csv';
import { readImportFile } from './file';

export type Cell = string | number | boolean | Date | null;

export interface TableRow {
  /** Line in the CSV file where the row starts, or row number in the sheet. */
  readonly line: number;
  readonly cells: readonly Cell[];
}

export interface SurveyTable {
  readonly format: 'csv' | 'xlsx';
  /** The sheet read, for a workbook. */
  readonly sheet?: string;
  /** Every row, header rows included, as read. */
  readonly rows: readonly TableRow[];
  /** Said to the user before anything else (which sheet was read). */
  readonly notes: readonly string[];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** True when the file is an .xlsx workbook (a zip), whatever its name. */
export function isWorkbook(file: string): boolean {
  return startsWith(file, ZIP_MAGIC);
}

export async function readSurveyTable(file: string, sheet: string | undefined): Promise<SurveyTable> {
  if (startsWith(file, OLE_MAGIC)) {
    throw new InputError(file, undefined, 'an old Excel .xls workbook, which onevision cannot read', 'Open it in Excel and save it as .xlsx (Excel Workbook) or CSV UTF-8.');
  }
  if (isWorkbook(file)) return readWorkbookTable(file, sheet);
  if (sheet !== undefined) throw new UserError(`--sheet is for .xlsx workbooks, and ${file} is not one`, 'Leave out --sheet for a CSV file.');
  const { text, notes } = readImportFile(file);
  refuseJson(file, text);
  return { format: 'csv', rows: toCsvRows(file, text), notes: notes.map((note) => `${file}: ${note}`) };
}

/** JSON read as CSV fails as "broken quoting" on its first quote, which says nothing about the real mistake. */
function refuseJson(file: string, text: string): void {
  const first = text.replace(/^\uFEFF/, '').trimStart().split('\n', 1)[0]?.trim() ?? '';
  // A JSON start, not a header such as "[ID],Answer": { then a key or }, [ then a value or ].
  if (!/^(\{\s*("|\}|$)|\[\s*([{["\]\d-]|true|false|null|$))/.test(first)) return;
  const kind = isJsonObject(first) ? 'JSON lines (one JSON object per line)' : 'JSON';
  throw new UserError(
    `the survey column flags (--id-column, --text-column, …) are for CSV or .xlsx survey exports, and ${file} looks like ${kind}`,
    'Leave out the survey column flags: onevision reads NDJSON, twarc output and the other JSON formats from their content.',
  );
}

function isJsonObject(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false; // an object spread over several lines: still JSON, not lines of it
  }
}

function startsWith(file: string, magic: Buffer): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(magic.length);
    return fs.readSync(fd, head, 0, magic.length, 0) === magic.length && head.equals(magic);
  } catch {
    return false; // unreadable here: readImportFile says why, naming the file
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function toCsvRows(file: string, text: string): TableRow[] {
  let records: Array<{ record: string[]; info: { lines: number; empty_lines: number } }>;
  try {
    records = parse(text, { bom: true, delimiter: detectDelimiter(text), info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    throw new InputError(file, lines, `broken quoting: ${message}`, 'Nothing was imported. Export the file again, or fix the quotes on that line.');
  }
  let previousEnd = 0;
  let previousEmpty = 0;
  return records.map(({ record, info }) => {
    // A record can span lines (an answer with line breaks): it starts after the previous one ends.
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    return { line, cells: record };
  });
}

type ReadWorkbook = (input: string, options: { trim: boolean }) => Promise<Array<{ sheet: string; data: unknown[][] }>>;

async function readWorkbookTable(file: string, wanted: string | undefined): Promise<SurveyTable> {
  // read-excel-file is an ES module; this package is CommonJS, so it is loaded with import().
  const { default: readWorkbook } = (await import('read-excel-file/node')) as unknown as { default: ReadWorkbook };
  let sheets: Array<{ sheet: string; data: unknown[][] }>;
  try {
    // Not trimmed: answers are kept exactly as written, as the CSV import keeps them.
    sheets = await readWorkbook(file, { trim: false });
  } catch (error) {
    throw new InputError(file, undefined, `not a readable .xlsx workbook (${(error as Error).message})`, 'Open it in Excel and save it again as .xlsx, or save it as CSV UTF-8.');
  }
  const chosen = chooseSheet(file, sheets, wanted);
  const notes = wanted === undefined && sheets.length > 1
    ? [`${file}: reading sheet "${chosen.sheet}", the first of ${sheets.length} (${sheets.map((s) => `"${s.sheet}"`).join(', ')}); name another with --sheet`]
    : [];
  return { format: 'xlsx', sheet: chosen.sheet, rows: chosen.data.map((cells, i) => ({ line: i + 1, cells: cells.map(toCell) })), notes };
}

function chooseSheet<T extends { sheet: string }>(file: string, sheets: readonly T[], wanted: string | undefined): T {
  const names = sheets.map((s) => `"${s.sheet}"`).join(', ');
  if (sheets.length === 0) throw new InputError(file, undefined, 'the workbook has no sheets', 'Export the survey again.');
  if (wanted === undefined) return sheets[0]!;
  const found = sheets.find((s) => s.sheet === wanted) ?? sheets.find((s) => s.sheet.toLowerCase() === wanted.trim().toLowerCase());
  if (!found) throw new UserError(`${file} has no sheet "${wanted}"`, `Name one of its sheets: ${names}.`);
  return found;
}

function toCell(value: unknown): Cell {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  return null;
}
