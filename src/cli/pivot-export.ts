/** `onevision export --pivot week|month|place`: a count table for spreadsheets, the same rows `summary --by` prints. */
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { UserError } from '../errors';
import { neutraliseFormula, withBom } from '../report/csv';
import { PIVOT_CHOICES, toPivot, type PivotBy } from '../report/pivot';
import type { Db } from '../store/database';
import type { Gate } from '../gate/release';
import type { PostFilter } from '../store/exports';
import { recordWrittenFile } from './written-files';
import { writeTextAtomically } from './files';
import type { CommandContext } from './context';
import { writeData } from './output';
import { loadSummary } from './summaries';
import { parseOptionalCount } from './flag-values';
import { plural } from '../core/words';

export interface PivotExportOptions {
  readonly by: string;
  readonly outcome?: number | undefined;
  readonly out?: string | undefined;
  readonly bom?: boolean | undefined;
  readonly includeOwn?: boolean | undefined;
}

export function parsePivot(by: string): PivotBy {
  if (!(PIVOT_CHOICES as readonly string[]).includes(by)) throw new UserError(`--pivot "${by}" is not one of ${PIVOT_CHOICES.join(', ')}`, 'For example --pivot week.');
  return by as PivotBy;
}

export async function writePivotExport(db: Db, gate: Gate, filter: PostFilter, options: PivotExportOptions, context: CommandContext): Promise<void> {
  const by = parsePivot(options.by);
  const { summary, postIds } = loadSummary(db, gate, filter, { words: false, outcome: options.outcome, includeOwn: options.includeOwn });
  const pivot = toPivot(summary, by);
  const csv = stringify([pivot.columns, ...pivot.rows.map((row) => row.map((cell) => neutraliseFormula(String(cell))))], { bom: withBom(options) });
  const target = options.out ? path.resolve(options.out) : 'stdout';
  if (options.out) writeTextAtomically(target, csv, db.name);
  else await writeData(context, csv); // a table that never arrived (a full disk) is not recorded
  recordWrittenFile(db, { kind: `pivot-${by}`, path: target, createdAt: context.now().toISOString(), filters: { ...filter, outcome: options.outcome ?? null, pivot: by, includeOwn: Boolean(options.includeOwn) }, postIds });
  if (options.out) context.say(`wrote ${plural(pivot.rows.length, 'row')} (${plural(postIds.length, 'post')} by ${by}) to ${options.out}`);
}

/** `--outcome N`: one of the five, as a number. */
export function parseOutcome(text: string | undefined): number | undefined {
  return parseOptionalCount('--outcome', text, { min: 1, max: 5, example: '--outcome 2' });
}
