import type { Db } from './database';
import { prepared } from './statements';

export type RunOutcome = 'running' | 'ok' | 'stopped' | 'failed';

export interface RunRecord {
  id: number;
  source: string;
  command: string;
  startedAt: string;
  endedAt: string | null;
  outcome: RunOutcome;
  pages: number;
  requests: number;
  fetched: number;
  new: number;
  updated: number;
  waits: number;
  waitSeconds: number;
  error: string | null;
}

const RUN_COLUMNS = `id, source, command, started_at AS startedAt, ended_at AS endedAt, outcome, pages, requests,
  fetched, new, updated, waits, wait_seconds AS waitSeconds, error`;

/** The latest run of each source. */
export function loadLastRuns(db: Db): RunRecord[] {
  return prepared(
    db,
    `SELECT ${RUN_COLUMNS} FROM runs r
      WHERE id = (SELECT max(id) FROM runs WHERE source = r.source)
      ORDER BY source`,
  ).all() as RunRecord[];
}

export function loadRuns(db: Db, limit: number): RunRecord[] {
  return prepared(db, `SELECT ${RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?`).all(limit) as RunRecord[];
}

export function startRun(db: Db, source: string, command: string, now: string): number {
  const { id } = prepared(db, `INSERT INTO runs (source, command, started_at) VALUES (?, ?, ?) RETURNING id`).get(source, command, now) as { id: number };
  return id;
}

export interface RunIncrement {
  pages?: number;
  requests?: number;
  fetched?: number;
  new?: number;
  updated?: number;
  waits?: number;
  waitSeconds?: number;
}

/** Adds to a run's counters; call inside the page's transaction so counters match the saved posts. */
export function addToRun(db: Db, runId: number, inc: RunIncrement): void {
  prepared(
    db,
    `UPDATE runs SET pages = pages + @pages, requests = requests + @requests, fetched = fetched + @fetched,
       new = new + @new, updated = updated + @updated, waits = waits + @waits, wait_seconds = wait_seconds + @waitSeconds
     WHERE id = @runId`,
  ).run({
    runId,
    pages: inc.pages ?? 0,
    requests: inc.requests ?? 0,
    fetched: inc.fetched ?? 0,
    new: inc.new ?? 0,
    updated: inc.updated ?? 0,
    waits: inc.waits ?? 0,
    waitSeconds: inc.waitSeconds ?? 0,
  });
}

export function finishRun(db: Db, runId: number, outcome: Exclude<RunOutcome, 'running'>, now: string, error: string | null, details?: unknown): void {
  prepared(db, `UPDATE runs SET outcome = ?, ended_at = ?, error = ?, details = ? WHERE id = ?`).run(
    outcome,
    now,
    error,
    details === undefined ? null : JSON.stringify(details),
    runId,
  );
}

export function loadRun(db: Db, runId: number): RunRecord {
  return prepared(db, `SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(runId) as RunRecord;
}

/** Runs left 'running' by a process that died: marked failed so the history tells the truth. */
export function closeAbandonedRuns(db: Db, source: string, now: string): number {
  return prepared(db, `UPDATE runs SET outcome = 'failed', ended_at = ?, error = 'the process ended before the run finished (killed or crashed); the next run carried on' WHERE source = ? AND outcome = 'running'`).run(now, source).changes;
}
