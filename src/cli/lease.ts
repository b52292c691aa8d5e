/**
 * One collection at a time, whoever starts it (cron, schedule, an officer). The lease is a row in the
 * database with a heartbeat; a lease whose holder is dead (same host, no such process) or whose
 * heartbeat is stale is taken over.
 */
import os from 'node:os';
import { BusyError } from '../errors';
import type { Db } from '../store/database';
import { acquireLease, heartbeatLease, releaseLease, type Lease } from '../store/leases';
import type { Clock } from '../collectors/types';

export const COLLECTION_LEASE = 'collect';
const HEARTBEAT_MS = 20_000;
const STALE_MS = 120_000;
const WAIT_POLL_MS = 2_000;

export interface HeldLease {
  renew(): void;
  release(): void;
}

export async function takeCollectionLease(db: Db, clock: Clock, options: { wait: boolean; signal: AbortSignal }): Promise<HeldLease> {
  const owner = `${os.hostname()}:${process.pid}`;
  const pid = process.pid;
  for (;;) {
    const now = clock.now();
    const result = acquireLease(db, { name: COLLECTION_LEASE, owner, pid, now: now.toISOString(), isStale: (holder) => isStale(holder, now) });
    if (result.acquired) break;
    if (!options.wait || options.signal.aborted) {
      throw new BusyError(
        `another collection is running (${result.holder.owner}, started ${result.holder.acquiredAt}, last heartbeat ${result.holder.heartbeatAt})`,
        'Wait for it to finish, or run again with --wait to queue behind it.',
      );
    }
    await clock.sleep(WAIT_POLL_MS, options.signal);
  }
  const renew = () => heartbeatLease(db, COLLECTION_LEASE, owner, pid, clock.now().toISOString());
  const timer = setInterval(renew, HEARTBEAT_MS);
  timer.unref();
  return {
    renew,
    release: () => {
      clearInterval(timer);
      releaseLease(db, COLLECTION_LEASE, owner, pid);
    },
  };
}

function isStale(holder: Lease, now: Date): boolean {
  if (now.getTime() - Date.parse(holder.heartbeatAt) > STALE_MS) return true;
  const [host] = holder.owner.split(':');
  return host === os.hostname() && !processIsAlive(holder.pid);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
