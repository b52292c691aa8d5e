/**
 * What every fault scenario checks afterwards: the database passes its integrity check, holds exactly
 * the posts the fake served (no loss, no duplicates), says in its run history what happened, and
 * `onevision doctor` agrees. Also the per-test scratch folder and the seed for kill loops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, expect, onTestFailed } from 'vitest';
import type { XTweet } from '../../src/collectors/x/wire';
import type { FakePageData } from '../../src/fakes/graph-api';
import type { XDataSet } from '../../src/fakes/x-search';
import { ROOT, cleanEnv, makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';

export interface RunRow {
  id: number;
  source: string;
  outcome: string;
  pages: number;
  requests: number;
  fetched: number;
  new: number;
  waits: number;
  waitSeconds: number;
  error: string | null;
}

/** What closeAbandonedRuns writes for a run whose process died. */
export const ABANDONED = 'the process ended before the run finished (killed or crashed)';

/** The ids X's posts are stored under: an edited post keeps its first version's id. */
export function xIdsOf(tweets: readonly XTweet[] | XDataSet): string[] {
  const list = 'tweets' in tweets ? tweets.tweets : tweets;
  return list.map((t) => t.edit_history_tweet_ids?.[0] ?? t.id).sort();
}

/** Every post, comment and reply id on the fake Page. */
export function facebookIdsOf(data: FakePageData): string[] {
  const ids: string[] = [];
  for (const post of data.posts) {
    ids.push(post.id);
    for (const comment of post.comments ?? []) ids.push(comment.id, ...(comment.replies ?? []).map((r) => r.id));
  }
  return ids.sort();
}

export function loadSourceIds(db: string, source: string): string[] {
  return queryDb<{ source_id: string }>(db, 'SELECT source_id FROM posts WHERE source = ? ORDER BY source_id', source).map((r) => r.source_id);
}

export function expectIntegrity(db: string): void {
  expect(queryDb<{ integrity_check: string }>(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  expect(queryDb(db, 'PRAGMA foreign_key_check')).toEqual([]);
}

/** Exactly these ids, each once: no loss and no duplicates. */
export function expectExactPosts(db: string, source: string, ids: readonly string[]): void {
  const stored = loadSourceIds(db, source);
  expect(new Set(stored).size, 'a post is stored twice').toBe(stored.length);
  expect(stored).toEqual([...ids].sort());
}

/** Every post the classifier should have seen has a classification for its current revision. */
export function expectAllClassified(db: string): void {
  const [row] = queryDb<{ n: number }>(
    db,
    `SELECT count(*) AS n FROM posts p LEFT JOIN classifications c ON c.post_id = p.id
      WHERE p.deleted_at IS NULL AND (c.post_id IS NULL OR c.post_revision <> p.revision)`,
  );
  expect(row?.n, 'posts left unclassified').toBe(0);
}

/** The run history as `onevision runs --json` shows it, oldest first. */
export async function loadRunHistory(db: string): Promise<RunRow[]> {
  const result = await runCli(['--db', db, 'runs', '--json', '--limit', '1000']);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as RunRow[]).reverse();
}

/** `onevision doctor --offline --json` finds the database sound. */
export async function expectDoctorIntegrityOk(db: string): Promise<void> {
  const result = await runCli(['--db', db, 'doctor', '--offline', '--json']);
  const checks = JSON.parse(result.stdout) as Array<{ name: string; status: string; detail: string }>;
  expect(checks.find((c) => c.name === 'database integrity')).toMatchObject({ status: 'ok', detail: expect.stringContaining('integrity_check ok') });
}

/** Integrity (both ways) and the exact post set, after any scenario. */
export async function expectSound(db: string, source: string, ids: readonly string[]): Promise<void> {
  expectIntegrity(db);
  expectExactPosts(db, source, ids);
  await expectDoctorIntegrityOk(db);
}

/** A CLI process the test may SIGKILL at any moment. */
export function spawnCli(args: readonly string[], env: Record<string, string>): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'onevision'), ...args], { env: cleanEnv(env), stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited };
}

/** Kills the process after `delayMs` unless it has ended by then; says whether the kill landed. */
export async function killAfter(run: ReturnType<typeof spawnCli>, delayMs: number): Promise<{ killed: boolean; code: number | null }> {
  const timer = setTimeout(() => run.child.kill('SIGKILL'), delayMs);
  const { code, signal } = await run.exited;
  clearTimeout(timer);
  return { killed: signal === 'SIGKILL', code };
}

/** Kills the process when `reached` resolves, unless it has ended by then; says whether the kill landed. */
export async function killWhen(run: ReturnType<typeof spawnCli>, reached: Promise<void>): Promise<{ killed: boolean; code: number | null }> {
  let ended = false;
  void reached.then(() => {
    if (!ended) run.child.kill('SIGKILL');
  });
  const { code, signal } = await run.exited;
  ended = true;
  return { killed: signal === 'SIGKILL', code };
}

/** The seed every randomised fault test uses unless FAULT_SEED says otherwise, so CI runs are repeatable. */
export const DEFAULT_FAULT_SEED = 20170301;

/**
 * The seed for a randomised fault test: FAULT_SEED=n replays run n, FAULT_SEED=random draws a fresh one
 * (to explore), and without it the fixed default. Printed when the test starts and again if it fails.
 * Call inside the test.
 */
export function chooseSeed(label: string): number {
  const given = process.env.FAULT_SEED?.trim();
  const seed = given === 'random' ? Math.floor(Math.random() * 2 ** 31) + 1 : given ? Number(given) : DEFAULT_FAULT_SEED;
  if (!Number.isInteger(seed) || seed <= 0) throw new Error(`FAULT_SEED must be a positive whole number or "random", not "${given}"`);
  const replay = `${label}: seed ${seed} (replay with FAULT_SEED=${seed})`;
  console.log(replay);
  onTestFailed(() => console.error(`failed with ${replay}`));
  return seed;
}

export interface Scratch {
  /** This test's database file (not created). */
  readonly db: string;
  file(name: string): string;
  /** Run after the test, before the folder goes: closing fake servers. */
  onCleanup(close: () => Promise<void> | void): void;
}

/** A fresh temporary folder per test, removed afterwards with whatever was registered to close. */
export function useScratch(): Scratch {
  let tmp: ReturnType<typeof makeTempDir> | undefined;
  const closers: Array<() => Promise<void> | void> = [];
  beforeEach(() => {
    tmp = makeTempDir('onevision-fault-');
  });
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
    tmp?.cleanup();
  });
  const current = () => {
    if (!tmp) throw new Error('useScratch: only inside a test');
    return tmp;
  };
  return {
    get db() {
      return current().file('ov.db');
    },
    file: (name) => current().file(name),
    onCleanup: (close) => void closers.push(close),
  };
}

export interface Gate {
  readonly url: string;
  /** Requests that arrived, whether held or passed on. */
  arrived(): number;
  /** Passes on every held request and every later one. */
  open(): void;
}

/**
 * A proxy in front of a fake API that holds requests until it is opened (after passing the first
 * `passFirst`), so a test decides when a client gets its answer, whatever the machine's speed.
 */
export async function startGate(target: string, scratch: Scratch, passFirst = 0): Promise<Gate> {
  const held: Array<() => void> = [];
  let isOpen = false;
  let arrived = 0;
  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = http.createServer((req, res) => {
    arrived += 1;
    if (isOpen || arrived <= passFirst) forward(req, res);
    else held.push(() => forward(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  scratch.onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    arrived: () => arrived,
    open: () => {
      isOpen = true;
      for (const pass of held.splice(0)) pass();
    },
  };
}
