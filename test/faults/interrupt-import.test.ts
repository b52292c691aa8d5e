/**
 * Ctrl-C during a long `onevision import` on a terminal: the import is synchronous, so the process
 * ends at once and cannot say anything afterwards. What the terminal showed last must say what
 * the database holds: nothing before the commit, every post (waiting for classify) after it.
 * A real Ctrl-C through a pseudo-terminal (util-linux `script`), not a signal sent by hand.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, cleanEnv } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { useScratch } from './helpers';
import { hasTable } from './kill-loop';

const ROWS = 30_000;
const BEFORE_COMMIT = 'Ctrl-C now imports nothing';
const AFTER_COMMIT = 'Ctrl-C now leaves the rest for `onevision classify`';
const CLASSIFIED = `classified ${ROWS} posts`;
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

const scratch = useScratch();

function writeSurveyCsv(file: string): void {
  const lines = Array.from({ length: ROWS }, (_, i) => `r${i},"the youth club in our village shut, said respondent ${i}",2017-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`);
  fs.writeFileSync(file, `id,text,created_at\n${lines.join('\n')}\n`);
}

/** Runs the import on a terminal and types Ctrl-C as soon as the terminal shows `cue`. */
function importWithCtrlC(db: string, file: string, cue: string): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, path.join(ROOT, 'bin', 'onevision'), '--db', db, 'import', file].map((arg) => `'${arg}'`).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let typed = false;
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    if (!typed && screen.includes(cue)) {
      typed = true;
      child.stdin.write('\x03');
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, screen })));
}

function countClassified(db: string): number {
  return queryDb<{ n: number }>(db, `SELECT count(*) AS n FROM classifications`)[0]?.n ?? 0;
}

/** The last line the terminal showed, the echoed ^C and erase codes left out. */
function lastLine(screen: string): string {
  const lines = screen.replaceAll('\u001b[K', '').replaceAll('^C', '').split(/\r|\n/);
  return lines.filter((line) => line.trim() !== '').at(-1) ?? '';
}

function countPosts(db: string): number {
  if (!fs.existsSync(db) || !hasTable(db, 'posts')) return 0;
  return queryDb<{ n: number }>(db, `SELECT count(*) AS n FROM posts`)[0]?.n ?? 0;
}

it.skipIf(!HAS_SCRIPT).each([
  ['while it saves', BEFORE_COMMIT],
  ['while it classifies', AFTER_COMMIT],
])('Ctrl-C %s: the terminal last said what stopping leaves, and the database agrees', async (_when, cue) => {
  const file = scratch.file('survey.csv');
  writeSurveyCsv(file);
  const { code, screen } = await importWithCtrlC(scratch.db, file, cue);
  expect(screen).toContain(cue);
  if (code === 0) return; // the machine finished before the Ctrl-C landed: nothing to check
  expect(code).toBe(130);
  const shown = lastLine(screen);
  // The Ctrl-C may land after classification is done (fast machines): the screen then says so.
  const said = [BEFORE_COMMIT, AFTER_COMMIT, CLASSIFIED].find((line) => shown.includes(line));
  expect(said, shown).toBeDefined();
  expect(countPosts(scratch.db)).toBe(said === BEFORE_COMMIT ? 0 : ROWS);
  if (said === CLASSIFIED) expect(countClassified(scratch.db)).toBe(ROWS);
}, 120_000);
