import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function tempDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `onevision-bench-${name}-`));
}

/** Runs `onevision ARGS` in a fresh process and returns its wall time and peak RSS. */
export function measureCli(args, { env = {}, quietStdout = true } = {}) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bench/lib/measure-cli.cjs'), ...args], {
    env: { ...process.env, ...env, BENCH_QUIET_STDOUT: quietStdout ? '1' : '0' },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const line = result.stderr.split('\n').find((l) => l.startsWith('MEASURE '));
  if (!line || result.status !== 0) throw new Error(`onevision ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  return JSON.parse(line.slice('MEASURE '.length));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Every benchmark prints one RESULT line for the runner. */
export function report(name, figures) {
  process.stdout.write(`RESULT ${JSON.stringify({ name, ...figures })}\n`);
}
