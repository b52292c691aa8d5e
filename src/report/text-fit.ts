/** Fitting plain text to a terminal's width, so a line never wraps mid-word or mid-table. Pure. */

/** The width when stdout is not a terminal (a pipe, a file): what most readers and pagers show. */
export const DEFAULT_WIDTH = 80;

/** Word-wraps one line; continuation lines get `indent`. A word longer than the width stays whole. */
export function wrapLine(line: string, width: number, indent = '  '): string[] {
  if (line.length <= width) return [line];
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const prefix = lines.length === 0 ? '' : indent;
    if (current !== '' && prefix.length + current.length + 1 + word.length > width) {
      lines.push(prefix + current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  lines.push((lines.length === 0 ? '' : indent) + current);
  return lines;
}

export function wrapLines(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => wrapLine(line, width));
}

/** Shortens text to `width` characters, ending in "…" when cut. */
export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1)).trimEnd()}…`;
}
