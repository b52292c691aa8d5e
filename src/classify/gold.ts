/** A gold CSV (`id,text,o1..o5` as 0/1, optionally `safeguarding`, `level`, `context`) to judgements. Pure. */
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors';
import { OUTCOMES } from './codebook';
import type { SafeguardingLevel } from './classify';
import type { Judgement } from './evaluate';

export interface GoldRow extends Judgement {
  readonly id: string;
  readonly text: string;
  /** The post a reply answers (scored with it in view), when the file has a `context` column. */
  readonly context?: string;
  /** S4 level of a flagged row, when the file has a `level` column. */
  readonly level?: SafeguardingLevel;
}

/** A record csv-parse read with `info` and `raw`: it counts lines to the record's end; `raw` is its text, with any empty lines skipped before it. */
export interface ParsedCsvRecord {
  readonly info: { readonly lines: number };
  readonly raw: string;
}

/** The line a record starts on: a quoted text over several lines is found where it begins, not where it ends. */
export function firstLineOf({ info, raw }: ParsedCsvRecord): number {
  const inner = raw.replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '');
  return info.lines - (inner.match(/\n/g)?.length ?? 0);
}

interface ParsedGoldRecord extends ParsedCsvRecord {
  readonly record: string[];
}

export function parseGold(text: string, file: string): GoldRow[] {
  let records: ParsedGoldRecord[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: false, info: true, raw: true }) as unknown as ParsedGoldRecord[];
  } catch (error) {
    throw new InputError(file, undefined, `not valid CSV: ${(error as Error).message}`);
  }
  const [headerRecord, ...rows] = records;
  const header = headerRecord?.record;
  if (!header) throw new InputError(file, 1, 'the file is empty', 'The first row must be the header: id,text,o1,o2,o3,o4,o5[,safeguarding].');
  const twice = header.find((name, i) => header.indexOf(name) !== i);
  if (twice !== undefined) throw new InputError(file, 1, `the header names the column "${twice}" twice`, 'Rename or delete the copy.');
  if (rows.length === 0) throw new InputError(file, 2, 'the file has a header and no rows', 'Add the labelled rows under the header.');
  const at = (name: string) => header.indexOf(name);
  const missing = ['id', 'text', ...OUTCOMES.map((o) => `o${o}`)].filter((name) => at(name) < 0);
  if (missing.length > 0) throw new InputError(file, 1, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, 'The header needs id,text,o1,o2,o3,o4,o5 and optionally safeguarding.');
  const sg = at('safeguarding');
  const contextColumn = at('context');
  const levelColumn = at('level');
  const seen = new Map<string, number>();
  return rows.map((parsed) => {
    const row = parsed.record;
    const line = firstLineOf(parsed);
    const id = row[at('id')] ?? '';
    const text = row[at('text')] ?? '';
    if (id.trim() === '') throw new InputError(file, line, 'missing id');
    if (text.trim() === '') throw new InputError(file, line, `row "${id}" has no text`);
    const first = seen.get(id);
    if (first !== undefined) throw new InputError(file, line, `duplicate id "${id}" (first on line ${first})`, 'Each gold row is scored once: give every row its own id.');
    seen.set(id, line);
    const flag = (name: string, value: string | undefined): boolean => {
      if (value === '1' || value === '0') return value === '1';
      throw new InputError(file, line, `${name} must be 0 or 1, not "${value ?? ''}"`);
    };
    const sgValue = sg < 0 ? undefined : row[sg];
    const context = contextColumn < 0 ? '' : (row[contextColumn] ?? '');
    const level = levelColumn < 0 ? '' : (row[levelColumn] ?? '');
    if (level !== '' && level !== 'disclosure' && level !== 'concern') throw new InputError(file, line, `level must be disclosure, concern or empty, not "${level}"`);
    return {
      id,
      text,
      ...(context !== '' ? { context } : {}),
      ...(level !== '' ? { level } : {}),
      outcomes: OUTCOMES.filter((o) => flag(`o${o}`, row[at(`o${o}`)])),
      safeguarding: sgValue === undefined || sgValue === '' ? null : flag('safeguarding', sgValue),
    };
  });
}
