/**
 * The records of a Twitter v1.1 file, each with its line and its exact JSON text: one per line of
 * twarc 1.x JSONL, or one per element of a JSON array (a timeline or lookup response, or the
 * `statuses` of a saved search response). Pure.
 */
import { arrayElements, endOfValue, JsonShapeError, lineCounter, memberValue, parseExact, skipSpace, type Span } from './json-text';
import type { RowProblem } from './types';

export interface JsonRecord {
  readonly line: number;
  /** The record as written, so it can be stored without a number passing through JavaScript. */
  readonly json: string;
  /** Parsed, with integers beyond 2^53 as strings. */
  readonly value: unknown;
}

export interface ReadRecords {
  readonly records: JsonRecord[];
  readonly problems: RowProblem[];
  readonly fatal?: RowProblem;
}

/** A pretty-printed document (a saved array or search response) rather than one record per line. */
export function isDocument(text: string): boolean {
  const start = skipSpace(text, 0);
  if (text[start] === '[') return true;
  const firstLine = text.slice(start, text.indexOf('\n', start) === -1 ? undefined : text.indexOf('\n', start));
  return firstLine.trim() === '{';
}

export function readRecords(text: string): ReadRecords {
  return isDocument(text) ? readDocument(text) : readLines(text);
}

function readDocument(text: string): ReadRecords {
  const lineAt = lineCounter(text);
  let spans: Span[];
  try {
    const start = skipSpace(text, 0);
    const end = endOfValue(text, start);
    const after = skipSpace(text, end);
    if (after < text.length) throw new JsonShapeError(after, 'more JSON after the end of the document (a file is one array or one object)');
    spans = elementsOf(text, start) ?? [{ start, end }];
  } catch (error) {
    if (!(error instanceof JsonShapeError)) throw error;
    return { records: [], problems: [], fatal: { line: lineAt(error.offset), problem: `not valid JSON: ${error.message}` } };
  }
  const records: JsonRecord[] = [];
  const problems: RowProblem[] = [];
  for (const span of spans) {
    const line = lineAt(span.start);
    const json = text.slice(span.start, span.end);
    const parsed = parseRecord(json);
    if ('problem' in parsed) problems.push({ line, problem: parsed.problem });
    else records.push({ line, json, value: parsed.value });
  }
  return { records, problems };
}

function readLines(text: string): ReadRecords {
  const records: JsonRecord[] = [];
  const problems: RowProblem[] = [];
  text.split('\n').forEach((content, index) => {
    const line = index + 1;
    // Trimmed, so a CRLF file's record is stored without its carriage return.
    const json = content.trim();
    if (json === '') return;
    try {
      const spans = elementsOf(json, 0);
      if (!spans) {
        const parsed = parseRecord(json);
        if ('problem' in parsed) problems.push({ line, problem: parsed.problem });
        else records.push({ line, json, value: parsed.value });
        return;
      }
      for (const span of spans) {
        const element = json.slice(span.start, span.end);
        const parsed = parseRecord(element);
        if ('problem' in parsed) problems.push({ line, problem: parsed.problem });
        else records.push({ line, json: element, value: parsed.value });
      }
    } catch (error) {
      if (!(error instanceof JsonShapeError)) throw error;
      problems.push({ line, problem: `not valid JSON: ${error.message}` });
    }
  });
  return { records, problems };
}

/**
 * The records inside the value at `start`: an array's elements, or a search response's `statuses`;
 * undefined when the value is itself one record.
 */
function elementsOf(text: string, start: number): Span[] | undefined {
  if (text[start] === '[') return arrayElements(text, start);
  // Cheap test first: walking every status line's members would double the cost of a large file.
  if (text[start] !== '{' || !text.includes('"statuses"', start)) return undefined;
  const statuses = memberValue(text, start, 'statuses');
  return statuses && text[statuses.start] === '[' ? arrayElements(text, statuses.start) : undefined;
}

function parseRecord(json: string): { value: unknown } | { problem: string } {
  try {
    return { value: parseExact(json) };
  } catch (error) {
    return { problem: `not valid JSON: ${(error as Error).message}` };
  }
}
