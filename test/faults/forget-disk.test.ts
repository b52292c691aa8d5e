/**
 * `forget` on a full disk (issue 13): the database on a small tmpfs, filled until the erasure fails.
 * Whatever step fails, forget says truthfully how far it got (nothing deleted, or rows gone but bytes
 * not yet wiped), the files to recall can still be listed, and once there is room again the job can be
 * finished. Needs root (mount); skipped with the reason printed otherwise, as test/faults/disk.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli';
import { queryDb } from '../helpers/db';

function mount(dir: string, options: string): { ok: boolean; why: string } {
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  return { ok: result.status === 0, why: (result.stderr || result.error?.message || `exit ${result.status}`).trim() };
}

function unmount(dir: string): void {
  spawnSync('umount', [dir]);
}

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
if (cannotMount) console.log(`test/faults/forget-disk.test.ts skipped: cannot mount a tmpfs here (${cannotMount}); run as root to cover forget on a full disk.`);

const LOVEDAY = ['Loveday-only words: my dad drinks and I stay at my nan in Lostwithiel most weeks', 'Loveday again: there is no bus back to Lostwithiel after six'];

let dir: string;
let outside: string;
let db: string;
let exportFile: string;
const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: outside });
/** Waiting for room does not help a full disk: a short --wait keeps the test quick. */
const forget = (...args: string[]) => cli('forget', ...args, '--wait', '1s');

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onevision-forget-disk-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'onevision-forget-out-'));
  db = path.join(dir, 'ov.db');
  exportFile = path.join(outside, 'spring.csv');
  if (cannotMount) return;
  expect(mount(dir, 'size=8m').ok).toBe(true);
  // About a megabyte of other people's answers, so the wipe (which rebuilds the file) needs room.
  const rows = ['id,text,author,created_at', `lj-1,"${LOVEDAY[0]}",@LovedayJ,2017-05-01`, `lj-2,"${LOVEDAY[1]}",@LovedayJ,2017-05-02`];
  for (let i = 0; i < 2500; i += 1) rows.push(`yc-${i},"The youth club in our village shut and there is nothing to do on a Friday night (answer ${i}) in Cornwall",@resp${i % 250},2017-06-01`);
  fs.writeFileSync(path.join(outside, 'answers.csv'), rows.join('\n'));
  expect((await cli('import', path.join(outside, 'answers.csv'), '--no-classify')).code).toBe(0);
  expect((await cli('export', '--out', exportFile)).code).toBe(0);
});
afterEach(() => {
  unmount(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

/** Fills the tmpfs until it refuses, then gives back `margin` bytes. Returns the filler's path. */
function fillDisk(margin: number): string {
  const filler = path.join(dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x4b);
  let written = 0;
  try {
    for (;;) written += fs.writeSync(fd, chunk);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
  fs.truncateSync(filler, Math.max(0, written - margin));
  return filler;
}

const lovedayLeft = () => queryDb<{ source_id: string }>(db, `SELECT source_id FROM posts WHERE source_id LIKE 'lj-%' ORDER BY 1`).map((r) => r.source_id);
const erasureNumber = (result: CliResult) => Number(/erasure #(\d+)|--recall-list (\d+)/.exec(`${result.stdout}\n${result.stderr}`)?.slice(1).find(Boolean));

function inFileBytes(needles: readonly string[]): string[] {
  const contents = ['', '-wal', '-shm'].map((s) => `${db}${s}`).filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1').toLowerCase());
  return needles.filter((n) => contents.some((c) => c.includes(n.toLowerCase())));
}

async function expectRecallList(n: number): Promise<void> {
  const recall = await cli('forget', '--recall-list', String(n));
  expect(recall.code, recall.stderr).toBe(0);
  expect(recall.stdout).toContain(exportFile);
}

async function expectDoctorErasures(status: 'ok' | 'fail'): Promise<void> {
  const doctor = await cli('doctor', '--offline', '--json');
  const checks = JSON.parse(doctor.stdout) as Array<{ name: string; status: string; detail: string }>;
  expect(checks.find((c) => c.name === 'erasures'), doctor.stdout).toMatchObject({ status });
}

describe.skipIf(cannotMount !== undefined)('forget on a full disk', () => {
  // The ledger, the recall list and the deletion are one transaction: when it cannot be written, nothing changes,
  // nothing is recorded, and the same command works once there is room (the recall list is then stored with it).
  it('fails before deleting anything: says so, changes nothing, and the same forget works once there is room', { timeout: 60_000 }, async () => {
    const before = queryDb(db, 'SELECT count(*) AS n FROM posts');
    const filler = fillDisk(64 * 1024);
    const failed = await forget('--author', 'LovedayJ');
    expect(failed.code, failed.stdout).toBe(2);
    expect(failed.stderr).not.toContain('internal error');
    expect(failed.stderr).toMatch(/nothing was erased/);
    // Collection talk ("the last page was rolled back and the next run carries on") is not true of a forget.
    expect(failed.stderr).not.toContain('last page was rolled back');
    expect(queryDb(db, 'SELECT count(*) AS n FROM posts')).toEqual(before);
    expect(queryDb(db, 'SELECT count(*) AS n FROM erasures')).toEqual([{ n: 0 }]);
    await expectDoctorErasures('ok');

    fs.rmSync(filler);
    expect(lovedayLeft()).toEqual(['lj-1', 'lj-2']);
    const retry = await forget('--author', 'LovedayJ');
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toContain(exportFile);
    expect(lovedayLeft()).toEqual([]);
    expect(inFileBytes([LOVEDAY[0]!.slice(0, 40), LOVEDAY[1]!.slice(0, 40), 'LovedayJ'])).toEqual([]);
    // The person is erased and wiped: nothing should still look pending.
    await expectDoctorErasures('ok');
  });

  it('fails while wiping: says the rows are gone but the bytes are not, lists the recall files, and --finish completes it', { timeout: 60_000 }, async () => {
    const filler = fillDisk(512 * 1024);
    const failed = await forget('--author', 'LovedayJ');
    expect(failed.code).toBe(2);
    expect(failed.stderr).not.toContain('internal error');
    expect(failed.stderr).toMatch(/rows are gone/);
    expect(failed.stderr).toMatch(/bytes are not yet/);
    expect(failed.stderr).toContain('forget --finish');
    expect(failed.stdout).toContain(exportFile);
    const n = erasureNumber(failed);
    expect(n).toBeGreaterThan(0);
    // Still on the full disk, the list of files to recall can be shown again, and doctor shows the wipe pending.
    await expectRecallList(n);
    await expectDoctorErasures('fail');
    expect(queryDb(db, `SELECT status FROM erasures WHERE id = ?`, n)).toEqual([{ status: 'erased' }]);
    expect(lovedayLeft()).toEqual([]);

    fs.rmSync(filler);
    const finish = await forget('--finish');
    expect(finish.code, finish.stderr).toBe(0);
    await expectDoctorErasures('ok');
    expect(inFileBytes([LOVEDAY[0]!.slice(0, 40), LOVEDAY[1]!.slice(0, 40), 'LovedayJ'])).toEqual([]);
    await expectRecallList(n);
  });

  it('fails while wiping, and the same forget run again once there is room finishes the job rather than answering "no author"', { timeout: 60_000 }, async () => {
    const filler = fillDisk(512 * 1024);
    const failed = await forget('--author', 'LovedayJ');
    expect(failed.stderr).toMatch(/rows are gone/);
    fs.rmSync(filler);

    const retry = await forget('--author', 'LovedayJ');
    expect(retry.stderr).not.toMatch(/no author/);
    expect(retry.code, retry.stderr).toBe(0);
    await expectDoctorErasures('ok');
  });
});
