import type { Command } from 'commander';
import { systemClock } from '../../collectors/clock';
import { parsePostRef } from '../../core/post';
import { pseudonymFor } from '../../core/pseudonym';
import { BusyError, UserError } from '../../errors';
import { openDatabase, toStorageError, type Db } from '../../store/database';
import { loadAuthors, loadExportsContaining, loadPostByRef, loadPostsOfAuthors, type AuthorRow, type ErasureTarget, type ExportFileRow } from '../../store/erasure';
import { loadErasure, loadErasureOfIdentifier, loadUnfinishedErasures, type ErasureRecord } from '../../store/erasure-ledger';
import { countPostsByAuthor, loadPseudonymKey } from '../../store/exports';
import type { CommandContext } from '../context';
import { toTypedAuthorId } from '../../collectors/imports/fields';
import { carryOutErasure, describeModelLabels, ErasureFailed, finishPendingWipes, toForgottenPerson, withEchoes, type ErasureOutcome, type WipeOptions } from '../erasure';
import { openGate } from '../gate';
import { rewriteOutputs, type RewriteOutcome } from '../rewrite-outputs';
import type { Gate } from '../../gate/release';
import { takeCollectionLease } from '../lease';
import { checkSourceFlag } from '../filters';
import { printResult } from '../output';
import { withStopSignals } from './collect';
import { HOUR_MS, parseCount, parseDuration } from '../flag-values';
import { plural } from '../../core/words';

interface ForgetFlags {
  author?: string;
  post?: string;
  source?: string;
  blockFuture?: boolean;
  dryRun?: boolean;
  recallList?: string;
  finish?: boolean;
  rewriteOutputs?: boolean;
  wait: string;
  json?: boolean;
}

export interface ErasureReport {
  dryRun: boolean;
  erasure: number | null;
  authors: number;
  posts: number;
  postRefs: string[];
  blockFuture: boolean;
  exports: ExportFileRow[];
  status: string;
  problem: string | null;
  /** With --rewrite-outputs: the files rewritten, and those a person must recall. */
  rewritten: string[];
  notRewritten: Array<{ path: string; why: string }>;
  /** Erased labels the active model may have learned from (it holds their words until retrained). */
  modelLabels: number;
}

export function registerForget(program: Command, context: CommandContext): void {
  program
    .command('forget')
    .description("Erase a person's posts, raw data, labels and classifications everywhere, and list the files to recall")
    .option('--author <handle>', 'the person: a handle (with or without @), a name as imported, or an export pseudonym (person-…)')
    .option('--post <source:id>', 'one post, e.g. x:1642000000000000000')
    .option('--source <name>', 'with --author: only this source')
    .option('--no-block-future', 'with --author: do not refuse the person\'s future posts (refused by default)')
    .option('--dry-run', 'show what would be erased and change nothing')
    .option('--recall-list <erasure>', 'show again the files to recall for an earlier erasure (its number)')
    .option('--finish', 'retry wiping the file for erasures whose rows are gone but whose bytes are not yet')
    .option('--rewrite-outputs', 'also rewrite the export and report files that held the posts, where they are unchanged')
    .option('--wait <duration>', 'how long to wait for another process to let go of the database before giving up', '30s')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Erased: the person's posts with their raw JSON, classifications, labels and screening, retweets
and quotes of those posts and hand-typed echoes of them ("RT @them: …", "… via @them"), their
author record, and every copy of them in other people's rows
(an X reply keeps the post it answers; mentions of their handle and name are replaced by
"[erased]"). The erasure is recorded in a ledger that every collection and import consults, so
erased posts never come back; with --author the person's future posts are refused too unless
--no-block-future. The bytes are removed from the database file and its journal, and forget checks
the file afterwards. If another process holds the database, forget waits (--wait), then exits 5
saying the rows are gone but the bytes are not yet; \`onevision doctor\` shows the pending wipe
and \`onevision forget --finish\` completes it. Export and report files that contained the posts are
listed (stored before anything is deleted: \`--recall-list N\` shows them again). With
--rewrite-outputs, those still at their path and unchanged since onevision wrote them (checked by
a content hash) are rewritten without the erased posts (CSVs lose the rows, reports, pivots and
workbooks are rebuilt); the rest are listed for recall, saying why. A trained model may hold words
from the erased posts' labels: older models that learned them lose their weights, and if the active
one did, forget says so and \`onevision doctor\` warns until \`onevision train\` retrains without them.
Takes the collection lease, so it never runs during a collection.

Examples:
  $ onevision forget --author @kernowteen --dry-run
  $ onevision forget --author person-3f9a1c2b0d4e
  $ onevision forget --author "Kyle Richards" --source facebook
  $ onevision forget --post facebook:1234567890_998877
  $ onevision forget --recall-list 3`,
    )
    .action(async (flags: ForgetFlags, command: Command) => {
      const modes = [flags.author !== undefined, flags.post !== undefined, flags.recallList !== undefined, Boolean(flags.finish)].filter(Boolean).length;
      if (modes !== 1) throw new UserError('say one thing to do: --author HANDLE, --post SOURCE:ID, --recall-list N or --finish', 'See `onevision forget --help`.');
      const waitMs = parseWait(flags.wait);
      // A bad number is the flag's mistake, named as such before the database is looked for.
      const recallList = flags.recallList === undefined ? undefined : parseRecallList(flags.recallList);
      const config = context.config(command);
      // Nothing to erase in a database that is not there; made here, it would take a mistyped --db's erasure.
      const db = openDatabase(config.dbPath, { mustExist: true });
      try {
        if (recallList !== undefined) return showRecallList(db, recallList, Boolean(flags.json), context);
        let report: ErasureReport | undefined;
        try {
          report = await withStopSignals(context, async (signal) => {
            const lease = await takeCollectionLease(db, systemClock, { wait: false, signal });
            try {
              const options = { dbFile: config.dbPath, clock: systemClock, waitMs, signal };
              if (flags.finish) return finishWipes(db, options);
              return await forget(db, flags, { ...options, reportsDir: config.reportsDir, chromiumPath: config.chromiumPath, gate: () => openGate(db, config), lease }, context);
            } finally {
              lease.release();
            }
          });
        } catch (error) {
          // A full disk or a lock before the erasure committed: say plainly that nothing was erased.
          if (!flags.finish && toStorageError(error) && !(error instanceof ErasureFailed)) throw new ErasureFailed(error);
          throw error;
        }
        printResult(context, flags.json, report, renderErasure(report));
        if (report.problem !== null) throw toPendingWipeError(report.problem);
      } finally {
        db.close();
      }
    });
}

type ForgetOptions = WipeOptions & { readonly reportsDir: string; readonly chromiumPath: string | undefined; readonly gate: () => Gate; readonly lease: { confirm(): void } };

async function forget(db: Db, flags: ForgetFlags, options: ForgetOptions, context: CommandContext): Promise<ErasureReport> {
  const earlier = flags.author !== undefined && !flags.dryRun ? findEarlierErasure(db, flags.author, flags.source) : undefined;
  if (earlier !== undefined) return finishEarlier(db, earlier, options);
  // After the ledger look-up: finishing an earlier erasure may name a source no post is left in.
  checkSourceFlag(db, flags.source);
  const { authors, targets } = flags.post ? findPost(db, flags.post) : findAuthor(db, flags.author ?? '', flags.source);
  const blockFuture = authors.length > 0 && flags.blockFuture !== false;
  if (flags.dryRun) {
    // Exactly what the erasure would remove: retweets and quotes of the posts go with them.
    const erased = withEchoes(db, targets);
    const exports = loadExportsContaining(
      db,
      erased.map((t) => t.postId),
    );
    return { dryRun: true, erasure: null, authors: authors.length, posts: erased.length, postRefs: erased.map((t) => `${t.source}:${t.sourceId}`), blockFuture, exports, status: 'dry run', problem: null, rewritten: [], notRewritten: [], modelLabels: 0 };
  }
  const audit = { action: 'forget', at: context.now(), details: { blockFuture } };
  const outcome = await carryOutErasure(db, { reason: flags.post ? 'forget-post' : 'forget-author', requestedBy: null, targets, authors, blockFuture, audit, lease: options.lease }, options);
  const rewrite = flags.rewriteOutputs
    ? await rewriteOutputs(db, options.gate(), { files: outcome.recall, erased: new Set(outcome.postRefs), people: toPeople(authors, targets), reportsDir: options.reportsDir, chromiumPath: options.chromiumPath }, context)
    : { rewritten: [], notRewritten: [] };
  return toReport(outcome, blockFuture, rewrite);
}

function toPeople(authors: readonly AuthorRow[], targets: readonly ErasureTarget[]) {
  return [...new Set(authors.map((a) => a.source))].map((source) =>
    toForgottenPerson(
      authors.filter((a) => a.source === source),
      targets.filter((t) => t.source === source),
    ),
  );
}

function toReport(outcome: ErasureOutcome, blockFuture: boolean, rewrite: RewriteOutcome): ErasureReport {
  return {
    dryRun: false,
    erasure: outcome.erasureId,
    authors: outcome.authors,
    posts: outcome.posts,
    postRefs: [...outcome.postRefs],
    blockFuture,
    exports: [...outcome.recall],
    status: outcome.status,
    problem: outcome.problem,
    rewritten: [...rewrite.rewritten],
    notRewritten: [...rewrite.notRewritten],
    modelLabels: outcome.modelLabels,
  };
}

async function finishWipes(db: Db, options: WipeOptions): Promise<ErasureReport> {
  const pending = loadUnfinishedErasures(db);
  const wipe = await finishPendingWipes(
    db,
    pending.map((e) => e.id),
    options,
  );
  return { dryRun: false, erasure: null, authors: 0, posts: 0, postRefs: [], blockFuture: false, exports: [], status: wipe.problem === null ? `wiped (${plural(pending.length, 'pending erasure')} finished)` : 'erased', problem: wipe.problem, rewritten: [], notRewritten: [], modelLabels: 0 };
}

/**
 * Someone forgotten before is no longer in the database, but the ledger knows their handle or name
 * (by keyed hash): running the same forget again finishes that erasure instead of answering "no author".
 */
function findEarlierErasure(db: Db, wanted: string, source: string | undefined): ErasureRecord | undefined {
  const needle = wanted.trim().replace(/^@/, '');
  const stillHere = loadAuthors(db).some((a) => (source === undefined || a.source === source) && [a.sourceAuthorId, a.handle, a.name].some((v) => v?.trim().toLowerCase() === needle.toLowerCase()));
  if (stillHere || needle === '') return undefined;
  const id = loadErasureOfIdentifier(db, needle);
  return id === undefined ? undefined : loadErasure(db, id);
}

async function finishEarlier(db: Db, erasure: ErasureRecord, options: WipeOptions): Promise<ErasureReport> {
  const pending = erasure.status !== 'wiped';
  const wipe = pending ? await finishPendingWipes(db, [erasure.id], options) : { problem: null };
  const files = erasure.recall as ExportFileRow[];
  const status = pending ? (wipe.problem === null ? 'erased earlier; its pending wipe is now finished' : 'erased earlier; its wipe is still pending') : 'erased earlier';
  return { dryRun: false, erasure: erasure.id, authors: erasure.authors, posts: erasure.posts, postRefs: [], blockFuture: false, exports: [...files], status, problem: wipe.problem, rewritten: [], notRewritten: [], modelLabels: 0 };
}

function parseRecallList(text: string): number {
  return parseCount('--recall-list', text.replace(/^#/, ''), { min: 1, max: Number.MAX_SAFE_INTEGER, example: '--recall-list 3' });
}

function showRecallList(db: Db, id: number, json: boolean, context: CommandContext): void {
  const erasure = loadErasure(db, id);
  if (!erasure) throw new UserError(`no erasure ${id}`, 'The numbers are shown by `forget` and by `onevision audit`.');
  const files = erasure.recall as ExportFileRow[];
  printResult(context, json, erasure, [`erasure #${erasure.id} (${erasure.reason}, ${erasure.requestedAt}, ${erasure.status}): ${plural(erasure.posts, 'post')}`, ...renderRecall(files)].join('\n'));
}

function findPost(db: Db, ref: string): { authors: AuthorRow[]; targets: ErasureTarget[] } {
  const parsed = parsePostRef(ref);
  if (!parsed) throw new UserError(`--post "${ref}" is not SOURCE:ID`, 'E.g. --post x:1642000000000000000 or --post survey:r-17.');
  const target = loadPostByRef(db, parsed.source, parsed.sourceId);
  if (!target) throw new UserError(`no post ${ref} in the database`, 'Check the id with `onevision export` (source and source_id columns).');
  return { authors: [], targets: [target] };
}

/**
 * A handle, platform id or pseudonym names one person; a display name may name several. More than one
 * person is refused with the list, so two strangers who share a name are never erased together.
 */
function findAuthor(db: Db, wanted: string, source: string | undefined): { authors: AuthorRow[]; targets: ErasureTarget[] } {
  const needle = toTypedAuthorId(wanted);
  if (!needle) throw new UserError('--author is empty', 'Give a handle, a name or a pseudonym.');
  const key = loadPseudonymKey(db);
  const candidates = loadAuthors(db).filter((a) => source === undefined || a.source === source);
  // A pseudonym names exactly one person; anything else may name several (a survey stores a typed name as the handle).
  const byPseudonym = candidates.filter((a) => pseudonymFor(key, a.source, a.sourceAuthorId) === needle);
  const authors =
    byPseudonym.length > 0
      ? byPseudonym
      : candidates.filter((a) => a.sourceAuthorId.toLowerCase() === needle || a.handle?.toLowerCase() === needle || a.name?.trim().toLowerCase() === needle);
  if (authors.length === 0) throw new UserError(`no author "${wanted}" in the database${source ? ` for source ${source}` : ''}`, noAuthorHint(db));
  if (authors.length > 1) {
    const counts = countPostsByAuthor(db);
    const list = authors.map((a) => `  ${a.source}  ${pseudonymFor(key, a.source, a.sourceAuthorId)}  ${plural(counts.get(a.id) ?? 0, 'post')}`).join('\n');
    throw new UserError(`"${wanted}" matches ${authors.length} different people:\n${list}`, 'Say which one with --source NAME, the handle, or the pseudonym shown above.');
  }
  return { authors, targets: loadPostsOfAuthors(db, authors) };
}

/** The rows are gone but the bytes are not: exit 5 when another process holds the file, else 2 (a full disk). */
export function toPendingWipeError(problem: string): UserError | BusyError {
  const message = `the rows are gone, but the bytes are not yet wiped from the database file: ${problem}`;
  const after = 'then run `onevision forget --finish`; `onevision doctor` shows the wipe as pending until then.';
  return /another process/.test(problem) ? new BusyError(message, `Close other programs that have the database open, ${after}`) : new UserError(message, `Free some disk space (the wipe rebuilds the file), ${after}`);
}

function noAuthorHint(db: Db): string {
  const pending = loadUnfinishedErasures(db);
  const check = 'Check the spelling, or look the person up in an export with --include-authors.';
  if (pending.length === 0) return check;
  return `${check} If they were erased already, erasure ${pending.map((e) => `#${e.id}`).join(', ')} is still waiting to wipe the file: run \`onevision forget --finish\`.`;
}

function parseWait(text: string): number {
  return parseDuration('--wait', text, { minMs: 0, maxMs: HOUR_MS, label: '0s to 1h', example: '--wait 30s or --wait 5m' });
}

function renderErasure(report: ErasureReport): string {
  const verb = report.dryRun ? 'would erase' : 'erased';
  const lines = [
    report.erasure === null && !report.dryRun
      ? `finished pending wipes: ${report.status}`
      : report.status.startsWith('erased earlier')
        ? `this person was ${report.status} (erasure #${report.erasure}: ${plural(report.posts, 'post')})`
        : `${verb} ${plural(report.posts, 'post')}${report.authors ? ` and ${plural(report.authors, 'author record')}` : ''}${report.erasure !== null ? ` (erasure #${report.erasure})` : ''}`,
  ];
  for (const ref of report.postRefs.slice(0, 20)) lines.push(`  ${ref}`);
  if (report.postRefs.length > 20) lines.push(`  … and ${report.postRefs.length - 20} more`);
  if (report.blockFuture) lines.push(`${report.dryRun ? 'would refuse' : 'refusing'} their future posts too (--no-block-future to allow them)`);
  if (report.erasure !== null || report.dryRun) lines.push(...renderRecall(report.exports));
  if (report.rewritten.length > 0) lines.push(`rewrote ${report.rewritten.length} of them without the erased posts:`, ...report.rewritten.map((p) => `  ${p}`));
  if (report.notRewritten.length > 0) lines.push(`could not rewrite ${report.notRewritten.length}; recall these by hand:`, ...report.notRewritten.map((f) => `  ${f.path}  (${f.why})`));
  if (report.modelLabels > 0) {
    const { problem, fix } = describeModelLabels(report.modelLabels);
    lines.push(`${problem}. ${fix}`);
  }
  return lines.join('\n');
}

function renderRecall(files: readonly ExportFileRow[]): string[] {
  if (files.length === 0) return ['no export or report file written by onevision contained them'];
  return [`${plural(files.length, 'export/report file')} contained them; recall these:`, ...files.map((file) => `  ${file.createdAt}  ${file.kind}  ${file.path}  (${file.posts} of their posts)`)];
}
