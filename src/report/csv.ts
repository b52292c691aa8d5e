/** The analysts' CSV: a stable column contract and cells that are safe to open in a spreadsheet. Pure. */
import type { ReleasedPost, ReleasedRefs } from '../gate/release';
import { isFlagState } from '../gate/screening';
import type { ExportRow } from '../store/exports';
import { OUTCOME_NUMBERS, toOutcomeList } from './outcomes';

/** The first columns are a contract analysts build on: never reorder or rename them; add after. */
export const EXPORT_COLUMNS = [
  'source',
  'source_id',
  'created_at',
  'author',
  'text',
  'url',
  'outcomes',
  'safeguarding',
  'confidence',
  'tone',
  'places',
  'screening',
  'own_account',
  'question',
  'post',
  'kind',
  'parent_id',
  'conversation_id',
  ...OUTCOME_NUMBERS.map((n) => `o${n}` as const),
] as const;

/** The places cell of a post whose text is withheld: its places are withheld with the text, visibly. */
export const WITHHELD_PLACES = '[withheld]';

/**
 * One CSV record from a row and what the gate released of it and of its ids. `places` are the labels
 * the report counts the post under (see toPlacesCell).
 */
export function toCsvRecord(row: ExportRow, released: ReleasedPost, refs: ReleasedRefs, places: readonly string[]): string[] {
  return [
    row.source,
    refs.sourceId,
    row.createdAt ?? '',
    released.author,
    released.text,
    released.url,
    row.outcomes ?? '',
    isFlagState(row.screening) ? '1' : row.screening === 'awaiting' ? '' : '0',
    row.confidence === null ? '' : row.confidence.toFixed(2),
    row.tone ?? '',
    toPlacesCell(released, places),
    row.screening,
    released.own ? '1' : '0',
    // The question is the survey's own text, not the respondent's: it is never withheld.
    row.question ?? '',
    toPostRef(row.source, refs.sourceId),
    row.kind,
    toPostRef(row.source, refs.parentSourceId),
    toPostRef(row.source, refs.conversationId),
    ...toOutcomeFlags(row.outcomes),
  ].map(neutraliseFormula);
}

/**
 * The places cell follows the report's rule (places the stored text names), so counting rows per place
 * gives the report's counts. A withheld post's places could point at the child who wrote it: they are
 * withheld with its text, and say so, rather than look like a post that names no place.
 */
export function toPlacesCell(released: ReleasedPost, places: readonly string[]): string {
  return released.withheld === null ? places.join(';') : WITHHELD_PLACES;
}

/**
 * `x:1234567890123456789`, the form `explain` and the desk take. Never all digits, so Excel and
 * LibreOffice keep it as text instead of rounding an 18-digit id; `source_id` keeps the bare id.
 */
export function toPostRef(source: string, id: string | null): string {
  return id === null || id === '' ? '' : `${source}:${id}`;
}

/** `1`/`0` per outcome, all empty before the post is classified. */
export function toOutcomeFlags(outcomes: string | null): string[] {
  if (outcomes === null) return OUTCOME_NUMBERS.map(() => '');
  const matched = toOutcomeList(outcomes);
  return OUTCOME_NUMBERS.map((n) => (matched.includes(n) ? '1' : '0'));
}

/**
 * Excel reads a CSV as UTF-8 (emoji, accents) only after a byte-order mark; a pipe's reader usually
 * wants none. So a file gets one unless `bom` is false, stdout only when `bom` is true.
 */
export function withBom(options: { readonly out?: string | undefined; readonly bom?: boolean | undefined }): boolean {
  return options.bom ?? Boolean(options.out);
}

/**
 * Post text is written by strangers: a cell a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return) gets a leading apostrophe, which spreadsheets show as text (OWASP CSV injection).
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
