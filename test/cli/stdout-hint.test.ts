/**
 * The hint after "cannot write to standard output" suggests --out only where --out takes the data off
 * stdout (export); that is decided by the commands' options, not by the words of their help, so
 * rewording a help line cannot change it. The whole path, through a real `> /dev/full`, is in
 * stdout-full.test.ts.
 */
import type { Command } from 'commander';
import { expect, it } from 'vitest';
import { createContext } from '../../src/cli/context';
import { buildProgram, toStdoutHint } from '../../src/cli/main';

const USE_OUT = 'Choose a writable place with --out, or free some disk space.';
const REDIRECT = 'Redirect standard output to a writable place, or free some disk space.';

/** A fresh program's command, so a test that rewords its help changes nothing for the next. */
function commandNamed(name: string): Command {
  const command = buildProgram(createContext()).commands.find((c) => c.name() === name);
  if (!command) throw new Error(`no command ${name}`);
  return command;
}

function rewordOut(command: Command, description: string): Command {
  const out = command.options.find((option) => option.long === '--out');
  if (!out) throw new Error(`${command.name()} has no --out`);
  out.description = description;
  return command;
}

it('suggests --out for export, however its --out is described', () => {
  expect(toStdoutHint(commandNamed('export'))).toBe(USE_OUT);
  expect(toStdoutHint(rewordOut(commandNamed('export'), 'write the CSV to this file instead'))).toBe(USE_OUT);
});

it('does not suggest --out for report, whose --json still goes to stdout, even when its help mentions stdout', () => {
  expect(toStdoutHint(commandNamed('report'))).toBe(REDIRECT);
  expect(toStdoutHint(rewordOut(commandNamed('report'), 'write the report here, not to stdout'))).toBe(REDIRECT);
});

it('says to redirect for a command with no --out, and before any command ran (--help)', () => {
  expect(toStdoutHint(commandNamed('summary'))).toBe(REDIRECT);
  expect(toStdoutHint(undefined)).toBe(REDIRECT);
});
