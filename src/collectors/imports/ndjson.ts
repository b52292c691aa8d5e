import type { Post } from '../../core/post';
import { toPostFromFields, type ImportFields } from './fields';
import { describeOverlongLine, findOverlongLine, quote } from './limits';
import type { ImportFormat, ImportOptions, ParsedImport, RowProblem } from './types';

/** One normalised post per line: {"id","text","created_at"?,"author"?,"url"?,"source"?}. */
export const ndjsonFormat: ImportFormat = {
  name: 'ndjson',
  description: 'one JSON object per line with the same fields as the CSV import',
  extensions: ['.ndjson', '.jsonl'],
  sniff: (text) => {
    const first = text.trimStart().split('\n', 1)[0] ?? '';
    return first.startsWith('{') && /"text"\s*:/.test(first) && /"id"\s*:/.test(first) && !/"data"\s*:\s*\[/.test(first);
  },
  parse: parseNdjson,
};

function parseNdjson(text: string, options: ImportOptions): ParsedImport {
  const problems: RowProblem[] = [];
  const posts: Post[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let rowsRead = 0;
  lines.forEach((content, index) => {
    const line = index + 1;
    // Trimmed, so a CRLF file's record is stored without its carriage return.
    const record = content.trim();
    if (record === '') return;
    rowsRead += 1;
    const overlong = options.maxLineBytes === undefined ? undefined : findOverlongLine(record, options.maxLineBytes);
    if (overlong && options.maxLineBytes !== undefined) {
      problems.push({ line, problem: describeOverlongLine(overlong.bytes, options.maxLineBytes) });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(record);
    } catch (error) {
      problems.push({ line, problem: `not valid JSON: ${quote((error as Error).message)}` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ line, problem: 'expected a JSON object' });
      return;
    }
    const result = toPostFromFields(value as ImportFields, options.defaultSource, value, record, options.maxPostChars);
    if (!result.ok) {
      problems.push({ line, problem: result.problem });
      return;
    }
    const key = `${result.post.source}:${result.post.sourceId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ line, problem: `duplicate id "${quote(result.post.sourceId)}" (first on line ${first})` });
      return;
    }
    seen.set(key, line);
    posts.push(result.post);
  });
  return { format: 'ndjson', rowsRead, posts, problems };
}
