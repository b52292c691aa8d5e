import type { Command } from 'commander';
import { readConfig, type Config } from '../config';
import { redact } from '../core/secret';

/** What every command gets: configuration on demand, the clock, and the two output streams. */
export interface CommandContext {
  /** Reads and validates configuration once, with the global flags applied. */
  config(command: Command): Config;
  now(): Date;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** True when stderr is a terminal: progress lines are shown only then. */
  readonly interactive: boolean;
  /** stderr is talk: human lines, redacted of every configured secret. */
  say(line: string): void;
  /** stdout is data. */
  print(text: string): void;
}

export interface ContextOptions {
  readonly stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  readonly now?: () => Date;
}

export function createContext(options: ContextOptions = {}): CommandContext {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  let config: Config | undefined;
  const context: CommandContext = {
    config(command) {
      config ??= readConfig({ db: command.optsWithGlobals().db as string | undefined });
      return config;
    },
    now: options.now ?? (() => new Date()),
    stdout,
    stderr,
    interactive: Boolean(stderr.isTTY),
    say(line) {
      stderr.write(`${redact(line, config?.secrets)}\n`);
    },
    print(text) {
      stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
  return context;
}
