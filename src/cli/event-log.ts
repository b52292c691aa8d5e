/**
 * Structured log: one JSON line per event in `<data dir>/logs/onevision.log`, rotated by size, every
 * string redacted of tokens and access_token parameters. Humans read stderr; this is for later
 * questions ("what happened on the night of the 14th?") and for monitoring.
 */
import fs from 'node:fs';
import path from 'node:path';
import { redact, type Secret } from '../core/secret';

export type LogLevel = 'info' | 'warn' | 'error';

export interface EventLog {
  event(level: LogLevel, name: string, fields?: Record<string, unknown>): void;
  /** The same log with a run id on every line. */
  forRun(runId: number): EventLog;
}

export interface EventLogOptions {
  readonly dbPath: string;
  readonly secrets: readonly Secret[];
  readonly now: () => Date;
  /** Where a line for the user goes (the context's redacted stderr): said once if the log cannot be written. */
  readonly say: (line: string) => void;
  readonly maxBytes?: number;
  readonly keep?: number;
}

export function logFilePath(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'logs', 'onevision.log');
}

export function openEventLog(options: EventLogOptions): EventLog {
  const file = logFilePath(options.dbPath);
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 5;
  let broken = false;
  const write = (line: string) => {
    if (broken) return;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      rotateIfFull(file, maxBytes, keep);
      fs.appendFileSync(file, `${line}\n`, { mode: 0o600 });
    } catch (error) {
      // A full disk or read-only folder must not stop collection; say so once on stderr.
      broken = true;
      options.say(`onevision: cannot write the log ${file}: ${(error as Error).message}`);
    }
  };
  const make = (base: Record<string, unknown>): EventLog => ({
    event(level, name, fields = {}) {
      const record = { time: options.now().toISOString(), level, event: name, pid: process.pid, ...base, ...fields };
      write(redact(JSON.stringify(record), options.secrets));
    },
    forRun(runId) {
      return make({ ...base, runId });
    },
  });
  return make({});
}

function rotateIfFull(file: string, maxBytes: number, keep: number): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return; // no log yet
  }
  if (size < maxBytes) return;
  fs.rmSync(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i -= 1) {
    if (fs.existsSync(`${file}.${i}`)) fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
  }
  fs.renameSync(file, `${file}.1`);
}

/** For commands that log nothing (tests of pure paths). */
export const silentLog: EventLog = { event: () => undefined, forRun: () => silentLog };
