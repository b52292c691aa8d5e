/**
 * The analysts' workbook (`export --format xlsx`), laid out: a README sheet saying what everything
 * means, a posts sheet with the CSV's rows and columns as typed cells, and one sheet per count table.
 * Pure: the CLI gathers the gated CSV records, the pivots and the codebook's names, and writes the file.
 */
import { SMALL_NUMBER, SUPPRESSED } from './count-table';
import { EXPORT_COLUMNS, WITHHELD_PLACES, neutraliseFormula } from './csv';
import type { Cell, Pivot, PivotBy } from './pivot';
import { SELF_SELECTED_CAVEAT } from './report-content';
import { describeColumn } from './workbook-columns';

/** A string is always a text cell (ids are never rounded), a number a number cell, null an empty cell. */
export type WorkbookCell = string | number | null;

export interface WorkbookSheet {
  readonly name: string;
  /** The first row is the header. */
  readonly rows: ReadonlyArray<readonly WorkbookCell[]>;
  /** Column widths in characters. */
  readonly widths: readonly number[];
}

/** The count tables a workbook holds, each the same rows `summary --by` prints. */
export const WORKBOOK_PIVOTS: readonly PivotBy[] = ['week', 'month', 'place', 'source', 'question'];

/** Excel refuses a file with a longer cell (it offers to "repair" it, dropping the text). */
export const MAX_CELL_TEXT = 32_767;
const CUT_NOTE = ' […cut: a spreadsheet cell holds 32,767 characters; the CSV export has it whole]';

/** Excel's rows per sheet, header included: more posts than this need the CSV. */
export const MAX_SHEET_ROWS = 1_048_576;

/** Columns the CSV writes as digits that mean a number or a 0/1 flag: cells an analyst can sum. */
const NUMBER_COLUMNS: ReadonlySet<string> = new Set(['safeguarding', 'confidence', 'own_account', 'o1', 'o2', 'o3', 'o4', 'o5']);

export interface OutcomeName {
  readonly number: number;
  readonly name: string;
}

export interface WorkbookAbout {
  readonly generatedAt: string;
  /** The filters as the user gave them, [flag, value]; empty for all posts. */
  readonly filters: ReadonlyArray<readonly [string, string]>;
  readonly outcomes: readonly OutcomeName[];
  readonly codebookVersion: string;
  readonly includeAuthors: boolean;
  readonly includeFlagged: boolean;
  readonly includeOwn: boolean;
}

export interface WorkbookInput {
  /** The posts CSV's records (toCsvRecord: gated and formula-neutralised), in EXPORT_COLUMNS order. */
  readonly records: ReadonlyArray<readonly string[]>;
  /** One per WORKBOOK_PIVOTS entry. */
  readonly pivots: readonly Pivot[];
  readonly about: WorkbookAbout;
}

export function toWorkbook(input: WorkbookInput): WorkbookSheet[] {
  return [toReadmeSheet(input), toPostsSheet(input.records), ...input.pivots.map(toPivotSheet)];
}

export function pivotSheetName(by: PivotBy): string {
  return `by_${by}`;
}

function toPostsSheet(records: ReadonlyArray<readonly string[]>): WorkbookSheet {
  return {
    name: 'posts',
    rows: [EXPORT_COLUMNS, ...records.map(toPostCells)],
    widths: EXPORT_COLUMNS.map((column) => (column === 'text' ? 60 : column === 'question' ? 40 : NUMBER_COLUMNS.has(column) ? 8 : 20)),
  };
}

/** A CSV record as cells: 0/1 flags and confidences as numbers, everything else (ids above all) as text. */
export function toPostCells(record: readonly string[]): WorkbookCell[] {
  return record.map((cell, i) => {
    if (cell === '') return null;
    return NUMBER_COLUMNS.has(EXPORT_COLUMNS[i] ?? '') ? Number(cell) : toTextCell(cell);
  });
}

/** Text as a cell may hold it: at most MAX_CELL_TEXT characters, the cut said in the cell. */
export function toTextCell(text: string): string {
  if (text.length <= MAX_CELL_TEXT) return text;
  let kept = text.slice(0, MAX_CELL_TEXT - CUT_NOTE.length);
  // Never leave half of an emoji's surrogate pair at the cut.
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept}${CUT_NOTE}`;
}

function toPivotSheet(pivot: Pivot): WorkbookSheet {
  return {
    name: pivotSheetName(pivot.by),
    rows: [pivot.columns, ...pivot.rows.map((row) => row.map(toPivotCell))],
    widths: pivot.columns.map((_, i) => (i === 0 ? (pivot.by === 'question' ? 60 : 16) : 11)),
  };
}

/** Counts stay numbers ("<5" stays text); keys are text, neutralised as the CSV pivot's are. */
function toPivotCell(cell: Cell): WorkbookCell {
  return typeof cell === 'number' ? cell : toTextCell(neutraliseFormula(cell));
}

function toReadmeSheet(input: WorkbookInput): WorkbookSheet {
  const rows: WorkbookCell[][] = [['topic', 'what it means'], ...toReadmeLines(input).map(([topic, text]) => [topic, toTextCell(neutraliseFormula(text))])];
  return { name: 'README', rows, widths: [22, 120] };
}

function toReadmeLines(input: WorkbookInput): Array<readonly [string, string]> {
  const { about } = input;
  return [
    ['What this is', `Posts and survey answers collected for the One Vision partnership plan (#CIoSOneVision), with counts by week, month, place, source and survey question. Written by \`onevision export --format xlsx\` on ${about.generatedAt} (UTC).`],
    ['Filters', about.filters.length === 0 ? 'None: every post in the database.' : `Flags given: ${about.filters.map(([flag, value]) => (value === '' ? flag : `${flag} ${value}`)).join('; ')}`],
    ['Sheets', `posts: one row per post, the same rows and columns as \`onevision export\` writes to CSV. ${WORKBOOK_PIVOTS.map(pivotSheetName).join(', ')}: posts per outcome, the same numbers \`onevision summary --by\` prints and the report shows.`],
    ['Sample', SELF_SELECTED_CAVEAT],
    ['Counting rule', toCountingRule(input)],
    ['Small numbers', `In ${pivotSheetName('place')}, every count below ${SMALL_NUMBER} (zero included) is shown as "${SUPPRESSED}", so nobody can be picked out in a small place; where that would leave one place in an area hidden, whose count the area's total would give back, the area's next smallest count is hidden too. The posts sheet is not suppressed: do not publish counts from it without the same rule.`],
    ['Withheld posts', toWithheldLine(about)],
    ['Authors', about.includeAuthors ? "Authors are people's handles or names (--include-authors): this workbook identifies people." : "Authors are stable pseudonyms (the same person has the same pseudonym in this database); people's handles and names inside the text are replaced by theirs, and mentions, e-mail addresses and phone numbers are removed."],
    ['Ids and dates', 'Every id (source_id, post, parent_id, conversation_id) is a text cell, so no digit of an 18-digit id is lost. created_at is ISO 8601 text in UTC (2017-06-06T09:20:13.000Z): it sorts as dates do, and =DATEVALUE(LEFT(B2,10)) makes a date of it.'],
    ['Formulas', 'A cell that would begin with =, +, - or @ starts with an apostrophe instead, as in the CSV, so no text written by the public can run as a formula, here or in a CSV saved from this workbook.'],
    ['Long text', `A cell holds at most ${MAX_CELL_TEXT.toLocaleString('en-GB')} characters; a longer post is cut and says so in the cell.`],
    ...about.outcomes.map((o) => [`Outcome ${o.number}`, `${o.name} (codebook ${about.codebookVersion}). Column o${o.number} on the posts sheet, outcome_${o.number} in the count tables.`] as const),
    ...EXPORT_COLUMNS.map((column) => [`posts: ${column}`, describeColumn(column)] as const),
    ['Count columns', 'posts: posts counted in the row; outcome_1…outcome_5: of those, posts about each outcome; no_outcome: classified as about none of the five; unclassified: not yet classified.'],
  ];
}

function toCountingRule(input: WorkbookInput): string {
  const notes = [...new Set(input.pivots.flatMap((p) => p.notes))].join(' ');
  const own = input.about.includeOwn
    ? "The campaign's own posts are counted (--include-own)."
    : "The campaign's own posts (own_account = 1 on the posts sheet) are left out of the counts: they are the question, not the answers.";
  return `A post counts under the week and month it was posted, the places its text names and the survey question it answers. Withheld posts are counted (never quoted). ${own} ${notes}`;
}

function toWithheldLine(about: WorkbookAbout): string {
  const rule = `The text of a post flagged for safeguarding, or not yet screened, is withheld: a notice stands in its place, its places read ${WITHHELD_PLACES}, and its id (which would lead to the text on the platform) reads withheld-… wherever it appears, the same in every export from this database. Withheld posts are still counted in the count tables, as in the report.`;
  return about.includeFlagged
    ? `${rule} This workbook was written with --include-flagged, so it holds withheld text and ids: share it only with people allowed to read safeguarding disclosures.`
    : rule;
}
