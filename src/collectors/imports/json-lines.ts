/**
 * Where the elements of a JSON array start, by line, so a problem in a JSON export can be named
 * `file:line` like a CSV row. Pure; a scan of the text, not a second parse.
 */

/**
 * The line of each element of the array that opens at `arrayStart` (the index of its `[`), in
 * order. Assumes valid JSON (parse it first): strings cannot hold a raw newline, so only escapes
 * and quotes need tracking.
 */
export function findElementLines(text: string, arrayStart: number): number[] {
  let line = 1;
  for (let i = 0; i < arrayStart; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  const lines: number[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectingElement = false;
  for (let i = arrayStart; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '\n') line += 1;
    if (ch === '\n' || ch === ' ' || ch === '\t' || ch === '\r') continue;
    if (expectingElement && ch !== ']') lines.push(line);
    expectingElement = false;
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth += 1;
      if (depth === 1) expectingElement = true;
    } else if (ch === ']' || ch === '}') {
      depth -= 1;
      if (depth === 0) return lines;
    } else if (ch === ',' && depth === 1) expectingElement = true;
  }
  return lines;
}
