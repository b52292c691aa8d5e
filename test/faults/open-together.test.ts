/**
 * Commands that open a brand-new database file within milliseconds of each other (the nightly
 * collect and an officer's, a scheduled run and the desk) all open it: none fails with "database is
 * locked" while another is switching the file to WAL. Each process is a real `node` loading the
 * built store module, started at an instant drawn from the seed so the opens overlap.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { seededRandom } from '../../src/classify/random';
import { ROOT } from '../helpers/cli';
import { chooseSeed, useScratch } from './helpers';

const ROUNDS = 20;
const PROCESSES = 6;
/** Starts spread over this many milliseconds: close enough that opens overlap the WAL switch. */
const SPREAD_MS = 8;

const OPEN_AT = `
const { openDatabase } = require(${JSON.stringify(path.join(ROOT, 'dist', 'store', 'database.js'))});
const [file, at] = [process.argv[1], Number(process.argv[2])];
const early = at - Date.now() - 30;
if (early > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, early);
while (Date.now() < at) {}
try { openDatabase(file).close(); } catch (error) { console.error(error.code ?? '', error.message); process.exit(1); }
`;

const scratch = useScratch();

function openAt(file: string, at: number): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['-e', OPEN_AT, file, String(at)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

it('several processes opening one new database file at once all open it, in WAL mode', async () => {
  const random = seededRandom(chooseSeed('open-together'));
  for (let round = 0; round < ROUNDS; round += 1) {
    const file = scratch.file(`round-${round}.db`);
    // Far enough ahead that every process has loaded the module and waits for the moment (a process
    // that comes late on a loaded machine only overlaps less).
    const start = Date.now() + 1_000;
    const results = await Promise.all(Array.from({ length: PROCESSES }, () => openAt(file, start + Math.floor(random() * SPREAD_MS))));
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr), `round ${round}`).toEqual([]);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  }
}, 120_000);
