/**
 * kill -9 at random moments, many times: a CLI command is started and SIGKILLed after a delay drawn
 * from a seeded source, then checked, again and again. One uninterrupted run on a scratch database is
 * timed first; the delays are stratified over that time × `spread` (one per slice, in shuffled order),
 * so every loop hits start-up, the middle and the end of a run however loaded the machine is.
 *
 * Timed kills land wherever the machine's speed puts them, so the kills a test must have (one in the
 * middle of a run, one after an import's commit) are also triggered by events: when the fake API
 * receives a request, or when the rows are there. Those are shuffled in with the same seed, and land
 * where they say on any machine.
 */
import fs from 'node:fs';
import { expect } from 'vitest';
import { queryDb } from '../helpers/db';
import { seededRandom, shuffled } from '../../src/classify/random';
import { deleteDatabaseFiles } from '../../src/store/database';
import { ABANDONED, chooseSeed, expectIntegrity, killAfter, killWhen, loadSourceIds, spawnCli, type RunRow } from './helpers';

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
  /** Extra iterations killed on an event rather than after a delay: placed by the seed, kept in this order. */
  readonly events?: readonly KillEvent[];
}

export interface KillEvent {
  /** For messages, e.g. "on the 2nd search request". */
  readonly name: string;
  /**
   * Called just before the command starts; resolves when the run has got that far (it may never, if the
   * run ends first). The kill follows at once, in the same turn of the event loop.
   */
  arm(iteration: number): Promise<void>;
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
  const fullRunMs = await timeFullRun(loop);
  const delays = stratify(loop.iterations, fullRunMs * loop.spread, random);
  const kills = spreadEvents(delays, loop.events ?? [], random);
  for (const [i, kill] of kills.entries()) {
    if (i > 0) loop.before?.(i, random);
    const run = spawnCli(['--db', loop.db, ...loop.args(i)], loop.env);
    const outcome = typeof kill === 'number' ? await killAfter(run, kill) : await killWhen(run, kill.arm(i));
    const when = typeof kill === 'number' ? `after ${kill} ms (full run ${fullRunMs} ms)` : kill.name;
    const context = `${loop.label}: seed ${seed}, iteration ${i}, kill ${when}`;
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

/** The events at seeded places among the timed kills, in the order given (a later one may rely on an earlier one). */
function spreadEvents(delays: readonly number[], events: readonly KillEvent[], random: () => number): Array<number | KillEvent> {
  const total = delays.length + events.length;
  const slots = new Set(shuffled(Array.from({ length: total }, (_, i) => i), random).slice(0, events.length));
  const timed = [...delays];
  const queued = [...events];
  return Array.from({ length: total }, (_, i) => (slots.has(i) ? (queued.shift() as KillEvent) : (timed.shift() as number)));
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
