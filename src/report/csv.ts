/** The analysts' CSV: a stable column contract and cells that are safe to open in a spreadsheet. Pure. */
import type { ExportRow } from '../store/exports';

/** The first columns are a contract analysts build on: never reorder or rename them; add after. */
export const EXPORT_COLUMNS = ['source', 'source_id', 'created_at', 'author', 'text', 'url', 'outcomes', 'safeguarding', 'confidence', 'tone'] as const;

export interface CsvRowOptions {
  /** Returns the author's pseudonym, or their handle when authors are included. */
  readonly authorOf: (row: ExportRow) => string;
}

export function toCsvRecord(row: ExportRow, options: CsvRowOptions): string[] {
  return [
    row.source,
    row.sourceId,
    row.createdAt ?? '',
    row.authorSourceId === null ? '' : options.authorOf(row),
    row.text,
    row.url ?? '',
    row.outcomes ?? '',
    row.safeguarding === null ? '' : String(row.safeguarding),
    row.confidence === null ? '' : row.confidence.toFixed(2),
    row.tone ?? '',
  ].map(neutraliseFormula);
}

/**
 * Post text is written by strangers: a cell a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return) gets a leading apostrophe, which spreadsheets show as text (OWASP CSV injection).
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
