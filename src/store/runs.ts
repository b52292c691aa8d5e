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
