/**
 * Error types that carry their exit code. Commands throw these; only src/cli/main.ts turns them into an exit.
 * User mistakes (bad input, bad config) and upstream failures are expected; anything else is a bug.
 */

export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  upstream: 3,
  partial: 4,
  busy: 5,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export abstract class OnevisionError extends Error {
  abstract readonly exitCode: ExitCodeValue;
  /** What the user can do about it, printed on its own line. */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Bad input, bad flags or bad configuration: the user can fix it. Exit 2. */
export class UserError extends OnevisionError {
  readonly exitCode = ExitCode.usage;
}

/** A file that could not be read as the format it claims to be: names the file and line. Exit 2. */
export class InputError extends UserError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly problem: string,
    hint?: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`, hint);
  }
}

/** An API or the network failed us. Exit 3. */
export class UpstreamError extends OnevisionError {
  readonly exitCode = ExitCode.upstream;
}

/** Some sources succeeded, some failed; the successful ones' data is kept. Exit 4. */
export class PartialFailure extends OnevisionError {
  readonly exitCode = ExitCode.partial;
}

/** Another run holds the collection lease. Exit 5. */
export class BusyError extends OnevisionError {
  readonly exitCode = ExitCode.busy;
}

/**
 * This run's collection lease was taken over, or could not be renewed in time: the run stopped, its
 * unsaved page rolled back, so two collections never write at once. Exit 5, like a busy lease.
 */
export class LeaseLost extends OnevisionError {
  readonly exitCode = ExitCode.busy;
}

/** A bug: something onevision did not expect (not the user's, the network's or an API's doing). Exit 1. */
export class InternalError extends OnevisionError {
  readonly exitCode = ExitCode.internal;
}

export function exitCodeOf(error: unknown): ExitCodeValue {
  return error instanceof OnevisionError ? error.exitCode : ExitCode.internal;
}
