/** Fitting plain text to a terminal's width, so a line never wraps mid-word or mid-table. Pure. */

/** The width when stdout is not a terminal (a pipe, a file): what most readers and pagers show. */
export const DEFAULT_WIDTH = 80;

/** Word-wraps one line; continuation lines get `indent`. A word longer than the width stays whole. */
export function wrapLine(line: string, width: number, indent = '  '): string[] {
  if (line.length <= width) return [line];
  const lead = /^ */.exec(line)?.[0] ?? '';
  const lines: string[] = [];
  let current = '';
  for (const word of line.slice(lead.length).split(' ')) {
    const prefix = lines.length === 0 ? lead : indent;
    if (current !== '' && prefix.length + current.length + 1 + word.length > width) {
      lines.push(prefix + current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  lines.push((lines.length === 0 ? lead : indent) + current);
  return lines;
}

export function wrapLines(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => wrapLine(line, width));
}

/** Shortens text to `width` characters, ending in "…" when cut. */
export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1)).trimEnd()}…`;
}

/**
 * Joins parts with `separator`, starting a new (indented) line between parts rather than inside one,
 * so a phrase such as a quoted question stays whole; only a part wider than the line is word-wrapped.
 */
export function joinFitting(parts: readonly string[], separator: string, width: number, indent = '  '): string[] {
  const lines: string[] = [];
  let current = '';
  for (const part of parts) {
    const prefix = lines.length === 0 ? '' : indent;
    if (current !== '' && prefix.length + current.length + separator.length + part.length > width) {
      lines.push(...wrapLine(prefix + current + separator.trimEnd(), width, indent));
      current = part;
    } else {
      current = current === '' ? part : current + separator + part;
    }
  }
  lines.push(...wrapLine((lines.length === 0 ? '' : indent) + current, width, indent));
  return lines;
}
