/**
 * `onevision import --dry-run`: what an import would read, shown before anything is written. The people
 * in survey data are often children, so at most five posts are shown, each on one line, with every
 * control character made visible (the text comes from strangers).
 */
import type { ParsedImport, RowProblem } from '../collectors/imports/types';
import type { Post } from '../core/post';
import type { ErasureLedger } from '../store/erasure-ledger';
import { toTerminalLine } from '../gate/terminal-text';
import type { CommandContext } from './context';
import { printResult } from './output';
import { plural } from '../core/words';

export const PREVIEW_POSTS = 5;

export interface ImportPreview {
  readonly file: string;
  readonly format: string;
  /** Numbered columns (`#1 ID`) for tables; absent for formats without columns. */
  readonly columns: readonly string[] | null;
  readonly rowsRead: number;
  readonly posts: number;
  /** Posts the erasure ledger would refuse: erased earlier, or by someone forgotten with their future posts. */
  readonly refused: number;
  readonly problems: readonly RowProblem[];
  readonly sample: ReadonlyArray<{ source_id: string; created_at: string | null; author: string | null; question: string | null; text: string }>;
}

export interface DryRunInput {
  /** Undefined when the survey columns were not named yet: `unmapped` says which flags are missing. */
  readonly parsed?: ParsedImport | undefined;
  readonly columns: readonly string[] | null;
  readonly rows?: number;
  readonly unmapped?: Error | undefined;
  /** The database's erasure ledger, when there is a database and anything was erased. */
  readonly ledger?: ErasureLedger | undefined;
}

/**
 * Prints what the import would do, on stdout (with --json, the same model), then fails as the import
 * would (`check`), so a dry run exits 2 exactly when the import would. The database is only read
 * (its erasure ledger, by the caller): a dry run writes nothing.
 */
export function printDryRun(context: CommandContext, file: string, input: DryRunInput, json: boolean | undefined, check: (parsed: ParsedImport) => void): void {
  const fatal = input.parsed?.fatal;
  // A file that cannot be read at all has nothing to show but the columns, if those.
  if (!fatal || input.columns) {
    const preview = toImportPreview(file, input);
    printResult(context, json, preview, renderImportPreview(preview));
  }
  // How the file was read (UTF-16 converted, control characters removed) matters before importing, too.
  for (const note of input.parsed?.notes ?? []) context.say(`  ${line(file)}: ${line(note)}`);
  if (input.unmapped) throw input.unmapped;
  if (input.parsed) check(input.parsed);
}

export function toImportPreview(file: string, input: DryRunInput): ImportPreview {
  const parsed = input.unmapped ? undefined : input.parsed;
  const read = parsed?.fatal ? [] : (parsed?.posts ?? []);
  // As the import would store them: an erased post is not shown, a forgotten person's name is taken out.
  const ledger = input.ledger;
  const posts = ledger ? read.filter((post) => !ledger.isErased(post)).map((post) => ledger.scrub(post)) : read;
  return {
    file,
    format: parsed?.format ?? (input.columns ? 'survey' : 'unknown'),
    columns: input.columns,
    rowsRead: parsed?.rowsRead ?? input.rows ?? 0,
    posts: posts.length,
    refused: read.length - posts.length,
    problems: parsed?.problems ?? [],
    sample: posts.slice(0, PREVIEW_POSTS).map(toSampleRow),
  };
}

function toSampleRow(post: Post): ImportPreview['sample'][number] {
  return {
    source_id: `${post.source}:${post.sourceId}`,
    created_at: post.createdAt,
    author: post.author ? (post.author.handle ?? post.author.name ?? post.author.sourceAuthorId) : null,
    question: post.question ?? null,
    text: post.text,
  };
}

export function renderImportPreview(p: ImportPreview): string {
  const refused = p.refused > 0 ? `, ${p.refused} refused (erased earlier: see \`onevision audit\`)` : '';
  const lines = [`${line(p.file)}: ${p.format}, ${plural(p.rowsRead, 'row')}, ${plural(p.posts, 'post')} would be imported${refused} (dry run: nothing written)`];
  if (p.columns) lines.push('columns:', ...p.columns.map((c) => `  ${shorten(line(c), 100)}`));
  if (p.problems.length > 0) lines.push(`${plural(p.problems.length, 'row')} with problems:`, ...p.problems.slice(0, 10).map((r) => `  line ${r.line}: ${line(r.problem)}`));
  if (p.sample.length > 0) lines.push(`first ${plural(p.sample.length, 'post')}:`);
  for (const s of p.sample) {
    lines.push(`  ${line(s.source_id)}  ${s.created_at ?? 'no date'}  ${s.author === null ? 'no author' : line(s.author)}`);
    if (s.question !== null) lines.push(`    question: ${shorten(line(s.question), 100)}`);
    lines.push(`    text: ${shorten(line(s.text), 200)}`);
  }
  return lines.join('\n');
}

function line(text: string): string {
  return toTerminalLine(text);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
