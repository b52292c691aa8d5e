/**
 * Every file onevision writes is recorded with the posts it held and a hash of its content, so an
 * erasure can list it for recall, and rewrite it if it is still the file onevision wrote; and it
 * goes in the audit trail.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Db } from '../store/database';
import { saveExportRecord, type ExportRecord } from '../store/exports';
import { recordAudit } from './audit-trail';

export function recordWrittenFile(db: Db, record: Omit<ExportRecord, 'contentHash'>): number {
  const contentHash = record.path === 'stdout' ? null : hashFile(record.path);
  const id = saveExportRecord(db, { ...record, contentHash });
  const widened = widenedRelease(record.filters);
  const details = { kind: record.kind, posts: record.postIds.length, export: id, ...(widened.length > 0 ? { released: widened } : {}) };
  recordAudit(db, new Date(record.createdAt), { action: record.kind === 'report' ? 'report' : 'export', subject: record.path, details });
  return id;
}

/** What a file held beyond the gate's bulk release (withheld text, real authors), for the audit line a reviewer reads. */
function widenedRelease(recorded: unknown): string[] {
  const filters = (recorded ?? {}) as Record<string, unknown>;
  return [...(filters.includeFlagged === true ? ['withheld-text'] : []), ...(filters.includeAuthors === true ? ['real-authors'] : [])];
}

/** SHA-256 of a file's bytes, read in chunks (an export can be large), or null when it cannot be read (gone, moved). */
export function hashFile(file: string): string | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const hash = createHash('sha256');
    const chunk = Buffer.alloc(1 << 20);
    for (let read = fs.readSync(fd, chunk); read > 0; read = fs.readSync(fd, chunk)) hash.update(chunk.subarray(0, read));
    return hash.digest('hex');
  } catch {
    return null; // the caller treats an unreadable file as not the one onevision wrote
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
