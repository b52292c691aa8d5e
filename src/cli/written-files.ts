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
  recordAudit(db, new Date(record.createdAt), { action: record.kind === 'report' ? 'report' : 'export', subject: record.path, details: { kind: record.kind, posts: record.postIds.length, export: id } });
  return id;
}

/** SHA-256 of a file's bytes, or null when it cannot be read (gone, moved). */
export function hashFile(file: string): string | null {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return null; // the caller treats an unreadable file as not the one onevision wrote
  }
}
