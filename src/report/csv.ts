/** The analysts' CSV: a stable column contract and cells that are safe to open in a spreadsheet. Pure. */
import type { ExportRow } from '../store/exports';

/** The first columns are a contract analysts build on: never reorder or rename them; add after. */
export const EXPORT_COLUMNS = ['source', 'source_id', 'created_at', 'author', 'text', 'url', 'outcomes', 'safeguarding', 'confidence', 'tone', 'places'] as const;

export interface CsvRowOptions {
  /** Returns the author's pseudonym, or their handle when authors are included. */
  readonly authorOf: (row: ExportRow) => string;
  /** Write the text of posts whose safeguarding flag no person has cleared (default: a notice instead). */
  readonly includeFlagged?: boolean;
  /** The places a text names, `;`-joined (the place tagger); empty when not given. */
  readonly placesOf?: (text: string) => string;
}

/** In place of a flagged post's text: a possible disclosure of harm goes to the safeguarding lead, not a spreadsheet. */
export const WITHHELD_NOTICE = '[text withheld: possible safeguarding disclosure awaiting review; see `onevision safeguarding`]';

export function toCsvRecord(row: ExportRow, options: CsvRowOptions): string[] {
  const withheld = row.safeguarding === 1 && !options.includeFlagged;
  return [
    row.source,
    row.sourceId,
    row.createdAt ?? '',
    row.authorSourceId === null ? '' : options.authorOf(row),
    withheld ? WITHHELD_NOTICE : row.text,
    row.url ?? '',
    row.outcomes ?? '',
    row.safeguarding === null ? '' : String(row.safeguarding),
    row.confidence === null ? '' : row.confidence.toFixed(2),
    row.tone ?? '',
    // A withheld post's places could still point at the child: they are withheld with the text.
    withheld || !options.placesOf ? '' : options.placesOf(row.text),
  ].map(neutraliseFormula);
}

/**
 * Post text is written by strangers: a cell a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return) gets a leading apostrophe, which spreadsheets show as text (OWASP CSV injection).
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
