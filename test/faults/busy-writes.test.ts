/**
 * A person's decision saved while another process writes to the database all the time (the nightly
 * collect saving pages while the safeguarding lead works on the desk): every decision waits its turn
 * and is saved, none fails with "database is locked". A write transaction that reads first and was
 * begun DEFERRED fails at once in WAL mode when another process commits between its read and its
 * write (SQLite runs no busy handler then); begun IMMEDIATE, it waits like any other write.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { recordLeadDecision, recordPersonDecision, type DecidedPost } from '../../src/cli/screening-decisions';
import { openDatabase, type Db } from '../../src/store/database';
import { loadSafeguardingDecisions } from '../../src/store/safeguarding-decisions';
import { loadAuditOf } from '../../src/store/audit';
import { runCli } from '../helpers/cli';
import { useScratch } from './helpers';

const DECISIONS = 150;

/** Another process committing one small write after another until killed (a lease row's heartbeat). */
const KEEP_WRITING = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 10000');
const beat = db.prepare("INSERT INTO leases (name, owner, pid, acquired_at, heartbeat_at) VALUES ('other', 'other', 1, ?, ?) ON CONFLICT (name) DO UPDATE SET heartbeat_at = excluded.heartbeat_at");
let written = 0;
for (;;) { const now = String(Date.now() + written); beat.run(now, now); if (++written === 50) process.stdout.write('writing\\n'); }
`;

const scratch = useScratch();
let stopWriting: (() => void) | undefined;
afterEach(() => stopWriting?.());

async function startWritingElsewhere(file: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', KEEP_WRITING, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  stopWriting = () => child.kill('SIGKILL');
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the writing process ended first (exit ${code})`)));
  });
}

async function databaseWithOnePost(): Promise<{ db: Db; post: DecidedPost }> {
  const file = scratch.db;
  const csv = scratch.file('one.csv');
  fs.writeFileSync(csv, 'id,text\ns1,more buses to college please\n');
  expect((await runCli(['--db', file, 'import', csv])).code).toBe(0);
  const db = openDatabase(file);
  const row = db.prepare(`SELECT id, revision FROM posts WHERE source_id = 's1'`).get() as { id: number; revision: number };
  return { db, post: { postId: row.id, revision: row.revision, ref: 'survey:s1' } };
}

it('the lead\'s decisions and officers\' flags are all saved while another process keeps writing', async () => {
  const { db, post } = await databaseWithOnePost();
  try {
    await startWritingElsewhere(scratch.db);
    const failures: string[] = [];
    for (let i = 0; i < DECISIONS; i += 1) {
      const at = new Date(Date.UTC(2026, 11, 7, 12, 0, i)).toISOString();
      try {
        recordLeadDecision(db, post, { kind: i % 2 === 0 ? 'referred' : 'cleared', note: `note ${i}`, by: 'lead', at });
        recordPersonDecision(db, post, { flagged: i % 2 === 1, by: 'officer', at });
      } catch (error) {
        failures.push(`decision ${i}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(loadSafeguardingDecisions(db, post.postId)).toHaveLength(DECISIONS);
    expect(loadAuditOf(db, post.ref).filter((entry) => entry.action === 'flag-raised' || entry.action === 'flag-cleared')).toHaveLength(2 * DECISIONS);
  } finally {
    db.close();
  }
}, 60_000);
