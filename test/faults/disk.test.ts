/**
 * The database on a tiny tmpfs: a disk that fills up part-way through a collection, and a file system
 * that turns read-only. Each ends with a clear message and no damage, and once there is room (or the
 * file system is writable again) the next run completes the exact set. Needs root (mount); skipped
 * with the reason printed where mounting is not allowed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeXApi, type FakeXApi } from '../../src/fakes/x-api';
import { generateXDataSet } from '../../src/fakes/x-data';
import type { XDataSet } from '../../src/fakes/x-search';
import { ROOT, runCli } from '../helpers/cli';
import { dumpDb } from '../helpers/db';
import { TOKEN, collectX } from '../collectors/x-setup';
import { expectDoctorIntegrityOk, expectIntegrity, expectSound, loadRunHistory, loadSourceIds, xIdsOf } from './helpers';

function mount(dir: string, options: string): { ok: boolean; why: string } {
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  return { ok: result.status === 0, why: (result.stderr || result.error?.message || `exit ${result.status}`).trim() };
}

function remount(dir: string, options: string): void {
  const result = spawnSync('mount', ['-o', `remount,${options}`, dir], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
}

function unmount(dir: string): void {
  spawnSync('umount', [dir]);
}

/** Can this process mount a tmpfs? (Root in CI and here; not in an unprivileged container.) */
function probeMount(): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevision-mount-probe-'));
  try {
    const result = mount(dir, 'size=64k');
    if (!result.ok) return result.why;
    unmount(dir);
    return undefined;
  } finally {
    fs.rmdirSync(dir);
  }
}

const cannotMount = probeMount();
if (cannotMount) console.log(`test/faults/disk.test.ts skipped: cannot mount a tmpfs here (${cannotMount}); run as root to cover a full disk and a read-only file system.`);

let dir: string;
let db: string;
let api: FakeXApi | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevision-disk-'));
  db = path.join(dir, 'ov.db');
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  unmount(dir);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Once the disk is usable again, the next run completes the exact set. */
async function expectNextRunCompletes(fake: FakeXApi, data: XDataSet, outcomes: readonly string[]): Promise<void> {
  const again = await collectX(db, fake.url);
  expect(again.code, again.stderr).toBe(0);
  await expectSound(db, 'x', xIdsOf(data));
  expect((await loadRunHistory(db)).map((r) => r.outcome)).toEqual(outcomes);
}

describe.skipIf(cannotMount !== undefined)('the disk holding the database', () => {
  it('fills up part-way: a clear message, no damage, and with room again the next run completes the set', async () => {
    expect(mount(dir, 'size=1m').ok).toBe(true);
    const data = generateXDataSet(1500);
    api = await startFakeXApi({ data, token: TOKEN });

    const full = await collectX(db, api.url);
    expect(full.code, full.stderr).toBe(2);
    expect(full.stderr).toContain('onevision: the disk is full');
    expect(full.stderr).toContain('Free some space and run the command again: the write that failed was rolled back');
    expect(full.stderr).toContain('a collection carries on from its last saved page');
    expect(full.stderr).not.toContain('internal error');
    expectIntegrity(db);
    // Whole pages only: the page that did not fit was rolled back with its cursor and counters.
    const saved = loadSourceIds(db, 'x');
    expect(saved.length).toBeGreaterThan(0);
    expect(saved).toEqual(xIdsOf(data.tweets.slice(0, saved.length)));
    expect(saved.length % 100).toBe(0);
    const [failed] = await loadRunHistory(db);
    expect(failed).toMatchObject({ outcome: 'failed', pages: saved.length / 100, new: saved.length, error: expect.stringContaining('the disk is full') });
    await expectDoctorIntegrityOk(db);

    remount(dir, 'size=64m');
    await expectNextRunCompletes(api, data, ['failed', 'ok']);
  });

  it('cannot hold an import: nothing is imported, with a clear message', async () => {
    expect(mount(dir, 'size=1m').ok).toBe(true);
    expect((await runCli(['--db', db, 'import', path.join(ROOT, 'data/sample/survey-2017.csv')])).code).toBe(0);
    const before = dumpDb(db);
    const csv = path.join(os.tmpdir(), `onevision-big-${process.pid}.csv`);
    fs.writeFileSync(csv, `id,text\n${Array.from({ length: 6000 }, (_, i) => `big-${i},the youth club in our village shut and there is nothing to do ${i}`).join('\n')}\n`);
    try {
      const result = await runCli(['--db', db, 'import', csv]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain('onevision: the disk is full');
    } finally {
      fs.rmSync(csv);
    }
    expectIntegrity(db);
    expect(dumpDb(db)).toBe(before);
  });

  it('turns read-only: a clear message, the database untouched, and once writable the next run completes the set', async () => {
    expect(mount(dir, 'size=64m').ok).toBe(true);
    const data = generateXDataSet(350);
    api = await startFakeXApi({ data: { ...data, tweets: data.tweets.slice(100) }, token: TOKEN });
    expect((await collectX(db, api.url)).code).toBe(0);
    api.publish(data.tweets.slice(0, 100));
    const before = dumpDb(db);

    remount(dir, 'ro');
    const refused = await collectX(db, api.url);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('cannot write the database');
    expect(refused.stderr).not.toContain('internal error');
    expect(dumpDb(db)).toBe(before);
    expectIntegrity(db);
    await expectDoctorIntegrityOk(db);

    remount(dir, 'rw');
    await expectNextRunCompletes(api, data, ['ok', 'ok']);
  });
});
