/**
 * The collection lease while a run holds it: taken over by another process, or not renewable because
 * another process keeps the database locked. The run stops at its next page, which rolls back; the
 * run is recorded as stopped with the reason; `collect` exits 5; the row is released unless it is
 * someone else's now; and the next run completes the set exactly.
 *
 * The takeover runs through the real CLI. A heartbeat against a locked database needs the lease's
 * timing (20 s beats, 60 s limit) and SQLite's 10 s busy timeout shortened, so it runs in-process
 * with the options `takeCollectionLease` takes, through the same collection code `collect` uses.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { collectSources } from '../../src/cli/collection';
import { openEventLog } from '../../src/cli/event-log';
import { COLLECTION_LEASE, takeCollectionLease, type LeaseTiming } from '../../src/cli/lease';
import { ProgressLine } from '../../src/cli/progress';
import { systemClock } from '../../src/collectors/clock';
import { createXCollector } from '../../src/collectors/x/collector';
import { readConfig } from '../../src/config';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { generateXDataSet } from '../../src/fakes/x-data';
import { openDatabase, type Db } from '../../src/store/database';
import { queryDb } from '../helpers/db';
import { TOKEN, collectX, xEnv } from '../collectors/x-setup';
import { expectSound, loadRunHistory, loadSourceIds, startGate, useScratch, xIdsOf } from './helpers';

const DATA = generateXDataSet(350); // four pages of up to 100
const ALL = xIdsOf(DATA);
const FIRST_PAGE = 100;

const scratch = useScratch();

async function fakeX(): Promise<FakeXApi> {
  const api = await startFakeXApi({ data: DATA, token: TOKEN });
  scratch.onCleanup(() => api.close());
  return api;
}

/** What another process does when it takes a stale lease over: the row becomes its own. */
function takeOver(db: string, owner: string): void {
  const conn = new Database(db);
  const now = new Date().toISOString();
  conn.prepare(`UPDATE leases SET owner = ?, pid = 4242, acquired_at = ?, heartbeat_at = ? WHERE name = ?`).run(owner, now, now, COLLECTION_LEASE);
  conn.close();
}

function leaseRows(db: string): Array<{ owner: string }> {
  return queryDb<{ owner: string }>(db, `SELECT owner FROM leases`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error(`waited ${limitMs} ms for ${what}`);
    await sleep(10);
  }
}

describe('collect whose lease is taken over mid-run (real CLI)', () => {
  it('stops at its next page, which rolls back; records why; exits 5; leaves the new holder its row', async () => {
    const db = scratch.db;
    const api = await fakeX();
    // Page 1 is answered; page 2's answer waits at the gate until the lease has been taken over.
    const gate = await startGate(api.url, scratch, 1);
    const run = collectX(db, gate.url);
    await until(() => gate.arrived() >= 2, 'the request for page 2');
    takeOver(db, 'elsewhere:4242');
    gate.open();
    const result = await run;

    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toContain('the collection lease was taken over by elsewhere:4242');
    expect(result.stderr).toContain('its unsaved page was rolled back');
    expect(result.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    // Only page 1: page 2 arrived after the takeover and was not saved.
    expect(loadSourceIds(db, 'x')).toHaveLength(FIRST_PAGE);
    expect(await loadRunHistory(db)).toMatchObject([{ outcome: 'stopped', pages: 1, new: FIRST_PAGE, error: expect.stringContaining('taken over by elsewhere:4242') }]);
    expect(leaseRows(db)).toEqual([{ owner: 'elsewhere:4242' }]);

    // When the other collection has finished (its row gone), the next run fills the gap exactly.
    const conn = new Database(db);
    conn.prepare(`DELETE FROM leases`).run();
    conn.close();
    const next = await collectX(db, api.url);
    expect(next.code, next.stderr).toBe(0);
    await expectSound(db, 'x', ALL);
    expect((await loadRunHistory(db)).map((r) => r.outcome)).toEqual(['stopped', 'ok']);
    expect(leaseRows(db)).toEqual([]);
  }, 90_000);
});

describe('the heartbeat against a locked database (in-process, short timings)', () => {
  const TIMING: LeaseTiming = { heartbeatMs: 50, staleMs: 60_000, renewLimitMs: 300, waitPollMs: 10 };

  /** The collector's connection, as collect opens it, but giving up on a lock after 20 ms instead of 10 s. */
  function openImpatient(db: string): Db {
    const handle = openDatabase(db);
    handle.pragma('busy_timeout = 20');
    scratch.onCleanup(() => void handle.close());
    return handle;
  }

  /** Another process's connection that can hold the write lock, as a long import would. */
  function openLocker(db: string): Database.Database {
    const conn = new Database(db);
    scratch.onCleanup(() => void conn.close());
    return conn;
  }

  it('a short lock: the failed beats are caught and told, the lease is kept and renewed afterwards', async () => {
    const handle = openImpatient(scratch.db);
    const warnings: string[] = [];
    const held = await takeCollectionLease(handle, systemClock, { wait: false, signal: new AbortController().signal, timing: { ...TIMING, renewLimitMs: 5_000 }, warn: (m) => warnings.push(m) });
    const locker = openLocker(scratch.db);
    locker.exec('BEGIN IMMEDIATE');
    await until(() => warnings.length >= 2, 'two failed beats');
    const lockedUntil = new Date().toISOString();
    locker.exec('COMMIT');
    await until(() => queryDb<{ heartbeat_at: string }>(scratch.db, `SELECT heartbeat_at FROM leases`)[0]!.heartbeat_at > lockedUntil, 'a renewed heartbeat');

    expect(warnings[0]).toMatch(/^could not renew the collection lease \(SQLITE_BUSY: database is locked\); trying again/);
    expect(held.lost()).toBeUndefined();
    expect(held.signal.aborted).toBe(false);
    held.release();
    expect(leaseRows(scratch.db)).toEqual([]);
  });

  it('a heartbeat that finds the lease taken over stops the run; release leaves the new holder its row', async () => {
    const handle = openImpatient(scratch.db);
    const held = await takeCollectionLease(handle, systemClock, { wait: false, signal: new AbortController().signal, timing: TIMING });
    takeOver(scratch.db, 'elsewhere:4242');
    await until(() => held.signal.aborted, 'the heartbeat to notice');
    expect(held.lost()?.message).toContain('the collection lease was taken over by elsewhere:4242');
    expect(() => held.confirm()).toThrow(/taken over/);
    held.release();
    expect(leaseRows(scratch.db)).toEqual([{ owner: 'elsewhere:4242' }]);
  });

  it('locked past the limit: the run stops, its next page rolls back, the run is recorded stopped and the row released', async () => {
    // Page 2's answer waits at the gate until the lease is given up, so it meets a lost lease.
    const api = await fakeX();
    const gate = await startGate(api.url, scratch, 1);
    const config = readConfig({ db: scratch.db }, xEnv(gate.url), path.dirname(scratch.db));
    const handle = openImpatient(config.dbPath);
    const warnings: string[] = [];
    const held = await takeCollectionLease(handle, systemClock, { wait: false, signal: new AbortController().signal, timing: TIMING, warn: (m) => warnings.push(m) });
    const collecting = collectSources({
      config,
      db: handle,
      collectors: [createXCollector()],
      options: { maxWaitMs: 60_000 },
      clock: systemClock,
      signal: held.signal,
      command: 'collect',
      lease: held,
      progress: new ProgressLine(process.stderr, false),
      log: openEventLog({ dbPath: config.dbPath, secrets: config.secrets, now: () => new Date(), say: () => undefined }),
    });
    await until(() => gate.arrived() >= 2, 'the request for page 2');
    const locker = openLocker(config.dbPath);
    locker.exec('BEGIN IMMEDIATE');
    await until(() => held.lost() !== undefined, 'the lease to be given up');
    locker.exec('COMMIT');
    gate.open();
    const [summary] = await collecting;
    held.release();

    expect(warnings.length).toBeGreaterThan(0);
    expect(summary).toMatchObject({ source: 'x', outcome: 'stopped', reason: 'lease-lost', message: expect.stringMatching(/^could not renew the collection lease for \d+ s \(\d+ tr(?:y|ies), last: SQLITE_BUSY/) });
    expect(summary?.error?.exitCode).toBe(5);
    expect(loadSourceIds(config.dbPath, 'x')).toHaveLength(FIRST_PAGE);
    expect(await loadRunHistory(config.dbPath)).toMatchObject([{ outcome: 'stopped', pages: 1, error: expect.stringContaining('could not renew the collection lease') }]);
    expect(leaseRows(config.dbPath)).toEqual([]);

    const next = await collectX(config.dbPath, api.url);
    expect(next.code, next.stderr).toBe(0);
    await expectSound(config.dbPath, 'x', ALL);
  }, 90_000);
});
