/**
 * kill -9 at random moments, many times: a CLI command is started and SIGKILLed after a delay drawn
 * from a seeded source, then checked, again and again. One uninterrupted run on a scratch database is
 * timed first; the delays are stratified over that time × `spread` (one per slice, in shuffled order),
 * so every loop hits start-up, the middle and the end of a run however loaded the machine is.
 */
import fs from 'node:fs';
import { expect } from 'vitest';
import { queryDb } from '../helpers/db';
import { seededRandom, shuffled } from '../../src/classify/random';
import { deleteDatabaseFiles } from '../../src/store/database';
import { ABANDONED, chooseSeed, expectIntegrity, killAfter, loadSourceIds, spawnCli, type RunRow } from './helpers';

export interface KillLoop {
  readonly label: string;
  readonly iterations: number;
  /** Kill delays are spread over 0 … the first run's duration × this. */
  readonly spread: number;
  readonly db: string;
  /** The command for each iteration (after `--db FILE`). */
  readonly args: (iteration: number) => readonly string[];
  readonly env: Record<string, string>;
  /** Before each start: change what the fake serves, etc. */
  readonly before?: (iteration: number, random: () => number) => void;
  /** After each kill (or finish), with a description that names the seed, for assertion messages. */
  readonly after: (context: string) => void;
}

export interface KillLoopResult {
  readonly seed: number;
  /** Runs a kill left recorded as running: each must end up failed, as abandoned. */
  readonly abandonedRunIds: ReadonlySet<number>;
}

export async function runKillLoop(loop: KillLoop): Promise<KillLoopResult> {
  const seed = chooseSeed(loop.label);
  const random = seededRandom(seed);
  const abandonedRunIds = new Set<number>();
  loop.before?.(0, random);
  const delays = stratify(loop.iterations, (await timeFullRun(loop)) * loop.spread, random);
  for (const [i, delay] of delays.entries()) {
    if (i > 0) loop.before?.(i, random);
    const outcome = await killAfter(spawnCli(['--db', loop.db, ...loop.args(i)], loop.env), delay);
    const context = `${loop.label}: seed ${seed}, iteration ${i}, kill after ${delay} ms`;
    if (!outcome.killed) expect(outcome.code, `${context}: a run that was not killed must succeed`).toBe(0);
    if (!fs.existsSync(loop.db)) continue;
    expectIntegrity(loop.db);
    for (const id of loadRunningIds(loop.db)) abandonedRunIds.add(id);
    loop.after(context);
  }
  return { seed, abandonedRunIds };
}

/** How long the first iteration's command takes uninterrupted, against a scratch database. */
async function timeFullRun(loop: KillLoop): Promise<number> {
  const scratch = `${loop.db}.timing`;
  const started = Date.now();
  const { code } = await spawnCli(['--db', scratch, ...loop.args(0)], loop.env).exited;
  expect(code, `${loop.label}: the timing run failed`).toBe(0);
  deleteDatabaseFiles(scratch);
  return Date.now() - started;
}

/** Runs still marked running: left by a killed process, closed by the next run of that source. */
function loadRunningIds(db: string): number[] {
  if (!hasTable(db, 'runs')) return [];
  return queryDb<{ id: number }>(db, `SELECT id FROM runs WHERE outcome = 'running'`).map((r) => r.id);
}

/** Part-way: every stored post is one the fake served, and none is stored twice. */
export function expectServedOnce(db: string, source: string, served: readonly string[], context: string): void {
  if (!hasTable(db, 'posts')) return;
  const stored = loadSourceIds(db, source);
  expect(new Set(stored).size, `${context}: a post stored twice`).toBe(stored.length);
  const known = new Set(served);
  expect(stored.filter((id) => !known.has(id)), context).toEqual([]);
}

/** A kill during the very first start-up can leave the file without its tables yet. */
export function hasTable(db: string, name: string): boolean {
  return queryDb(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, name).length > 0;
}

/** `count` delays over 0 … `rangeMs`, one drawn in each equal slice, in random order. */
function stratify(count: number, rangeMs: number, random: () => number): number[] {
  return shuffled(
    Array.from({ length: count }, (_, i) => Math.floor(((i + random()) * rangeMs) / count)),
    random,
  );
}

/** After the final clean run: it is ok, every run a kill abandoned says so, every other run was ok. */
export function expectHistoryAfterKills(runs: readonly RunRow[], loop: KillLoopResult): void {
  const context = `seed ${loop.seed}`;
  expect(runs[runs.length - 1]?.outcome, context).toBe('ok');
  expect(loop.abandonedRunIds.size, `${context}: no kill landed mid-run`).toBeGreaterThan(0);
  for (const run of runs) {
    if (loop.abandonedRunIds.has(run.id)) expect(run, context).toMatchObject({ outcome: 'failed', error: expect.stringContaining(ABANDONED) });
    else expect(run, context).toMatchObject({ outcome: 'ok', error: null });
  }
}
