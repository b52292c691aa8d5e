/**
 * `forget --rewrite-outputs`: carrying an erasure into the files onevision already wrote. A file still
 * at its path and byte-for-byte what onevision wrote (its recorded hash) is rewritten: a posts CSV
 * without the erased rows (and the person's handles and names scrubbed from the rest), a report or a
 * pivot or xlsx workbook rebuilt from the database as it now is (a PDF report printed again, when a
 * browser is still there). Anything else (moved, edited, gone, stdout) is listed
 * for a person to recall.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { ForgottenPerson } from '../core/scrub';
import { scrubText } from '../core/scrub';
import type { Gate } from '../gate/release';
import type { Db } from '../store/database';
import { saveRewrittenExport, type ExportFileRow } from '../store/erasure';
import type { PostFilter } from '../store/exports';
import type { CommandContext } from './context';
import { writeTextAtomically } from './files';
import { writePivotExport } from './pivot-export';
import { hashFile } from './written-files';
import { rewriteWorkbook } from './workbook-export';
import { writePdfReport, writeReport } from './commands/report';
import { findChromium } from './report-pdf';

export interface RewriteOutcome {
  readonly rewritten: readonly string[];
  /** Files a person must recall, with why onevision could not rewrite them. */
  readonly notRewritten: ReadonlyArray<{ readonly path: string; readonly why: string }>;
}

export interface RewriteRequest {
  readonly files: readonly ExportFileRow[];
  /** SOURCE:ID of every erased post. */
  readonly erased: ReadonlySet<string>;
  readonly people: readonly ForgottenPerson[];
  readonly reportsDir: string;
  /** ONEVISION_CHROMIUM, for reprinting PDF reports. */
  readonly chromiumPath: string | undefined;
}

const BOM = '\ufeff';

export async function rewriteOutputs(db: Db, gate: Gate, request: RewriteRequest, context: CommandContext): Promise<RewriteOutcome> {
  const rewritten: string[] = [];
  const notRewritten: Array<{ path: string; why: string }> = [];
  for (const file of request.files) {
    const why = whyNotRewritable(file);
    if (why !== null) {
      notRewritten.push({ path: file.path, why });
      continue;
    }
    try {
      await rewriteOne(db, gate, file, request, context);
      rewritten.push(file.path);
    } catch (error) {
      notRewritten.push({ path: file.path, why: `rewriting failed: ${(error as Error).message}` });
    }
  }
  return { rewritten, notRewritten };
}

function whyNotRewritable(file: ExportFileRow): string | null {
  if (file.path === 'stdout') return 'it was written to standard output';
  if (file.contentHash === null) return 'written by an older onevision, without a content hash';
  if (!fs.existsSync(file.path)) return 'it is no longer at its path (moved or deleted)';
  if (hashFile(file.path) !== file.contentHash) return 'it was changed since onevision wrote it';
  return null;
}

async function rewriteOne(db: Db, gate: Gate, file: ExportFileRow, request: RewriteRequest, context: CommandContext): Promise<void> {
  const filters = (file.filters ? JSON.parse(file.filters) : {}) as Record<string, unknown>;
  const filter: PostFilter = { from: asString(filters.from), to: asString(filters.to), source: asString(filters.source), question: asString(filters.question) };
  if (file.kind === 'csv') return rewriteCsv(db, gate, file, request);
  if (file.kind === 'report') {
    const options = { out: file.path, reportsDir: request.reportsDir, filter, now: context.now(), includeOwn: Boolean(filters.includeOwn) };
    if (filters.format === 'pdf') await writePdfReport(db, gate, { ...options, format: 'pdf' }, findChromium(request.chromiumPath));
    else writeReport(db, gate, { ...options, format: filters.format === 'md' ? 'md' : 'html' });
  } else if (file.kind.startsWith('pivot-')) {
    const bom = fs.readFileSync(file.path, 'utf8').startsWith(BOM);
    await writePivotExport(db, gate, filter, { by: file.kind.slice('pivot-'.length), outcome: asNumber(filters.outcome), out: file.path, bom, includeOwn: Boolean(filters.includeOwn) }, context);
  } else if (file.kind === 'xlsx') {
    await rewriteWorkbook(db, gate, file.path, filter, filters, context);
  } else {
    throw new Error(`unknown kind of file "${file.kind}"`);
  }
  // The rebuilt file has a record of its own; the old record now describes the same bytes.
  saveRewrittenExport(db, file.id, hashFile(file.path), null);
}

/** The same CSV, less the erased rows, with the people scrubbed from the cells left. */
function rewriteCsv(db: Db, gate: Gate, file: ExportFileRow, request: RewriteRequest): void {
  const text = fs.readFileSync(file.path, 'utf8');
  const bom = text.startsWith(BOM);
  const [header, ...rows] = parse(bom ? text.slice(1) : text, { relax_column_count: true }) as string[][];
  if (!header) throw new Error('the file has no header row');
  const source = header.indexOf('source');
  const sourceId = header.indexOf('source_id');
  if (source < 0 || sourceId < 0) throw new Error('the file has no source and source_id columns');
  // A row of a post whose text was withheld names it by its stand-in.
  const erased = new Set([...request.erased].flatMap((ref) => idsOf(gate, ref)));
  // A reply kept names its erased parent (or thread) as SOURCE:ID: that id leads to the erased post, so it goes, as a fresh export leaves it out.
  const refColumns = new Set(['parent_id', 'conversation_id'].map((name) => header.indexOf(name)).filter((at) => at >= 0));
  const kept = rows
    .filter((row) => !erased.has(`${row[source]}:${row[sourceId]}`))
    .map((row) => row.map((cell, at) => (refColumns.has(at) && erased.has(cell) ? '' : request.people.reduce((out, person) => scrubText(out, person), cell))));
  writeTextAtomically(file.path, stringify([header, ...kept], { bom }), db.name);
  saveRewrittenExport(db, file.id, hashFile(file.path), null);
}

/** `x:123` and `x:withheld-…`: every SOURCE:ID a file may hold for the post. */
function idsOf(gate: Gate, ref: string): string[] {
  const at = ref.indexOf(':');
  const source = ref.slice(0, at);
  return gate.idsShownFor(source, ref.slice(at + 1)).map((id) => `${source}:${id}`);
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
