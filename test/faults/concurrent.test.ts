/**
 * Collections started together: exactly one holds the lease, the others exit 5 saying so (or, with
 * --wait, run after it); the data is exact either way. Also on a brand-new database file, where every
 * process also races to create the schema.
 */
import fs from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { generateXDataSet } from '../../src/fakes/x-data';
import { runCli, type CliResult } from '../helpers/cli';
import { collectX, TOKEN } from '../collectors/x-setup';
import { expectSound, loadRunHistory, useScratch, xIdsOf } from './helpers';

const DATA = generateXDataSet(150);
const ALL = xIdsOf(DATA);

const scratch = useScratch();
let api: FakeXApi;
beforeEach(async () => {
  // Slow answers: the first collection still holds the lease when the others ask for it.
  api = await startFakeXApi({ data: DATA, token: TOKEN, latencyMs: 700 });
  scratch.onCleanup(() => api.close());
});

const together = (db: string, count: number, args: string[] = []): Promise<CliResult[]> => Promise.all(Array.from({ length: count }, () => collectX(db, api.url, args)));

describe('two or more collects started together', () => {
  it('on a new database: one collects, the others exit 5 naming the holder (several rounds)', async () => {
    for (let round = 0; round < 4; round += 1) {
      const db = scratch.file(`round-${round}.db`);
      const results = await together(db, 4);
      const context = `round ${round}: ${results.map((r) => r.stderr).join('\n')}`;
      expect(results.map((r) => r.code).sort(), context).toEqual([0, 5, 5, 5]);
      for (const busy of results.filter((r) => r.code === 5)) {
        expect(busy.stderr).toMatch(/another collection is running \(.+:\d+, started .+, last heartbeat .+\)/);
        expect(busy.stderr).toContain('run again with --wait');
      }
      await expectSound(db, 'x', ALL);
      expect(await loadRunHistory(db), context).toMatchObject([{ outcome: 'ok', new: ALL.length }]);
    }
  });

  it('with --wait the second queues behind the first and then runs, finding nothing new', async () => {
    const db = scratch.file('ov.db');
    const results = await together(db, 2, ['--wait']);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    await expectSound(db, 'x', ALL);
    const [first, second] = await loadRunHistory(db);
    expect(first).toMatchObject({ outcome: 'ok', new: ALL.length });
    expect(second).toMatchObject({ outcome: 'ok', new: 0 });
    const runs = await runCli(['--db', db, 'runs', '--json']);
    const [later, earlier] = JSON.parse(runs.stdout) as Array<{ startedAt: string; endedAt: string }>;
    expect(Date.parse(later?.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(earlier?.endedAt ?? ''));
  });

  it('an import running at the same time as a collect: both complete, both sets exact', async () => {
    const db = scratch.file('ov.db');
    const csv = scratch.file('survey.csv');
    const ids = Array.from({ length: 3000 }, (_, i) => `s${i}`);
    fs.writeFileSync(csv, `id,text\n${ids.map((id) => `${id},more buses to college please`).join('\n')}\n`);
    const [collected, imported] = await Promise.all([collectX(db, api.url), runCli(['--db', db, 'import', csv])]);
    expect(collected.code, collected.stderr).toBe(0);
    expect(imported.code, imported.stderr).toBe(0);
    await expectSound(db, 'x', ALL);
    await expectSound(db, 'survey', ids);
  });
});
