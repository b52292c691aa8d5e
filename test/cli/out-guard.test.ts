/**
 * Outputs never harm inputs: `--out` (and the report's default path) is refused, before anything is
 * written, when it is the database or one of its files however spelled, a folder, or a special file.
 * The database stays byte-for-byte the same and still opens; a FIFO stays a FIFO. A failed write
 * leaves no file behind.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, cleanEnv, makeTempDir, runCli } from '../helpers/cli';
import { dumpDb, queryDb } from '../helpers/db';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });

beforeEach(async () => {
  tmp = makeTempDir();
  db = tmp.file('data/ov.db');
  fs.writeFileSync(tmp.file('posts.csv'), 'id,text,created_at\n1,More buses to Truro please,2017-05-01T10:00:00Z\n2,Affordable homes in Penzance,2017-05-09T10:00:00Z\n3,Safer cycle lanes,2017-05-16T10:00:00Z\n');
  expect((await cli('import', tmp.file('posts.csv'))).code).toBe(0);
});
afterEach(() => tmp.cleanup());

function postCount(): number {
  return queryDb<{ n: number }>(db, 'SELECT count(*) AS n FROM posts')[0]?.n ?? 0;
}

/** Names in the folder that look like our temporary files. */
function partialsUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.partial'));
}

interface Case {
  readonly name: string;
  /** Sets the scene in the temporary folder; returns the arguments after `--db DB`. */
  readonly args: () => string[];
  readonly says: RegExp;
}

const cases: Case[] = [
  { name: 'export --out the database', args: () => ['export', '--out', db], says: /it is the database \(/ },
  { name: 'export --out its -wal', args: () => ['export', '--out', `${db}-wal`], says: /write-ahead log/ },
  { name: 'export --out its -shm', args: () => ['export', '--out', `${db}-shm`], says: /shared-memory/ },
  { name: 'export --out its -journal', args: () => ['export', '--out', `${db}-journal`], says: /rollback journal/ },
  { name: 'export --out a symlink to the database', args: () => (fs.symlinkSync(db, tmp.file('link.db')), ['export', '--out', 'link.db']), says: /a symlink to the database/ },
  { name: 'export --out ./dir/../database', args: () => ['export', '--out', './data/sub/../ov.db'], says: /it is the database/ },
  { name: 'export --out a hard link to the database', args: () => (fs.linkSync(db, tmp.file('hard.db')), ['export', '--out', 'hard.db']), says: /it is the database/ },
  { name: 'export --out a folder', args: () => (fs.mkdirSync(tmp.file('reports')), ['export', '--out', 'reports']), says: /it is a folder/ },
  { name: 'export --out a FIFO', args: () => (mkfifo(tmp.file('pipe')), ['export', '--out', 'pipe']), says: /named pipe \(FIFO\)/ },
  { name: 'export --out a symlink to a FIFO', args: () => (mkfifo(tmp.file('pipe')), fs.symlinkSync(tmp.file('pipe'), tmp.file('to-pipe')), ['export', '--out', 'to-pipe']), says: /a symlink to a named pipe/ },
  { name: 'export --out a character device', args: () => ['export', '--out', characterDevice()], says: /character device/ },
  { name: 'export --out a link to a file the shell opened (/proc/self/fd/1, as /dev/stdout is)', args: () => (fs.symlinkSync('/proc/self/fd/1', tmp.file('to-stdout')), ['export', '--out', 'to-stdout']), says: /a symlink to an open file/ },
  { name: 'export --out -', args: () => ['export', '--out', '-'], says: /it is a file named "-", not standard output/ },
  { name: 'export --pivot week --out the database', args: () => ['export', '--pivot', 'week', '--out', db], says: /it is the database/ },
  { name: 'report --out the database', args: () => ['report', '--out', db], says: /it is the database/ },
  { name: 'report --out a FIFO', args: () => (mkfifo(tmp.file('pipe')), ['report', '--format', 'md', '--out', 'pipe']), says: /named pipe/ },
  {
    name: 'report to its default path, which is a folder',
    args: () => (fs.mkdirSync(tmp.file('reports/onevision-2017-05-01-2017-05-16.html'), { recursive: true }), ['report']),
    says: /onevision-2017-05-01-2017-05-16\.html: it is a folder/,
  },
];

/**
 * A null device of our own (mknod, as root), so that a broken guard replaces a file in the temporary
 * folder and not the system's /dev/null. Without root, /dev/null itself: then the rename cannot replace it.
 */
function characterDevice(): string {
  const file = tmp.file('null-device');
  return spawnSync('mknod', ['-m', '666', file, 'c', '1', '3']).status === 0 ? file : '/dev/null';
}

function mkfifo(file: string): void {
  const result = spawnSync('mkfifo', [file], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
}

describe('--out is refused when writing there would harm an input', () => {
  it.each(cases)('$name: exit 2, a clear message, the database untouched', async ({ args, says }) => {
    const before = dumpDb(db);
    const argv = args();
    const specials = fs.readdirSync(tmp.dir).filter((name) => !fs.lstatSync(tmp.file(name)).isFile() && !fs.lstatSync(tmp.file(name)).isDirectory());
    const result = await cli(...argv);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^onevision: refusing to write \S+: it is /);
    expect(result.stderr).toMatch(says);
    expect(result.stderr).toMatch(/--out/);
    expect(result.stdout).toBe('');
    expect(dumpDb(db)).toBe(before);
    expect(postCount()).toBe(3);
    expect(fs.lstatSync(db).isFile()).toBe(true);
    for (const name of specials) expect(fs.lstatSync(tmp.file(name)).isFile(), `${name} was replaced by a regular file`).toBe(false);
    if (fs.existsSync(tmp.file('pipe'))) expect(fs.lstatSync(tmp.file('pipe')).isFIFO()).toBe(true);
    expect(partialsUnder(tmp.dir)).toEqual([]);
    expect(fs.existsSync(`${db}-journal`)).toBe(false);
  });
});

describe('--out still writes where it should', () => {
  it('writes a new file in a new folder, and replaces an existing regular file', async () => {
    const first = await cli('export', '--out', 'reports/x.csv');
    expect(first.code, first.stderr).toBe(0);
    expect(fs.readFileSync(tmp.file('reports/x.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
    fs.writeFileSync(tmp.file('reports/week.csv'), 'old contents\n');
    const pivot = await cli('export', '--pivot', 'week', '--out', 'reports/week.csv');
    expect(pivot.code, pivot.stderr).toBe(0);
    expect(fs.readFileSync(tmp.file('reports/week.csv'), 'utf8')).toMatch(/^\uFEFFweek_starting,posts/); // a file gets a byte-order mark
    const report = await cli('report', '--out', 'reports/board.html');
    expect(report.code, report.stderr).toBe(0);
    expect(fs.readFileSync(tmp.file('reports/board.html'), 'utf8')).toMatch(/<html/i);
    expect(partialsUnder(tmp.dir)).toEqual([]);
    expect(postCount()).toBe(3);
  });

  it('writes through a symlink to a regular file, and the link stays a link', async () => {
    fs.mkdirSync(tmp.file('shared'));
    fs.writeFileSync(tmp.file('shared/real.csv'), 'old\n');
    fs.symlinkSync('shared/real.csv', tmp.file('link.csv'));
    expect((await cli('export', '--out', 'link.csv')).code).toBe(0);
    expect(fs.lstatSync(tmp.file('link.csv')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(tmp.file('shared/real.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect((await cli('report', '--format', 'md', '--out', 'board-link.md')).code).toBe(0);
    fs.renameSync(tmp.file('board-link.md'), tmp.file('shared/board.md'));
    fs.symlinkSync('shared/board.md', tmp.file('board-link.md'));
    expect((await cli('report', '--format', 'md', '--out', 'board-link.md')).code).toBe(0);
    expect(fs.lstatSync(tmp.file('board-link.md')).isSymbolicLink()).toBe(true);
    expect(partialsUnder(tmp.dir)).toEqual([]);
  });

  it('Ctrl-C or SIGTERM while a large export is written leaves no temporary file holding posts', { timeout: 120_000 }, async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `${i + 10},"Post ${i}: ${'buses, homes and lanes for young people in Cornwall '.repeat(4)}",2017-06-01T10:00:00Z`);
    fs.writeFileSync(tmp.file('many.csv'), `id,text,created_at\n${rows.join('\n')}\n`);
    expect((await cli('import', tmp.file('many.csv'), '--no-classify')).code).toBe(0);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'onevision'), '--db', db, 'export', '--include-flagged', '--out', `out-${signal}.csv`], { cwd: tmp.dir, env: cleanEnv(), stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, killedBy) => resolve(killedBy ?? code)));
      // Stopped as soon as its temporary file is there, as a user pressing Ctrl-C part-way would.
      while (partialsUnder(tmp.dir).length === 0 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 2));
      expect(child.exitCode, 'the export finished before it could be stopped').toBeNull();
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(partialsUnder(tmp.dir)).toEqual([]);
      expect(fs.existsSync(tmp.file(`out-${signal}.csv`))).toBe(false);
    }
  });

  it('a write that fails part-way leaves neither the file nor its temporary file', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i + 10},"Post ${i} about buses, homes and ${'lanes '.repeat(20)}",2017-06-01T10:00:00Z`);
    fs.writeFileSync(tmp.file('many.csv'), `id,text,created_at\n${rows.join('\n')}\n`);
    expect((await cli('import', tmp.file('many.csv'))).code).toBe(0);
    const before = dumpDb(db);
    // A file-size limit of 128 KiB: the CSV (about 500 KiB) fails part-way with EFBIG.
    const bin = path.join(ROOT, 'bin', 'onevision');
    const result = spawnSync('bash', ['-c', 'ulimit -f 128; exec "$0" "$1" --db "$2" export --out out/posts.csv', process.execPath, bin, db], { cwd: tmp.dir, env: cleanEnv(), encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/cannot write \S+posts\.csv: .*(EFBIG|too large)/);
    expect(fs.readdirSync(tmp.file('out'))).toEqual([]);
    expect(dumpDb(db)).toBe(before);
  });
});

describe('--out is refused when its name promises another format than the one --format (or --pivot) asks for', () => {
  const mismatches: Array<{ args: string[]; file: string; fix: RegExp }> = [
    { args: ['export', '--format', 'xlsx', '--out', 'table.csv'], file: 'table.csv', fix: /--format csv, or name the file table\.xlsx/ },
    { args: ['export', '--format', 'csv', '--out', 'posts.xlsx'], file: 'posts.xlsx', fix: /--format xlsx, or name the file posts\.csv/ },
    { args: ['export', '--pivot', 'week', '--out', 'weekly.XLSX'], file: 'weekly.XLSX', fix: /name the file weekly\.csv/ },
    { args: ['report', '--format', 'html', '--out', 'board.pdf'], file: 'board.pdf', fix: /--format pdf, or name the file board\.html/ },
    { args: ['report', '--format', 'md', '--out', 'board.html'], file: 'board.html', fix: /--format html, or name the file board\.md/ },
  ];
  it.each(mismatches)('$args: exit 2 naming the fix, nothing written', async ({ args, file, fix }) => {
    const before = dumpDb(db);
    const result = await cli(...args);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/but this would write/);
    expect(result.stderr).toMatch(fix);
    expect(fs.existsSync(tmp.file(file))).toBe(false);
    expect(dumpDb(db)).toBe(before);
  });

  const unwritten: Array<{ args: string[]; file: string; message: string; fix: string }> = [
    { args: ['report', '--out', 'board.docx'], file: 'board.docx', message: 'promises a Word document, but this command writes html, md or pdf', fix: 'Name the file board.html, board.md or board.pdf.' },
    { args: ['report', '--format', 'md', '--out', 'board.ODT'], file: 'board.ODT', message: 'promises an OpenDocument text, but this command writes html, md or pdf', fix: 'board.md' },
    { args: ['export', '--out', 'posts.xls'], file: 'posts.xls', message: 'promises an Excel 97 workbook, but this command writes csv or xlsx', fix: 'Name the file posts.csv or posts.xlsx.' },
    { args: ['export', '--format', 'csv', '--out', 'posts.json'], file: 'posts.json', message: 'promises JSON, but this command writes csv or xlsx', fix: 'posts.csv' },
  ];
  it.each(unwritten)('$args: a document no command writes is refused whatever the format (exit 2, nothing written)', async ({ args, file, message, fix }) => {
    const before = dumpDb(db);
    const result = await cli(...args);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(fix);
    expect(fs.existsSync(tmp.file(file))).toBe(false);
    expect(dumpDb(db)).toEqual(before);
  });

  it('leaves an ending that names no format of the command alone', async () => {
    expect((await cli('export', '--out', 'posts.txt')).code).toBe(0);
    expect((await cli('report', '--format', 'md', '--out', 'board.txt')).code).toBe(0);
  });
});

describe('without --format, the --out name says which format to write', () => {
  it('export --out posts.xlsx writes a workbook, and says on stderr that the name chose it', async () => {
    const result = await cli('export', '--out', 'posts.xlsx');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('writing xlsx (from the file name)\nwrote 3 posts and 5 count tables to posts.xlsx\n');
    expect(fs.readFileSync(tmp.file('posts.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK'); // a zip, as every .xlsx is
  });

  it('report --out board.md writes Markdown, saying so', async () => {
    const result = await cli('report', '--out', 'board.md');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.split('\n')[0]).toBe('writing md (from the file name)');
    expect(fs.readFileSync(tmp.file('board.md'), 'utf8')).not.toMatch(/<html/i);
  });

  it('report --out board.pdf prints a PDF, so it needs a browser like --format pdf does', async () => {
    const result = await runCli(['--db', db, 'report', '--out', 'board.pdf'], { cwd: tmp.dir, env: { ONEVISION_CHROMIUM: tmp.file('no-chrome') } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^writing pdf \(from the file name\)\nonevision: cannot print a PDF/);
    expect(fs.existsSync(tmp.file('board.pdf'))).toBe(false);
  });

  it('says nothing extra when the name asks for the default (posts.csv, board.html)', async () => {
    expect((await cli('export', '--out', 'posts.csv')).stderr).toBe('wrote 3 posts to posts.csv\n');
    expect((await cli('report', '--out', 'board.html')).stderr).toMatch(/^wrote HTML report of 3 posts/);
  });
});
