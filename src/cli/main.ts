/**
 * The command-line entry point: builds the program, runs the command, and is the only place
 * that exits. Errors carry their exit code (src/errors.ts); anything else is a bug.
 */
import { getSystemErrorMap } from 'node:util';
import { Command, CommanderError } from 'commander';
import { ExitCode, OnevisionError, UserError, exitCodeOf } from '../errors';
import { createContext, type CommandContext } from './context';
import { COMMANDS } from './commands';
import { VERSION } from '../version';
import { toStorageError } from '../store/database';

export function buildProgram(context: CommandContext): Command {
  const program = new Command('onevision')
    .description('Collect, classify and report responses to Cornwall and the Isles of Scilly\'s One Vision plan (#CIoSOneVision).')
    .version(VERSION, '-V, --version')
    .option('--db <path>', 'SQLite database file (overrides ONEVISION_DB)')
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .addHelpText(
      'after',
      `
Examples:
  $ onevision import data/sample/survey-2017.csv     bring survey answers in
  $ onevision export --out reports/posts.csv         analysts' CSV (authors pseudonymised)
  $ onevision status --json                          what the database holds

Exit codes: 0 ok, 1 internal error, 2 usage/config/bad input, 3 upstream API or network failure,
4 partial success (some sources failed), 5 another collection is running (or took this one's lease over).`,
    );
  for (const register of COMMANDS) register(program, context);
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(run with --help for usage and examples)');
  return program;
}

export async function run(argv: readonly string[], context: CommandContext = createContext()): Promise<number> {
  const program = buildProgram(context);
  let command: Command | undefined;
  program.hook('preAction', (_program, actionCommand) => {
    command = actionCommand;
  });
  let thrown: { error: unknown } | undefined;
  try {
    refuseUnknownCommandWithHelp(program, argv.slice(2));
    await program.parseAsync([...argv]);
  } catch (error) {
    thrown = { error };
  }
  // When stdout failed, what the command threw (if anything) is that failure or a consequence of it,
  // unless it is one of our own errors, which says something the user needs to hear first.
  const failure = await context.stdoutFailure();
  if (failure && !(thrown?.error instanceof OnevisionError)) return report(toStdoutError(failure, command), context);
  return thrown ? report(thrown.error, context) : ExitCode.ok;
}

/**
 * stdout that the system would not write (`> /dev/full`, a full disk, EIO) is the user's to fix, like
 * an --out that cannot be written: exit 2. A failure with no system error behind it is a bug.
 */
function toStdoutError(failure: Error, command: Command | undefined): unknown {
  const errno = (failure as NodeJS.ErrnoException).errno;
  const system = errno === undefined ? undefined : getSystemErrorMap().get(errno);
  if (!system) return failure;
  const [code, description] = system;
  return new UserError(`cannot write to standard output: ${description} (${code})`, toStdoutHint(command));
}

/**
 * The commands whose data goes to stdout unless `--out FILE` names a file (export: the CSV, a pivot).
 * report has --out too, but only to name its file: its --json still goes to stdout, so --out is no way
 * round a stdout that cannot be written.
 */
const OUT_INSTEAD_OF_STDOUT: ReadonlySet<string> = new Set(['export']);

/** The hint after "cannot write to standard output": decided by the command and its options, never by the words of its help. */
export function toStdoutHint(command: Command | undefined): string {
  const redirect = 'Redirect standard output to a writable place, or free some disk space.';
  if (command === undefined || !OUT_INSTEAD_OF_STDOUT.has(command.name())) return redirect;
  // Asked of commander too, so the hint never names a flag the command no longer has.
  const hasOut = command.options.some((option) => option.long === '--out');
  return hasOut ? 'Choose a writable place with --out, or free some disk space.' : redirect;
}

/**
 * Commander answers `onevision frobnicate --help` with the main help and exit 0, as if all were well;
 * a script (or a person with a typo) should hear that the command does not exist, exit 2, wherever --help sits.
 */
function refuseUnknownCommandWithHelp(program: Command, args: readonly string[]): void {
  if (!args.some((arg) => arg === '--help' || arg === '-h')) return;
  const unknown = findUnknownCommand(program, args);
  if (unknown !== undefined) program.error(`error: unknown command '${unknown}'`, { exitCode: ExitCode.usage, code: 'commander.unknownCommand' });
}

/** The first operand that names no command of its parent (`help` is commander's own), walking down subcommands. */
function findUnknownCommand(command: Command, args: readonly string[]): string | undefined {
  if (command.commands.length === 0) return undefined;
  const at = firstOperandAt(command, args);
  const name = at === undefined ? undefined : args[at];
  if (at === undefined || name === undefined || name === 'help') return undefined;
  const sub = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
  return sub ? findUnknownCommand(sub, args.slice(at + 1)) : name;
}

/** Where the first operand is, stepping over options and the values of those that take one (`--db FILE`). */
function firstOperandAt(command: Command, args: readonly string[]): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return i + 1 < args.length ? i + 1 : undefined;
    if (!arg.startsWith('-') || arg === '-') return i;
    if (command.options.some((option) => option.required && (option.long === arg || option.short === arg))) i++;
  }
  return undefined;
}

function report(error: unknown, context: CommandContext): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help text).
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  // context.stderr redacts every token, so messages and stack traces are written as they are.
  error = toStorageError(error) ?? error;
  if (error instanceof OnevisionError) {
    context.say(`onevision: ${error.message}`);
    if (error.hint) context.say(`  ${error.hint}`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  context.say(`onevision: internal error, please report it with the lines below:\n${detail}`);
  return exitCodeOf(error);
}

export function main(argv: readonly string[]): void {
  const context = createContext();
  run(argv, context).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      context.say(`onevision: internal error, please report: ${String(error)}`);
      process.exitCode = ExitCode.internal;
    },
  );
}
