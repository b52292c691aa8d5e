/**
 * The columns of a survey export: their labels (from one or two header rows), finding the ones the
 * user named, and the short stable key each answer column gets in `source_id`. Pure.
 */
import { createHash } from 'node:crypto';
import type { Cell, TableRow } from './survey-table';

export interface SurveyColumn {
  /** 0-based position in the row. */
  readonly index: number;
  /** The header as written; with two header rows, `question / answer label` where a question spans columns. */
  readonly label: string;
}

export type Found = { ok: true; column: SurveyColumn } | { ok: false; problem: string };

const KEY_LENGTH = 40;

/**
 * Labels from the header row(s). SmartSurvey writes a second header row of answer labels under each
 * question ("Answer", or one label per box of a multi-box question): it is joined to the question only
 * where the question spans several columns, so a one-box question keeps its plain text.
 */
export function toColumns(headerRows: readonly TableRow[]): SurveyColumn[] {
  const top = (headerRows[0]?.cells ?? []).map(asLabel);
  const sub = (headerRows[1]?.cells ?? []).map(asLabel);
  const width = Math.max(top.length, sub.length);
  const count = new Map<string, number>();
  for (const label of top) if (label) count.set(label, (count.get(label) ?? 0) + 1);
  return Array.from({ length: width }, (_, index) => {
    const question = top[index] ?? '';
    const part = sub[index] ?? '';
    const label = !question ? part : part && (count.get(question) ?? 0) > 1 ? `${question} / ${part}` : question;
    return { index, label };
  });
}

/** A column named by its header (case and runs of spaces do not matter) or by its position, `#3`. */
export function findColumn(columns: readonly SurveyColumn[], name: string, flag: string): Found {
  const position = /^#(\d+)$/.exec(name.trim());
  if (position) {
    const column = columns[Number(position[1]) - 1];
    return column ? { ok: true, column } : { ok: false, problem: `${flag} "${name}": the file has ${columns.length} columns` };
  }
  const wanted = normalise(name);
  const matches = columns.filter((c) => normalise(c.label) === wanted && wanted !== '');
  if (matches.length === 1) return { ok: true, column: matches[0]! };
  if (matches.length > 1) {
    return { ok: false, problem: `${flag} "${name}" names ${matches.length} columns (${matches.map((c) => `#${c.index + 1}`).join(', ')}): name one by its position, e.g. ${flag} "#${matches[0]!.index + 1}"` };
  }
  return { ok: false, problem: `no column "${name}" for ${flag}; the columns are ${describeColumns(columns)}` };
}

/** `#1 "ID", #2 "Start time", …`, long headers shortened. */
export function describeColumns(columns: readonly SurveyColumn[]): string {
  if (columns.length === 0) return 'none (the header row is empty)';
  return columns.map((c) => `#${c.index + 1} "${shorten(c.label, 60)}"`).join(', ');
}

/**
 * The key an answer column gets in `source_id` (`<respondent id>:<key>`): the header as a slug,
 * `what-would-make-cornwall-better-for-you`, so ids stay readable and do not change when columns move.
 * A slug longer than 40 characters is cut at a word and ends with 6 hex characters of a hash of the
 * whole header, so two long questions that start alike get different keys. Two chosen columns with
 * the same header also get their position, `comments-c7`.
 */
export function toColumnKeys(columns: readonly SurveyColumn[]): Map<number, string> {
  const keys = new Map(columns.map((c) => [c.index, toColumnKey(c)]));
  const seen = new Map<string, number>();
  for (const key of keys.values()) seen.set(key, (seen.get(key) ?? 0) + 1);
  for (const [index, key] of keys) if ((seen.get(key) ?? 0) > 1) keys.set(index, `${key}-c${index + 1}`);
  return keys;
}

function toColumnKey(column: SurveyColumn): string {
  const slug = column.label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!slug) return `column-${column.index + 1}`;
  if (slug.length <= KEY_LENGTH) return slug;
  const cut = slug.slice(0, KEY_LENGTH + 1);
  const head = (cut.lastIndexOf('-') > KEY_LENGTH / 2 ? cut.slice(0, cut.lastIndexOf('-')) : slug.slice(0, KEY_LENGTH)).replace(/-+$/, '');
  const hash = createHash('sha256').update(normalise(column.label)).digest('hex').slice(0, 6);
  return `${head}-${hash}`;
}

function asLabel(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return (cell instanceof Date ? cell.toISOString() : String(cell)).replace(/\s+/g, ' ').trim();
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
