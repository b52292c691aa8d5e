import type { Command } from 'commander';
import { readConfig, type Config } from '../config';
import type { Secret } from '../core/secret';
import { DEFAULT_WIDTH } from '../report/text-fit';
import { RedactingStream } from './redacting-stream';
import { readConfigSecretsQuietly } from './secrets';

/** What every command gets: configuration on demand, the clock, and the two output streams. */
export interface CommandContext {
  /** Reads and validates configuration once, with the global flags applied. */
  config(command: Command): Config;
  /**
   * Reads configuration again for a long-running command's next run (a token replaced in .env needs no
   * restart), keeping the database it started with. Call `config` first. Throws as `config` does, and
   * then the configuration read before stays.
   */
  rereadConfig(): Config;
  now(): Date;
  /** stdout and stderr behind one redacting writer: nothing written to them can show a token. */
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** True when stderr is a terminal: progress lines are shown only then. */
  readonly interactive: boolean;
  /** How wide a line of stdout may be: the terminal's columns, or 80 when stdout is not a terminal. */
  readonly width: number;
  /** stderr is talk: human lines. */
  say(line: string): void;
  /** stdout is data. */
  print(text: string): void;
  /**
   * Waits until stdout has taken everything written to it; then why it could not, if it could not
   * (a full disk, `> /dev/full`). A reader that closed the pipe early is not a failure.
   */
  stdoutFailure(): Promise<Error | undefined>;
}

export interface ContextOptions {
  readonly stdout?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  readonly now?: () => Date;
}

/** Wraps the real streams once; nothing else in src/cli writes to process.stdout or process.stderr. */
export function createContext(options: ContextOptions = {}): CommandContext {
  let config: Config | undefined;
  let fallbackSecrets: readonly Secret[] | undefined;
  // Before configuration is read (help, usage errors), or when it fails to load, the secrets are read quietly.
  const secrets = (): readonly Secret[] => config?.secrets ?? (fallbackSecrets ??= readConfigSecretsQuietly());
  const realStderr = options.stderr ?? process.stderr;
  const realStdout = options.stdout ?? process.stdout;
  const stdout = new RedactingStream(realStdout, secrets, { visibleControls: true });
  const stderr = new RedactingStream(realStderr, secrets, { atOnce: true });
  return {
    config(command) {
      config ??= readConfig({ db: command.optsWithGlobals().db as string | undefined });
      return config;
    },
    rereadConfig() {
      if (!config) throw new Error('rereadConfig before config');
      // The new secrets are redacted from here on too: stdout and stderr read them from `config`.
      config = readConfig({ db: config.dbPath });
      return config;
    },
    now: options.now ?? (() => new Date()),
    stdout,
    stderr,
    interactive: Boolean(realStderr.isTTY),
    width: realStdout.isTTY && realStdout.columns ? realStdout.columns : DEFAULT_WIDTH,
    say(line) {
      stderr.write(`${line}\n`);
    },
    print(text) {
      stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    async stdoutFailure() {
      await stdout.settled();
      return stdout.failure;
    },
  };
}
