/**
 * The health page's downloads: the HTML report and the posts CSV, written by the very functions
 * `onevision report` and `onevision export` use, into the reports folder and the export ledger (so an
 * erasure can list them for recall), then sent as attachments. Both hold only what an analyst may
 * read, whoever asks: the report quotes what the gate releases to the public, and the CSV replaces
 * withheld text with its notice and authors with pseudonyms.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { recordAudit } from '../../cli/audit-trail';
import { writePostsCsv } from '../../cli/commands/export';
import { writeReport } from '../../cli/commands/report';
import type { PageArgs, PageResult } from '../desk';

export function downloadReport(args: PageArgs): PageResult {
  const written = writeReport(args.db, args.gate(), { format: 'html', reportsDir: args.desk.config.reportsDir, filter: {}, now: args.now });
  recordDownload(args, written.path);
  return { file: fs.readFileSync(written.path, 'utf8'), type: 'text/html; charset=utf-8', name: path.basename(written.path) };
}

export async function downloadPostsCsv(args: PageArgs): Promise<PageResult> {
  // Named to the millisecond, with a random tail: two people downloading at once write two files.
  const stamp = args.now.toISOString().replace(/[-:]/g, '').replace('.', '').slice(0, 18);
  const out = path.join(args.desk.config.reportsDir, `onevision-posts-${stamp}-${crypto.randomBytes(3).toString('hex')}.csv`);
  const written = await writePostsCsv(args.db, args.gate(), { filter: {}, out }, { now: () => args.now, stdout: NO_STDOUT });
  recordDownload(args, written.path);
  return { file: fs.readFileSync(written.path, 'utf8'), type: 'text/csv; charset=utf-8', name: path.basename(written.path) };
}

/** The export ledger names the OS user who ran the server; this says which desk account took the copy. */
function recordDownload(args: PageArgs, file: string): void {
  recordAudit(args.db, args.now, { action: 'desk-download', subject: file, details: { account: args.viewer.name, role: args.viewer.role } });
}

/** The desk always writes exports to a file; a CSV meant for stdout would be a bug, not output. */
const NO_STDOUT = new Writable({
  write(_chunk, _encoding, callback) {
    callback(new Error('the desk writes exports to files, never to its stdout'));
  },
});
