/**
 * Survey exports (SmartSurvey, Citizen Space, Microsoft Forms): one row per respondent, one column per
 * open question, headers as each tool writes them. The user names the columns; each non-empty answer
 * becomes one post, `source_id` `<respondent id>:<column key>`, with its question kept. Pure: the
 * table comes in already read (survey-table.ts).
 */
import type { AuthorRef, Post } from '../../core/post';
import { describeColumns, findColumn, toColumnKeys, toColumns, type SurveyColumn } from './survey-columns';
import { toTypedAuthor } from './fields';
import { toSurveyDate } from './survey-dates';
import type { Cell, SurveyTable, TableRow } from './survey-table';
import { describeOverlongPost } from './limits';
import type { ParsedImport, RowProblem } from './types';

export interface SurveyMapping {
  readonly idColumn: string;
  readonly textColumns: readonly string[];
  readonly dateColumn?: string | undefined;
  readonly authorColumn?: string | undefined;
  /** Read `01/06/2017` as 1 June. */
  readonly dayFirst: boolean;
  /** 2 for SmartSurvey's second header row of answer labels. */
  readonly headerRows: number;
  readonly source: string;
  /** The most characters one answer may have; a row with a longer one is a problem. */
  readonly maxPostChars?: number;
}

interface Chosen {
  readonly id: SurveyColumn;
  readonly texts: ReadonlyArray<SurveyColumn & { readonly key: string }>;
  readonly date: SurveyColumn | undefined;
  readonly author: SurveyColumn | undefined;
}

/** Answers tools write for a question left blank: no post. */
const NO_ANSWER = /^(?:not answered|no answer|n\/a)$/i;

/** The column labels a table has under its header row(s). */
export function toTableColumns(table: SurveyTable, headerRows: number): SurveyColumn[] {
  return toColumns(table.rows.slice(0, headerRows));
}

export function toSurveyImport(table: SurveyTable, mapping: SurveyMapping): ParsedImport {
  const format = table.format === 'xlsx' ? `survey xlsx, sheet "${table.sheet ?? ''}"` : 'survey csv';
  const fatal = (problem: string): ParsedImport => ({ format, rowsRead: 0, posts: [], problems: [], fatal: { line: 1, problem } });
  if (table.rows.length === 0) return fatal('no header row');
  const chosen = chooseColumns(toTableColumns(table, mapping.headerRows), mapping);
  if (typeof chosen === 'string') return fatal(chosen);
  const posts: Post[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  let rowsRead = 0;
  for (const row of table.rows.slice(mapping.headerRows)) {
    if (row.cells.every(isBlank)) continue;
    rowsRead += 1;
    const result = toRowPosts(row, chosen, mapping, seen, rowsRead === 1);
    const overlong = typeof result === 'string' ? undefined : result.find((post) => post.text.length > (mapping.maxPostChars ?? Infinity));
    if (typeof result === 'string') problems.push({ line: row.line, problem: result });
    else if (overlong) problems.push({ line: row.line, problem: describeOverlongPost(overlong.text.length, mapping.maxPostChars ?? 0, overlong.sourceId) });
    else posts.push(...result);
  }
  return { format, rowsRead, posts, problems };
}

function chooseColumns(columns: readonly SurveyColumn[], mapping: SurveyMapping): Chosen | string {
  const id = findColumn(columns, mapping.idColumn, '--id-column');
  if (!id.ok) return id.problem;
  const texts: SurveyColumn[] = [];
  for (const name of mapping.textColumns) {
    const found = findColumn(columns, name, '--text-column');
    if (!found.ok) return found.problem;
    if (found.column.index === id.column.index) return `--text-column "${name}" is the respondent id column`;
    if (texts.some((t) => t.index === found.column.index)) return `--text-column "${name}" is named twice`;
    texts.push(found.column);
  }
  const date = mapping.dateColumn === undefined ? undefined : findColumn(columns, mapping.dateColumn, '--date-column');
  if (date && !date.ok) return date.problem;
  const author = mapping.authorColumn === undefined ? undefined : findColumn(columns, mapping.authorColumn, '--author-column');
  if (author && !author.ok) return author.problem;
  const keys = toColumnKeys(texts);
  return { id: id.column, texts: texts.map((t) => ({ ...t, key: keys.get(t.index) ?? `column-${t.index + 1}` })), date: date?.column, author: author?.column };
}

/** The posts of one respondent's row, or what is wrong with it. */
function toRowPosts(row: TableRow, chosen: Chosen, mapping: SurveyMapping, seen: Map<string, number>, first: boolean): Post[] | string {
  const id = asText(row.cells[chosen.id.index]).trim();
  if (!id) {
    const hint = first && mapping.headerRows === 1 ? ' (if this row holds answer labels under the questions, as SmartSurvey writes, add --header-rows 2)' : '';
    return `no respondent id in column "${chosen.id.label}"${hint}`;
  }
  const before = seen.get(id);
  if (before !== undefined) return `respondent id "${id}" again (first on line ${before})`;
  seen.set(id, row.line);
  let createdAt: string | null = null;
  const dateCell = chosen.date === undefined ? null : (row.cells[chosen.date.index] ?? null);
  if (chosen.date && !isBlank(dateCell)) {
    const date = toSurveyDate(dateCell, mapping.dayFirst);
    if (!date.ok) return `respondent "${id}": ${chosen.date.label} ${date.problem}`;
    createdAt = date.iso;
  }
  const author = chosen.author === undefined ? null : toAuthor(row.cells[chosen.author.index]);
  const posts: Post[] = [];
  for (const column of chosen.texts) {
    const text = asText(row.cells[column.index]);
    if (!text.trim() || NO_ANSWER.test(text.trim())) continue;
    const raw = toRaw(chosen, id, dateCell, author, column.label, text);
    posts.push({
      source: mapping.source,
      sourceId: `${id}:${column.key}`,
      kind: 'response',
      createdAt,
      author,
      text,
      url: null,
      lang: null,
      parentSourceId: null,
      conversationId: null,
      metrics: null,
      raw,
      question: column.label,
    });
  }
  return posts;
}

/** Only the cells a post was made from are kept as its raw record: not the e-mail, IP address or other answers. */
function toRaw(chosen: Chosen, id: string, dateCell: Cell, author: AuthorRef | null, question: string, text: string): Record<string, unknown> {
  const raw: Record<string, unknown> = { [chosen.id.label]: id };
  if (chosen.date) raw[chosen.date.label] = dateCell instanceof Date ? dateCell.toISOString() : dateCell;
  if (chosen.author && author) raw[chosen.author.label] = author.handle;
  raw[question] = text;
  return raw;
}

/**
 * A respondent's name or e-mail as the author. Microsoft Forms writes "anonymous" for every respondent
 * of an anonymous form: that is nobody, not one person who answered many times.
 */
function toAuthor(cell: Cell | undefined): AuthorRef | null {
  const value = asText(cell);
  if (/^\s*anonymous\s*$/i.test(value)) return null;
  // Typed, as a CSV's author column is: stored and forgotten the same way (`toTypedAuthor`).
  return toTypedAuthor(value);
}

function asText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  return String(cell);
}

function isBlank(cell: Cell | undefined): boolean {
  return asText(cell).trim() === '';
}

export { describeColumns };
