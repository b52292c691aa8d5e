/** The audit trail: every human decision and data-protection act, append-only. */
import type { Db } from './database';
import { prepared } from './statements';

export interface AuditEntry {
  readonly at: string;
  /** The operating-system user who ran the command. */
  readonly osUser: string | null;
  /** label, flag-raised, flag-cleared, forget, purge, platform-deletion, compliance, export, report, … */
  readonly action: string;
  /** What it was about: a post (SOURCE:ID), a file, an erasure (#id); never erased content. */
  readonly subject: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Appends the entry; returns its id (an undo names the entry it undoes). */
export function saveAudit(db: Db, entry: AuditEntry): number {
  const result = prepared(db, `INSERT INTO audit (at, os_user, action, subject, details) VALUES (?, ?, ?, ?, ?)`).run(
    entry.at,
    entry.osUser,
    entry.action,
    entry.subject,
    entry.details === undefined ? null : JSON.stringify(entry.details),
  );
  return Number(result.lastInsertRowid);
}

export interface AuditRow extends AuditEntry {
  readonly id: number;
}

export function loadAudit(db: Db, options: { since: string | null; limit: number }): AuditRow[] {
  const rows = prepared(
    db,
    `SELECT id, at, os_user AS osUser, action, subject, details FROM audit
      WHERE @since IS NULL OR at >= @since ORDER BY id DESC LIMIT @limit`,
  ).all({ since: options.since, limit: options.limit }) as Array<Omit<AuditRow, 'details'> & { details: string | null }>;
  return rows.reverse().map((row) => ({ ...row, details: row.details === null ? undefined : (JSON.parse(row.details) as Record<string, unknown>) }));
}

export function loadAuditEntry(db: Db, id: number): AuditRow | undefined {
  const row = prepared(db, `SELECT id, at, os_user AS osUser, action, subject, details FROM audit WHERE id = ?`).get(id) as (Omit<AuditRow, 'details'> & { details: string | null }) | undefined;
  if (!row) return undefined;
  return { ...row, details: row.details === null ? undefined : (JSON.parse(row.details) as Record<string, unknown>) };
}

/** Every entry about one subject (a post's SOURCE:ID), oldest first. */
export function loadAuditOf(db: Db, subject: string): AuditRow[] {
  const rows = prepared(db, `SELECT id, at, os_user AS osUser, action, subject, details FROM audit WHERE subject = ? ORDER BY id`).all(subject) as Array<Omit<AuditRow, 'details'> & { details: string | null }>;
  return rows.map((row) => ({ ...row, details: row.details === null ? undefined : (JSON.parse(row.details) as Record<string, unknown>) }));
}

/**
 * After an erasure, the audit entries about the erased posts lose their subject: the entry that a
 * decision was made stays, whom it was about does not.
 */
export function forgetAuditSubjects(db: Db, subjects: readonly string[]): void {
  const update = prepared(db, `UPDATE audit SET subject = '[erased]', details = NULL WHERE subject = ?`);
  for (const subject of subjects) update.run(subject);
}
