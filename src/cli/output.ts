import type { CommandContext } from './context';

/** `--json` prints the same model the human line or table shows; both go to stdout, which is data. */
export function printResult(context: CommandContext, json: boolean | undefined, model: unknown, human: string): void {
  context.print(json ? JSON.stringify(model, null, 2) : human);
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
