/**
 * One collection at a time, whoever starts it (cron, schedule, an officer). The lease is a row in the
 * database with a heartbeat; a lease whose holder is dead (same host, no such process) or whose
 * heartbeat is stale is taken over.
 *
 * The holder renews the lease on a timer and inside every page's transaction. A renewal that finds
 * the row no longer its own (taken over after a long stall), or that keeps failing (the database locked)
 * until others could call the lease stale, loses it: the run's signal aborts, and the next page's
 * transaction refuses to commit, so two collections never write at once.
 */
import os from 'node:os';
import { BusyError, LeaseLost } from '../errors';
import { isDatabaseBusy, type Db } from '../store/database';
import { acquireLease, heartbeatLease, loadLease, releaseLease, type Lease } from '../store/leases';
import type { Clock } from '../collectors/types';
import { plural } from '../core/words';

export const COLLECTION_LEASE = 'collect';

export interface LeaseTiming {
  /** How often the holder renews the lease. */
  readonly heartbeatMs: number;
  /** A heartbeat older than this lets another process take the lease over. */
  readonly staleMs: number;
  /** A holder that cannot renew for this long gives the lease up: well before others may call it stale. */
  readonly renewLimitMs: number;
  /** With --wait, how often a waiting process asks again. */
  readonly waitPollMs: number;
}

export const LEASE_TIMING: LeaseTiming = { heartbeatMs: 20_000, staleMs: 120_000, renewLimitMs: 60_000, waitPollMs: 2_000 };

export interface LeaseOptions {
  readonly wait: boolean;
  readonly signal: AbortSignal;
  readonly timing?: LeaseTiming;
  /** Where a problem that does not stop the run is told (a failed renewal, a lease row left behind). */
  readonly warn?: (message: string) => void;
  /** With `wait`, told once when the lease is busy and this process starts waiting for it. */
  readonly waiting?: (holder: Lease) => void;
}

export interface HeldLease {
  /** Aborts when the lease is lost: the run stops at its next page. */
  readonly signal: AbortSignal;
  /** Inside a page's transaction, before it writes: renews the lease, or throws LeaseLost so the page rolls back. */
  confirm(): void;
  /** Why the lease was lost; undefined while it is held. */
  lost(): LeaseLost | undefined;
  /** Stops the heartbeat and deletes the row if it is still this holder's. Never throws: warns instead. */
  release(): void;
}

export async function takeCollectionLease(db: Db, clock: Clock, options: LeaseOptions): Promise<HeldLease> {
  const timing = options.timing ?? LEASE_TIMING;
  const owner = `${os.hostname()}:${process.pid}`;
  const pid = process.pid;
  let waited = false;
  for (;;) {
    const now = clock.now();
    const result = askForLease(db, { name: COLLECTION_LEASE, owner, pid, now: now.toISOString(), isStale: (holder) => isStale(holder, now, timing.staleMs) }, options.wait);
    if (result.acquired) break;
    if (result.holder === undefined) {
      // The database itself was busy (the holder writing for longer than the busy timeout): ask again.
      await clock.sleep(timing.waitPollMs, options.signal);
      continue;
    }
    if (!options.wait || options.signal.aborted) {
      throw new BusyError(
        `another collection is running (${result.holder.owner}, started ${result.holder.acquiredAt}, last heartbeat ${result.holder.heartbeatAt})`,
        'Wait for it to finish, or run again with --wait to queue behind it.',
      );
    }
    if (!waited) options.waiting?.(result.holder);
    waited = true;
    await clock.sleep(timing.waitPollMs, options.signal);
  }
  return holdLease(db, clock, { owner, pid, timing, warn: options.warn ?? (() => undefined) });
}

/**
 * One attempt at the lease. With --wait, a database that stays locked past the busy timeout (the holder
 * in a long write: saving a page, classifying) is the lease being busy too, and is asked again rather
 * than ending the wait with an error; then there is no holder to name.
 */
function askForLease(db: Db, request: Parameters<typeof acquireLease>[1], wait: boolean): ReturnType<typeof acquireLease> | { acquired: false; holder: undefined } {
  try {
    return acquireLease(db, request);
  } catch (error) {
    if (wait && isDatabaseBusy(error)) return { acquired: false, holder: undefined };
    throw error;
  }
}

function holdLease(db: Db, clock: Clock, holder: { owner: string; pid: number; timing: LeaseTiming; warn: (message: string) => void }): HeldLease {
  const { owner, pid, timing } = holder;
  const controller = new AbortController();
  let lostError: LeaseLost | undefined;
  let renewedAt = clock.now().getTime();
  let failures = 0;

  const lose = (error: LeaseLost): LeaseLost => {
    lostError ??= error;
    clearInterval(timer);
    controller.abort(lostError);
    return lostError;
  };
  /** Renews the heartbeat; when the row is no longer ours, loses the lease and says why. */
  const renew = (): LeaseLost | undefined => {
    const now = clock.now();
    if (!heartbeatLease(db, COLLECTION_LEASE, owner, pid, now.toISOString())) return lose(takenOver(loadLease(db, COLLECTION_LEASE)));
    renewedAt = now.getTime();
    failures = 0;
    return undefined;
  };
  const beat = () => {
    if (lostError) return;
    try {
      renew();
    } catch (error) {
      // Usually SQLITE_BUSY: another process held the database past the busy timeout. Try again next beat,
      // until others could soon call this lease stale.
      failures += 1;
      const silentMs = clock.now().getTime() - renewedAt;
      if (silentMs >= timing.renewLimitMs) lose(unrenewable(silentMs, failures, error));
      else holder.warn(`could not renew the collection lease (${describe(error)}); trying again in ${Math.round(timing.heartbeatMs / 1000)} s`);
    }
  };
  const timer = setInterval(beat, timing.heartbeatMs);
  timer.unref();

  return {
    signal: controller.signal,
    confirm: () => {
      const lost = lostError ?? renew();
      if (lost) throw lost;
    },
    lost: () => lostError,
    release: () => {
      clearInterval(timer);
      try {
        releaseLease(db, COLLECTION_LEASE, owner, pid);
      } catch (error) {
        holder.warn(`could not remove the collection lease row (${describe(error)}); the next collection takes it over, as this process has ended`);
      }
    },
  };
}

function takenOver(current: Lease | undefined): LeaseLost {
  const by = current ? `taken over by ${current.owner} (acquired ${current.acquiredAt})` : 'removed by another process';
  return new LeaseLost(
    `the collection lease was ${by}: this run stopped and its unsaved page was rolled back`,
    'Nothing saved is lost, and the next run fills any gap. A lease is taken over when its heartbeat stops for 2 minutes: was the machine suspended or overloaded?',
  );
}

function unrenewable(silentMs: number, failures: number, error: unknown): LeaseLost {
  return new LeaseLost(
    `could not renew the collection lease for ${Math.round(silentMs / 1000)} s (${plural(failures, 'try', 'tries')}, last: ${describe(error)}): this run stopped, so that no other collection can overlap it, and its unsaved page was rolled back`,
    'Another process held the database locked (a long import, forget or purge?). Nothing saved is lost; run collect again when it has finished.',
  );
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

function isStale(holder: Lease, now: Date, staleMs: number): boolean {
  if (now.getTime() - Date.parse(holder.heartbeatAt) > staleMs) return true;
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
