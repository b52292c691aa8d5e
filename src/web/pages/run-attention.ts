/** Which collection runs need someone's attention: failed, or started long ago and never finished. Pure. */
import { STALE_RUN_HOURS } from '../../cli/doctor-checks';
import type { RunRecord } from '../../store/runs';

export type RunAttention = 'failed' | 'stale' | null;

const HOUR_MS = 3_600_000;

/** A run still "running" after doctor's stale limit was abandoned (killed, or the machine went down). */
export function toRunAttention(run: Pick<RunRecord, 'outcome' | 'startedAt'>, now: Date): RunAttention {
  if (run.outcome === 'failed') return 'failed';
  if (run.outcome === 'running' && now.getTime() - Date.parse(run.startedAt) > STALE_RUN_HOURS * HOUR_MS) return 'stale';
  return null;
}

/** A source's latest run: failed, abandoned, or so long ago that collection has stopped (doctor's "last run" warning). */
export function toLastRunAttention(run: Pick<RunRecord, 'outcome' | 'startedAt'>, now: Date): RunAttention {
  return toRunAttention(run, now) ?? (now.getTime() - Date.parse(run.startedAt) > STALE_RUN_HOURS * HOUR_MS ? 'stale' : null);
}
