/**
 * What every fault scenario checks afterwards: the database passes its integrity check, holds exactly
 * the posts the fake served (no loss, no duplicates), says in its run history what happened, and
 * `onevision doctor` agrees. Also the per-test scratch folder and the seed for kill loops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
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

/** FAULT_SEED=n replays a run; otherwise a fresh seed, printed so a failure can be replayed. */
export function chooseSeed(label: string): number {
  const given = Number(process.env.FAULT_SEED);
  const seed = Number.isInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
  console.log(`${label}: seed ${seed} (replay with FAULT_SEED=${seed})`);
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
