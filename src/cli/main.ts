/**
 * The command-line entry point: builds the program, runs the command, and is the only place
 * that exits. Errors carry their exit code (src/errors.ts); anything else is a bug.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, OnevisionError, exitCodeOf } from '../errors';
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
  try {
    await program.parseAsync([...argv]);
    return ExitCode.ok;
  } catch (error) {
    return report(error, context);
  }
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
