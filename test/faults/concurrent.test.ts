/**
 * Collections started together: exactly one holds the lease, the others exit 5 saying so (or, with
 * --wait, run after it); the data is exact either way. Also on a brand-new database file, where every
 * process also races to create the schema.
 *
 * Nothing here depends on how fast the machine is: a gate between the collectors and the fake X API
 * holds the lease holder's requests until the others have done what the test waits for (been refused,
 * started waiting), so the holder cannot finish first on a slow or busy machine.
 */
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { generateXDataSet } from '../../src/fakes/x-data';
import { ROOT, cleanEnv, runCli, type CliResult } from '../helpers/cli';
import { collectX, xEnv, TOKEN } from '../collectors/x-setup';
import { expectSound, loadRunHistory, startGate, useScratch, xIdsOf } from './helpers';

const DATA = generateXDataSet(150);
const ALL = xIdsOf(DATA);
/** How long a gate waits for what it waits for before it opens anyway (and the test fails saying so). */
const GATE_LIMIT_MS = 30_000;

const scratch = useScratch();
let api: FakeXApi;
beforeEach(async () => {
  api = await startFakeXApi({ data: DATA, token: TOKEN });
  scratch.onCleanup(() => api.close());
});

/** Resolves when the condition holds, or after the limit (the assertions that follow then say what went wrong). */
async function until(condition: () => boolean): Promise<void> {
  const started = Date.now();
  while (!condition() && Date.now() - started < GATE_LIMIT_MS) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** `collect --source x` whose stderr can be watched while it runs. */
function startCollect(db: string, baseUrl: string, args: string[] = []): { stderr: () => string; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'onevision'), '--db', db, 'collect', '--source', 'x', ...args], { env: cleanEnv(xEnv(baseUrl)), stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') })),
  );
  return { stderr: () => Buffer.concat(err).toString('utf8'), done };
}

describe('two or more collects started together', () => {
  it('on a new database: one collects, the others exit 5 naming the holder (several rounds)', async () => {
    for (let round = 0; round < 4; round += 1) {
      const db = scratch.file(`round-${round}.db`);
      const gate = await startGate(api.url, scratch);
      const runs = Array.from({ length: 4 }, () => collectX(db, gate.url));
      let finished = 0;
      for (const run of runs) void run.then(() => (finished += 1));
      // The holder is held at the gate; the other three must be refused meanwhile.
      await until(() => finished >= 3);
      gate.open();
      const results = await Promise.all(runs);
      const context = `round ${round}: ${results.map((r) => r.stderr).join('\n')}`;
      expect(results.map((r) => r.code).sort(), context).toEqual([0, 5, 5, 5]);
      for (const busy of results.filter((r) => r.code === 5)) {
        expect(busy.stderr).toMatch(/another collection is running \(.+:\d+, started .+, last heartbeat .+\)/);
        expect(busy.stderr).toContain('run again with --wait');
      }
      await expectSound(db, 'x', ALL);
      expect(await loadRunHistory(db), context).toMatchObject([{ outcome: 'ok', new: ALL.length }]);
    }
  }, 180_000);

  it('with --wait the second queues behind the first and then runs, finding nothing new', async () => {
    const db = scratch.file('ov.db');
    const gate = await startGate(api.url, scratch);
    const runs = [startCollect(db, gate.url, ['--wait']), startCollect(db, gate.url, ['--wait'])];
    // One holds the lease (held at the gate), the other says it is waiting for it.
    await until(() => runs.some((r) => r.stderr().includes('waiting for the collection lease')));
    gate.open();
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.map((r) => r.code), results.map((r) => r.stderr).join('\n')).toEqual([0, 0]);
    expect(results.filter((r) => /waiting for the collection lease \(.+:\d+, started .+\)…/.test(r.stderr))).toHaveLength(1);
    await expectSound(db, 'x', ALL);
    const [first, second] = await loadRunHistory(db);
    expect(first).toMatchObject({ outcome: 'ok', new: ALL.length });
    expect(second).toMatchObject({ outcome: 'ok', new: 0 });
    const runList = await runCli(['--db', db, 'runs', '--json']);
    const [later, earlier] = JSON.parse(runList.stdout) as Array<{ startedAt: string; endedAt: string }>;
    expect(Date.parse(later?.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(earlier?.endedAt ?? ''));
  }, 90_000);

  it('with --wait, a database locked past the busy timeout is waited out too, not an error', async () => {
    const db = scratch.file('ov.db');
    expect((await collectX(db, api.url)).code).toBe(0);
    // Another process in a long write (longer than the 10 s busy timeout) while this one asks for the lease.
    const writer = new Database(db);
    writer.prepare('BEGIN IMMEDIATE').run();
    const waiting = startCollect(db, api.url, ['--wait']);
    try {
      await new Promise((resolve) => setTimeout(resolve, 13_000));
    } finally {
      writer.prepare('COMMIT').run();
      writer.close();
    }
    const result = await waiting.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('stayed locked');
    await expectSound(db, 'x', ALL);
  }, 120_000);

  it('an import running at the same time as a collect: both complete, both sets exact', async () => {
    const db = scratch.file('ov.db');
    const csv = scratch.file('survey.csv');
    const ids = Array.from({ length: 3000 }, (_, i) => `s${i}`);
    fs.writeFileSync(csv, `id,text\n${ids.map((id) => `${id},more buses to college please`).join('\n')}\n`);
    const gate = await startGate(api.url, scratch);
    const collecting = collectX(db, gate.url);
    // The collection is mid-run (its first request held) when the import starts.
    await until(() => gate.arrived() >= 1);
    const importing = runCli(['--db', db, 'import', csv]);
    gate.open();
    const [collected, imported] = await Promise.all([collecting, importing]);
    expect(collected.code, collected.stderr).toBe(0);
    expect(imported.code, imported.stderr).toBe(0);
    await expectSound(db, 'x', ALL);
    await expectSound(db, 'survey', ids);
  }, 90_000);
});
