import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNextCommands } from '../../src/cli/commands/demo';
import { makeTempDir, ROOT, runCli } from '../helpers/cli';

const BIN = path.join(ROOT, 'bin', 'onevision');
// Long-running (a web server): its line is checked, not run.
const LONG_RUNNING = new Set(['serve']);

let tmp: ReturnType<typeof makeTempDir>;
let printed: string[];
beforeAll(async () => {
  tmp = makeTempDir();
  const demo = await runCli(['demo'], { cwd: tmp.dir, timeoutMs: 120_000 });
  expect(demo.code, demo.stderr).toBe(0);
  const hints = demo.stdout.split("next, on the demo's database:\n")[1] ?? '';
  printed = hints.split('\n').filter((line) => line.startsWith('  ') && !line.startsWith('  #')).map((line) => line.trim());
}, 150_000);
afterAll(() => tmp.cleanup());

/** The arguments after the program, from a command line without quoting (the demo's need none here). */
function argsAfter(prefix: string, line: string): string[] {
  expect(line.startsWith(`${prefix} `), line).toBe(true);
  return line.slice(prefix.length).replace(/\s+#.*$/, '').trim().split(/\s+/);
}

describe("the demo's closing hints", () => {
  it('print commands that run as printed: the binary by its path (not on PATH), and --db the demo database', async () => {
    expect(printed.length).toBeGreaterThanOrEqual(4);
    for (const line of printed) {
      const args = argsAfter(`node ${BIN}`, line);
      expect(args.slice(0, 2)).toEqual(['--db', 'data/demo/onevision-demo.db']);
      if (LONG_RUNNING.has(args[2]!)) continue;
      const result = await runCli(args, { cwd: tmp.dir });
      expect(result.code, `${line}\n${result.stderr}`).toBe(0);
      expect(result.stdout.length).toBeGreaterThan(0);
      // The post it explains shows what explain is for: the outcome it got and why.
      if (args[2] === 'explain') expect(result.stdout).toMatch(/^Tagged \d \(\w+\) because it mentions /m);
    }
  });

  it("are the commands the README's Quick start shows after the demo, with npx onevision from the project folder", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Configuration'));
    const shown = quickStart.split('\n').filter((line) => line.startsWith('npx onevision --db'));
    expect(shown.length).toBeGreaterThanOrEqual(4);
    const hinted = printed.map((line) => argsAfter(`node ${BIN}`, line).join(' '));
    for (const line of shown) expect(hinted).toContain(argsAfter('npx onevision', line).join(' '));
    // Run in the project folder, the demo prints them exactly so.
    const fromRoot = toNextCommands(path.join(ROOT, 'data', 'demo', 'onevision-demo.db'), ROOT).map((n) => n.command);
    for (const line of shown) expect(fromRoot).toContain(line.replace(/\s+#.*$/, ''));
  });
});
