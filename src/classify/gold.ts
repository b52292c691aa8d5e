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

export function parseGold(text: string, file: string): GoldRow[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw new InputError(file, undefined, `not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new InputError(file, 1, 'the file is empty', 'The first row must be the header: id,text,o1,o2,o3,o4,o5[,safeguarding].');
  const at = (name: string) => header.indexOf(name);
  const missing = ['id', 'text', ...OUTCOMES.map((o) => `o${o}`)].filter((name) => at(name) < 0);
  if (missing.length > 0) throw new InputError(file, 1, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, 'The header needs id,text,o1,o2,o3,o4,o5 and optionally safeguarding.');
  const sg = at('safeguarding');
  const contextColumn = at('context');
  const levelColumn = at('level');
  return rows.map((row, i) => {
    const line = i + 2;
    const flag = (name: string, value: string | undefined): boolean => {
      if (value === '1' || value === '0') return value === '1';
      throw new InputError(file, line, `${name} must be 0 or 1, not "${value ?? ''}"`);
    };
    const sgValue = sg < 0 ? undefined : row[sg];
    const context = contextColumn < 0 ? '' : (row[contextColumn] ?? '');
    const level = levelColumn < 0 ? '' : (row[levelColumn] ?? '');
    if (level !== '' && level !== 'disclosure' && level !== 'concern') throw new InputError(file, line, `level must be disclosure, concern or empty, not "${level}"`);
    return {
      id: row[at('id')] ?? '',
      text: row[at('text')] ?? '',
      ...(context !== '' ? { context } : {}),
      ...(level !== '' ? { level } : {}),
      outcomes: OUTCOMES.filter((o) => flag(`o${o}`, row[at(`o${o}`)])),
      safeguarding: sgValue === undefined || sgValue === '' ? null : flag('safeguarding', sgValue),
    };
  });
}
