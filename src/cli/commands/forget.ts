import type { Command } from 'commander';
import { parsePostRef } from '../../core/post';
import { pseudonymFor } from '../../core/pseudonym';
import { UserError } from '../../errors';
import { openDatabase, type Db } from '../../store/database';
import {
  erasePosts,
  loadAuthors,
  loadExportsContaining,
  loadPostByRef,
  loadPostsOfAuthors,
  type AuthorRow,
  type ErasureTarget,
  type ExportFileRow,
} from '../../store/erasure';
import { loadPseudonymKey } from '../../store/exports';
import type { CommandContext } from '../context';
import { printResult } from '../output';

interface ForgetFlags {
  author?: string;
  post?: string;
  source?: string;
  dryRun?: boolean;
  json?: boolean;
}

export interface ErasureReport {
  dryRun: boolean;
  authors: number;
  posts: number;
  postRefs: string[];
  exports: ExportFileRow[];
}

export function registerForget(program: Command, context: CommandContext): void {
  program
    .command('forget')
    .description("Erase a person's posts, raw data, labels and classifications, and list the files to recall")
    .option('--author <handle>', 'the person: a handle (with or without @), a name as imported, or an export pseudonym (person-…)')
    .option('--post <source:id>', 'one post, e.g. x:1642000000000000000')
    .option('--source <name>', 'with --author: only this source')
    .option('--dry-run', 'show what would be erased and change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
The bytes are removed from the database file (secure delete, then VACUUM). Export and report
files onevision wrote that contained the posts are listed, so the data-protection officer can
recall them; onevision does not delete files it has handed over.

Examples:
  $ onevision forget --author @kernowteen --dry-run
  $ onevision forget --author person-3f9a1c2b0d4e
  $ onevision forget --post facebook:1234567890_998877`,
    )
    .action((flags: ForgetFlags, command: Command) => {
      if (Boolean(flags.author) === Boolean(flags.post)) throw new UserError('say whom to forget: --author HANDLE or --post SOURCE:ID (one of them)', 'See `onevision forget --help`.');
      const db = openDatabase(context.config(command).dbPath);
      try {
        const report = forget(db, flags);
        printResult(context, flags.json, report, renderErasure(report));
      } finally {
        db.close();
      }
    });
}

function forget(db: Db, flags: ForgetFlags): ErasureReport {
  const { authors, targets } = flags.post ? findPost(db, flags.post) : findAuthor(db, flags.author ?? '', flags.source);
  const exports = loadExportsContaining(
    db,
    targets.map((t) => t.postId),
  );
  const postRefs = targets.map((t) => `${t.source}:${t.sourceId}`);
  if (flags.dryRun) return { dryRun: true, authors: authors.length, posts: targets.length, postRefs, exports };
  const erased = erasePosts(
    db,
    targets.map((t) => t.postId),
    authors.map((a) => a.id),
  );
  return { dryRun: false, authors: erased.authors, posts: erased.posts, postRefs, exports };
}

function findPost(db: Db, ref: string): { authors: AuthorRow[]; targets: ErasureTarget[] } {
  const parsed = parsePostRef(ref);
  if (!parsed) throw new UserError(`--post "${ref}" is not SOURCE:ID`, 'E.g. --post x:1642000000000000000 or --post survey:r-17.');
  const target = loadPostByRef(db, parsed.source, parsed.sourceId);
  if (!target) throw new UserError(`no post ${ref} in the database`, 'Check the id with `onevision export` (source and source_id columns).');
  return { authors: [], targets: [target] };
}

function findAuthor(db: Db, wanted: string, source: string | undefined): { authors: AuthorRow[]; targets: ErasureTarget[] } {
  const needle = wanted.trim().replace(/^@/, '').toLowerCase();
  if (!needle) throw new UserError('--author is empty', 'Give a handle, a name or a pseudonym.');
  const key = loadPseudonymKey(db);
  const authors = loadAuthors(db).filter(
    (a) =>
      (source === undefined || a.source === source) &&
      (a.sourceAuthorId.toLowerCase() === needle ||
        a.handle?.toLowerCase() === needle ||
        a.name?.toLowerCase() === needle ||
        pseudonymFor(key, a.source, a.sourceAuthorId) === needle),
  );
  if (authors.length === 0) throw new UserError(`no author "${wanted}" in the database${source ? ` for source ${source}` : ''}`, 'Check the spelling, or look the person up in an export with --include-authors.');
  return { authors, targets: loadPostsOfAuthors(db, authors) };
}

function renderErasure(report: ErasureReport): string {
  const verb = report.dryRun ? 'would erase' : 'erased';
  const lines = [`${verb} ${report.posts} posts${report.authors ? ` and ${report.authors} author records` : ''}`];
  for (const ref of report.postRefs.slice(0, 20)) lines.push(`  ${ref}`);
  if (report.postRefs.length > 20) lines.push(`  … and ${report.postRefs.length - 20} more`);
  if (report.exports.length === 0) lines.push('no export or report file written by onevision contained them');
  else {
    lines.push(`${report.exports.length} export/report files contained them; recall these:`);
    for (const file of report.exports) lines.push(`  ${file.createdAt}  ${file.kind}  ${file.path}  (${file.posts} of their posts)`);
  }
  return lines.join('\n');
}
