import type { Db } from './database';
import { prepared } from './statements';

export interface Lease {
  readonly name: string;
  readonly owner: string;
  readonly pid: number;
  readonly acquiredAt: string;
  readonly heartbeatAt: string;
}

export interface LeaseRequest {
  readonly name: string;
  readonly owner: string;
  readonly pid: number;
  readonly now: string;
  /** Decides whether a holder's lease may be taken over (stale heartbeat, dead process). */
  readonly isStale: (holder: Lease) => boolean;
}

/** Takes the lease if it is free or stale; returns the current holder when someone else has it. */
export function acquireLease(db: Db, request: LeaseRequest): { acquired: true } | { acquired: false; holder: Lease } {
  return db
    .transaction(() => {
      const holder = loadLease(db, request.name);
      if (holder && !(holder.owner === request.owner && holder.pid === request.pid) && !request.isStale(holder)) {
        return { acquired: false as const, holder };
      }
      prepared(
        db,
        `INSERT INTO leases (name, owner, pid, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, pid = excluded.pid,
           acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
      ).run(request.name, request.owner, request.pid, request.now, request.now);
      return { acquired: true as const };
    })
    .immediate();
}

export function loadLease(db: Db, name: string): Lease | undefined {
  return prepared(db, `SELECT name, owner, pid, acquired_at AS acquiredAt, heartbeat_at AS heartbeatAt FROM leases WHERE name = ?`).get(name) as
    | Lease
    | undefined;
}

/** Renews the lease if it is still this holder's; false when someone took it over or it is gone. */
export function heartbeatLease(db: Db, name: string, owner: string, pid: number, now: string): boolean {
  return prepared(db, `UPDATE leases SET heartbeat_at = ? WHERE name = ? AND owner = ? AND pid = ?`).run(now, name, owner, pid).changes === 1;
}

export function releaseLease(db: Db, name: string, owner: string, pid: number): void {
  prepared(db, `DELETE FROM leases WHERE name = ? AND owner = ? AND pid = ?`).run(name, owner, pid);
}
