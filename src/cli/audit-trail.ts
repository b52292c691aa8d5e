/** Appending to the audit trail from a command: who ran it (the OS user) and when. */
import os from 'node:os';
import type { Db } from '../store/database';
import { saveAudit, type AuditEntry } from '../store/audit';

export function osUserName(): string | null {
  try {
    return os.userInfo().username;
  } catch {
    return null; // no passwd entry (a container): the entry says so by its null
  }
}

/** Returns the entry's id. */
export function recordAudit(db: Db, now: Date, entry: Omit<AuditEntry, 'at' | 'osUser'>): number {
  return saveAudit(db, { at: now.toISOString(), osUser: osUserName(), ...entry });
}
