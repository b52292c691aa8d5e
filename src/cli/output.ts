import type { CommandContext } from './context';

/** `--json` prints the same model the human line or table shows; both go to stdout, which is data. */
export function printResult(context: CommandContext, json: boolean | undefined, model: unknown, human: string): void {
  context.print(json ? toJsonText(model) : human);
}

/**
 * For a command whose data went to a file: `--json` prints what was written (data, so stdout);
 * otherwise the line saying so is talk, so stderr, and a pipe or `> log` after the command stays clean.
 */
export function sayWritten(context: CommandContext, json: boolean | undefined, model: unknown, human: string): void {
  if (json) context.print(toJsonText(model));
  else context.say(human);
}

/** Writes data to stdout and resolves once it is written; rejects when it cannot be (a reader that closed the pipe is no failure). */
export function writeData(context: Pick<CommandContext, 'stdout'>, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    context.stdout.write(text, (error?: Error | null) => (error ? reject(error) : resolve()));
  });
}

/**
 * JSON escapes only the characters below U+0020; C1 controls (U+009B is a CSI on some terminals) and
 * bidi controls in post text are escaped too, so `--json` on a terminal cannot be steered. They
 * can only occur inside strings, so the JSON means the same.
 */
export function toJsonText(model: unknown): string {
  return JSON.stringify(model, null, 2).replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A plain text table: columns padded to their widest cell, numbers right-aligned. */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => String(row[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || row[i] === null));
  const line = (row: ReadonlyArray<string | number | null>) =>
    row
      .map((cell, i) => {
        const text = String(cell ?? '');
        return numeric[i] ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0);
      })
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
