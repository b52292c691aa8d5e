/**
 * A fresh temporary folder and database for each test of the file that calls it, and the real CLI
 * run against them: the set-up most CLI tests repeat.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { makeTempDir, runCli, type CliOptions, type CliResult } from './cli';

export interface Scratch {
  /** The temporary folder of the running test. */
  readonly tmp: ReturnType<typeof makeTempDir>;
  /** Its database path (not created until a command creates it). */
  readonly db: string;
}

export function useScratchDatabase(name = 'ov.db'): {
  scratch: Scratch;
  cli: (...args: string[]) => Promise<CliResult>;
  /** Runs the CLI, expects exit 0 (showing stderr when not), and gives its stdout. */
  ok: (...args: string[]) => Promise<string>;
  cliWith: (options: CliOptions, ...args: string[]) => Promise<CliResult>;
} {
  const scratch = {} as { tmp: ReturnType<typeof makeTempDir>; db: string };
  beforeEach(() => {
    scratch.tmp = makeTempDir();
    scratch.db = scratch.tmp.file(name);
  });
  afterEach(() => scratch.tmp.cleanup());
  const cliWith = (options: CliOptions, ...args: string[]) => runCli(['--db', scratch.db, ...args], { cwd: scratch.tmp.dir, ...options });
  const cli = (...args: string[]) => cliWith({}, ...args);
  const ok = async (...args: string[]) => {
    const result = await cli(...args);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };
  return { scratch, cli, ok, cliWith };
}
