import { COLLECTORS } from '../collectors';
import { toInclusiveEnd, toIsoUtc } from '../core/dates';
import { SOURCE_NAME } from '../core/post';
import { UserError } from '../errors';
import type { Db } from '../store/database';
import type { PostFilter } from '../store/exports';
import { loadSourceStatus } from '../store/posts';

export interface FilterFlags {
  from?: string;
  to?: string;
  source?: string;
  question?: string;
}

const QUESTION_MAX = 500;

/** --from/--to/--source/--question as every reporting command takes them. */
export function parseFilterFlags(flags: FilterFlags): PostFilter {
  const from = flags.from === undefined ? undefined : toIsoUtc(flags.from);
  if (flags.from !== undefined && from === undefined) throw new UserError(`--from "${flags.from}" is not a date`, 'Use YYYY-MM-DD or ISO 8601, e.g. --from 2017-04-01.');
  const to = flags.to === undefined ? undefined : toInclusiveEnd(flags.to);
  if (flags.to !== undefined && to === undefined) throw new UserError(`--to "${flags.to}" is not a date`, 'Use YYYY-MM-DD or ISO 8601, e.g. --to 2017-09-30.');
  if (from !== undefined && to !== undefined && from >= to) throw new UserError(`--from ${flags.from} is after --to ${flags.to}`, 'Swap the dates.');
  if (flags.source !== undefined && !SOURCE_NAME.test(flags.source)) throw new UserError(`--source "${flags.source}" is not a source name`, 'Use e.g. --source x, facebook or survey.');
  const question = flags.question?.replace(/\s+/g, ' ').trim();
  if (flags.question !== undefined && (!question || question.length > QUESTION_MAX)) {
    throw new UserError(`--question needs part of a question's text (1 to ${QUESTION_MAX} characters)`, 'For example --question "better place"; `onevision summary --by question` lists the questions.');
  }
  return { from, to, source: flags.source, ...(question === undefined ? {} : { question }) };
}

/** What `onevision import` calls rows without a source column. */
const IMPORT_DEFAULT_SOURCE = 'survey';

/**
 * The sources a --source may name: those onevision collects, the import default, and any other an
 * import has already brought into this database (`import --source nextdoor`). Anything else is a
 * mistake (`twitter` for x), refused rather than answered with silent zeros.
 */
export function knownSources(db: Db): string[] {
  return [...new Set([...COLLECTORS.map((c) => c.source), IMPORT_DEFAULT_SOURCE, ...loadSourceStatus(db).map((s) => s.source)])];
}

export function checkSourceFlag(db: Db, source: string | undefined): void {
  if (source === undefined) return;
  const known = knownSources(db);
  if (!known.includes(source)) throw new UserError(`--source "${source}" is not a source this database knows`, `Use one of ${known.join(', ')}, e.g. --source ${known[0] ?? 'x'}.`);
}
