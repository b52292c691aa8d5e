/** The analysts' CSV: a stable column contract and cells that are safe to open in a spreadsheet. Pure. */
import type { ReleasedPost } from '../gate/release';
import { isFlagState } from '../gate/screening';
import type { ExportRow } from '../store/exports';

/** The first columns are a contract analysts build on: never reorder or rename them; add after. */
export const EXPORT_COLUMNS = ['source', 'source_id', 'created_at', 'author', 'text', 'url', 'outcomes', 'safeguarding', 'confidence', 'tone', 'places', 'screening', 'own_account', 'question'] as const;

/** One CSV record from a row and what the gate released of it. `placesOf` tags the places a text names. */
export function toCsvRecord(row: ExportRow, released: ReleasedPost, placesOf: (text: string) => string): string[] {
  return [
    row.source,
    row.sourceId,
    row.createdAt ?? '',
    released.author,
    released.text,
    released.url,
    row.outcomes ?? '',
    isFlagState(row.screening) ? '1' : row.screening === 'awaiting' ? '' : '0',
    row.confidence === null ? '' : row.confidence.toFixed(2),
    row.tone ?? '',
    // A withheld post's places could still point at the child: they are withheld with the text.
    released.withheld === null ? placesOf(released.text) : '',
    row.screening,
    released.own ? '1' : '0',
    // The question is the survey's own text, not the respondent's: it is never withheld.
    row.question ?? '',
  ].map(neutraliseFormula);
}

/**
 * Post text is written by strangers: a cell a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return) gets a leading apostrophe, which spreadsheets show as text (OWASP CSV injection).
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
