import { parse } from 'csv-parse/sync';
import type { Post } from '../../core/post';
import { toPostFromFields } from './fields';
import { quote } from './limits';
import type { ImportFormat, ImportOptions, ParsedImport, RowProblem } from './types';

const REQUIRED = ['id', 'text'] as const;

interface CsvRecord {
  record: Record<string, string>;
  info: { lines: number; empty_lines: number; error?: { code: string; message: string } };
}

/** Survey, event and form responses: a header row with at least `id` and `text`. */
export const csvFormat: ImportFormat = {
  name: 'csv',
  description: 'CSV with a header row: id, text, and optionally created_at, author, url, source',
  extensions: ['.csv', '.tsv'],
  sniff: () => false,
  parse: parseCsv,
};

function parseCsv(text: string, options: ImportOptions): ParsedImport {
  const problems: RowProblem[] = [];
  const delimiter = detectDelimiter(text);
  const header = checkHeader(text, delimiter);
  if ('problem' in header) return { format: 'csv', rowsRead: 0, posts: [], problems: [], fatal: header };
  let unclosedQuote = false;
  const records = parse(text, {
    bom: true,
    delimiter,
    columns: (names: string[]) => names.map((n) => n.trim().toLowerCase()),
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (error: { message: string; code?: string; lines?: number } | undefined) => {
      if (error?.code === QUOTE_NOT_CLOSED) unclosedQuote = true;
      else if (error) problems.push({ line: error.lines ?? 0, problem: describeCsvError(error.message) });
    },
  }) as CsvRecord[];

  const posts: Post[] = [];
  const seen = new Map<string, number>();
  let previousEnd = header.lines;
  let previousEmpty = 0;
  for (const { record, info } of records) {
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    if (info.error) {
      problems.push({ line, problem: `expected ${header.columns} fields, found a different number (${info.error.code})` });
      continue;
    }
    const result = toPostFromFields(record, options.defaultSource, record, undefined, options.maxPostChars);
    if (!result.ok) {
      problems.push({ line, problem: result.problem });
      continue;
    }
    const key = `${result.post.source}:${result.post.sourceId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ line, problem: `duplicate id "${quote(result.post.sourceId)}" (first on line ${first})` });
      continue;
    }
    seen.set(key, line);
    posts.push(result.post);
  }
  if (unclosedQuote) return { format: 'csv', rowsRead: 0, posts: [], problems: [], fatal: unclosedQuoteProblem(previousEnd + 1) };
  if (records.length === 0 && problems.length === 0) return { format: 'csv', rowsRead: 0, posts: [], problems: [], fatal: { line: header.lines + 1, problem: 'the file has a header and no rows' } };
  problems.sort((a, b) => a.line - b.line);
  return { format: 'csv', rowsRead: posts.length + problems.length, posts, problems };
}

const QUOTE_NOT_CLOSED = 'CSV_QUOTE_NOT_CLOSED';

/**
 * A quote that never closes swallows every line after it into one field, so those rows cannot be
 * skipped one by one as bad: the file is refused, even with --skip-invalid, at the line where the
 * quote opens (the line after the last row read whole).
 */
function unclosedQuoteProblem(line: number): RowProblem {
  return { line, problem: 'broken quoting: a quote opens in the row starting on this line and never closes, so every line after it was read as one field (a quote inside a field is written twice: "")' };
}

type Header = { columns: number; lines: number } | RowProblem;

function checkHeader(text: string, delimiter: string): Header {
  const [first] = parse(text, { bom: true, delimiter, to_line: 1, relax_column_count: true, relax_quotes: true, info: true }) as unknown as Array<{
    record: string[];
    info: { lines: number };
  }>;
  if (!first) return { line: 1, problem: 'no header row' };
  const names = first.record.map((n) => n.trim().toLowerCase());
  const missing = REQUIRED.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    const list = missing.map((m) => `"${m}"`).join(', ');
    const survey = 'a survey export (SmartSurvey, Citizen Space, Microsoft Forms) is read by naming its columns: --id-column NAME --text-column NAME';
    return { line: 1, problem: `missing required column${missing.length > 1 ? 's' : ''} ${list} in the header (found: ${quote(names.join(', ')) || 'nothing'}); ${survey}` };
  }
  const duplicate = names.find((name, index) => name !== '' && names.indexOf(name) !== index);
  if (duplicate !== undefined) {
    // The parser would keep only the last of the two columns, silently losing the other's answers.
    return { line: 1, problem: `the header names the column "${quote(duplicate)}" twice; rename one of them (or delete the copy) and import again` };
  }
  return { columns: names.length, lines: first.info.lines };
}

/**
 * Tab-separated when the header line has tabs and no commas (Excel's "Unicode Text" export, a .tsv
 * file); otherwise comma-separated.
 */
export function detectDelimiter(text: string): ',' | '\t' {
  const end = text.indexOf('\n');
  const header = end === -1 ? text : text.slice(0, end);
  return header.includes('\t') && !header.includes(',') ? '\t' : ',';
}

function describeCsvError(message: string): string {
  if (/quote/i.test(message)) return `broken quoting: ${message}`;
  return message;
}
