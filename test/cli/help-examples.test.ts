/**
 * The README promises that every command has `--help` with examples: every command and every
 * subcommand the program lists, walked through the real CLI's own help, so a new one cannot slip by.
 */
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli';

/** The names under "Commands:" (up to its blank line) in a help page; commander's own `help` is left out. */
function commandsIn(help: string): string[] {
  const section = (help.split(/^Commands:$/m)[1] ?? '').split(/\n\s*\n/)[0] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
}

async function helpOf(path: readonly string[]): Promise<string> {
  const result = await runCli([...path, '--help']);
  expect(result.code, `${path.join(' ')} --help: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** Every command path below `path`, depth first, with its help page; commands and their subcommands. */
async function walk(path: readonly string[]): Promise<Array<{ path: string; help: string }>> {
  const help = await helpOf(path);
  const below = path.length < 2 ? await Promise.all(commandsIn(help).map((name) => walk([...path, name]))) : [];
  return [{ path: path.join(' '), help }, ...below.flat()];
}

it('every command and subcommand has examples in its --help', async () => {
  const pages = (await walk([])).filter((page) => page.path !== '');
  expect(pages.map((page) => page.path)).toEqual(expect.arrayContaining(['collect', 'users', 'users add', 'users list']));
  expect(pages.filter((page) => !page.help.includes('\nExamples:\n')).map((page) => page.path)).toEqual([]);
}, 120_000);

it('says a mistyped command does not exist, exit 2, even with --help after it', async () => {
  for (const args of [['frobnicate', '--help'], ['--db', 'x.db', 'expot', '-h'], ['users', 'remvoe', '--help']]) {
    const result = await runCli(args);
    expect(result.code, args.join(' ')).toBe(2);
    expect(result.stderr).toContain(`error: unknown command '${args.at(-2)}'`);
    expect(result.stdout).toBe('');
  }
});
