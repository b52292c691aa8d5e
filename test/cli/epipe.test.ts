import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cleanEnv, makeTempDir, runCli } from '../helpers/cli';

const BIN = path.join(ROOT, 'bin', 'onevision');
let tmp: ReturnType<typeof makeTempDir>;
let db: string;

/** Far more than a pipe holds (64 KiB), so the CLI is still writing when the reader has gone. */
beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('ov.db');
  const rows = Array.from({ length: 2000 }, (_, i) => `r-${i},"${'More buses for young people in Truro please. '.repeat(6)}",2017-05-0${(i % 9) + 1}`);
  fs.writeFileSync(tmp.file('many.csv'), ['id,text,created_at', ...rows].join('\n'));
  const imported = await runCli(['--db', db, 'import', tmp.file('many.csv')], { timeoutMs: 120_000 });
  expect(imported.code).toBe(0);
}, 180_000);
afterAll(() => tmp.cleanup());

/** Runs `onevision ARGS | READER` in bash and returns onevision's own exit status and stderr. */
function pipeInto(args: readonly string[], reader: string, stderrToo = false): { code: number; stderr: string } {
  const quoted = [process.execPath, BIN, '--db', db, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const errFile = tmp.file('stderr.txt');
  const redirect = stderrToo ? '2>&1' : `2>'${errFile}'`;
  fs.writeFileSync(errFile, '');
  const run = spawnSync('bash', ['-c', `${quoted} ${redirect} | ${reader} > /dev/null; echo "\${PIPESTATUS[0]}"`], { env: cleanEnv(), encoding: 'utf8', timeout: 120_000 });
  return { code: Number(run.stdout.trim()), stderr: fs.readFileSync(errFile, 'utf8') };
}

describe('a reader that closes the pipe early (onevision … | head)', () => {
  it.each([
    [['export'], 'head -n 1'],
    [['export', '--include-flagged'], 'head -c 10'],
    [['export'], 'true'],
    [['export', '--pivot', 'week'], 'true'],
    [['summary', '--by', 'week', '--json'], 'true'],
    [['review', '--json', '--limit', '2000'], 'head -n 1'],
    [['status', '--json'], 'true'],
    [['--help'], 'true'],
  ])('onevision %j | %s ends quietly with exit 0', (args, reader) => {
    const result = pipeInto(args, reader);
    expect(result.stderr).not.toMatch(/EPIPE|internal error|Error:/);
    expect(result.code).toBe(0);
  });

  it('stays quiet when stderr shares the closed pipe (2>&1 | head -n 1)', () => {
    expect(pipeInto(['export', '--out', tmp.file('posts.csv')], 'head -c 1', true).code).toBe(0);
    expect(pipeInto(['runs', '--limit', '-5'], 'head -c 1', true).code).toBe(2);
  });
});

describe('the evaluation scripts piped to a reader that closes early (npm run eval:sealed | head)', () => {
  it('node scripts/sealed-sets.mjs | true ends quietly with exit 0', () => {
    const errFile = tmp.file('script-stderr.txt');
    const script = path.join(ROOT, 'scripts', 'sealed-sets.mjs');
    const run = spawnSync('bash', ['-c', `'${process.execPath}' '${script}' 2>'${errFile}' | true; echo "\${PIPESTATUS[0]}"`], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8', timeout: 120_000 });
    expect(fs.readFileSync(errFile, 'utf8')).not.toMatch(/EPIPE|Error:/);
    expect(Number(run.stdout.trim())).toBe(0);
  });
});
