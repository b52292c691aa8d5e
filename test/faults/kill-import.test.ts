/**
 * `onevision import` of a large CSV killed with SIGKILL at random points: the file is one transaction,
 * so after every kill each file's rows are either all there or none; importing again completes the set.
 * Besides the timed kills, one lands at once and one as soon as the rows are committed (while it
 * classifies them), so both outcomes happen however fast or slow the machine.
 */
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { expectAllClassified, expectSound, useScratch } from './helpers';
import { hasTable, runKillLoop, type KillEvent } from './kill-loop';

const ITERATIONS = 10;
const ROWS = 4000;
const PHRASES = ['the youth club in our village shut', 'CAMHS waiting list is over a year', 'buses to college cost too much', 'more SEND support in class', 'somewhere safe to go at night'];

const scratch = useScratch();

function writeSurveyCsv(file: string, batch: number): string[] {
  const ids = Array.from({ length: ROWS }, (_, i) => `b${batch}-r${i}`);
  const lines = ids.map((id, i) => `${id},"${PHRASES[i % PHRASES.length]}, said respondent ${i}",2017-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`);
  fs.writeFileSync(file, `id,text,created_at\n${lines.join('\n')}\n`);
  return ids;
}

function countBatch(db: string, batch: number): number {
  return queryDb<{ n: number }>(db, `SELECT count(*) AS n FROM posts WHERE source_id LIKE ?`, `b${batch}-%`)[0]?.n ?? 0;
}

function isCommitted(db: string, batch: number): boolean {
  try {
    return fs.existsSync(db) && hasTable(db, 'posts') && countBatch(db, batch) === ROWS;
  } catch {
    return false; // the file is being created at this instant: ask again
  }
}

/** Resolves when batch `batch` is in the database (polled; the import commits it all at once). */
function whenCommitted(db: string, batch: number): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const committed = isCommitted(db, batch);
      // A run that is killed first never commits: stop asking after a minute.
      if (committed || Date.now() - started > 60_000) clearInterval(poll);
      if (committed) resolve();
    }, 5);
  });
}

/** In this order: after the first, the database exists, so the second's outcome counts. */
const EVENTS: readonly KillEvent[] = [
  { name: 'as soon as its rows are committed', arm: (i) => whenCommitted(scratch.db, i) },
  { name: 'at once', arm: () => Promise.resolve() },
];

it(`SIGKILL at ${ITERATIONS} random points of an import of ${ROWS} rows, at once and after its commit: each file all or nothing`, async () => {
  const db = scratch.db;
  const files: string[] = [];
  const ids: string[] = [];

  const outcomes = { none: 0, all: 0 };
  const loop = await runKillLoop({
    label: 'kill import',
    iterations: ITERATIONS,
    spread: 1.15,
    db,
    args: (i) => ['import', files[i] as string],
    env: {},
    before: (i) => {
      files.push(scratch.file(`survey-${i}.csv`));
      ids.push(...writeSurveyCsv(files[i] as string, i));
    },
    events: EVENTS,
    after: (context) => {
      if (!hasTable(db, 'posts')) return;
      for (const [batch] of files.entries()) expect([0, ROWS], `${context}: file ${batch}`).toContain(countBatch(db, batch));
      const last = countBatch(db, files.length - 1);
      outcomes[last === 0 ? 'none' : 'all'] += 1;
    },
  });
  // Not vacuous: some kills landed before the commit, some imports got through.
  expect(outcomes.none, `seed ${loop.seed}`).toBeGreaterThan(0);
  expect(outcomes.all, `seed ${loop.seed}`).toBeGreaterThan(0);

  for (const file of files) {
    const again = await runCli(['--db', db, 'import', file]);
    expect(again.code, again.stderr).toBe(0);
  }
  await expectSound(db, 'survey', ids);
  expectAllClassified(db);
}, 240_000);
