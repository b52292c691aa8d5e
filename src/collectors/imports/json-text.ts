/**
 * Reading JSON whose numbers must not be trusted to JavaScript: Twitter v1.1 writes 64-bit ids as
 * bare numbers (`"id": 1234567890123456789`) beside their `*_str` twins, and `JSON.parse` rounds
 * anything past 2^53. These helpers find where each record sits in the text, so a record's JSON can
 * be kept byte for byte, and parse it with such integers kept as strings. Pure.
 */

/** Where one JSON value sits in a text: `text.slice(start, end)`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Malformed JSON at a character offset (turned into a line number by the caller). */
export class JsonShapeError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

// A string is consumed whole, so digits inside it are never touched; a bare integer beyond 2^53
// (not part of a decimal or exponent) is the only thing rewritten.
const STRING_OR_BIG_INTEGER = /"[^"\\]*(?:\\.[^"\\]*)*"|(?<![\w.+-])-?\d{16,}(?![\w.])/g;

/** JSON.parse, except that integers too big for a JavaScript number come back as their exact digits. */
export function parseExact(json: string): unknown {
  const safe = json.replace(STRING_OR_BIG_INTEGER, (token) =>
    token.startsWith('"') || Number.isSafeInteger(Number(token)) ? token : `"${token}"`,
  );
  return JSON.parse(safe) as unknown;
}

export function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i] ?? '')) i += 1;
  return i;
}

/** The end (exclusive) of the JSON value starting at `at`. Checks structure only; the caller parses. */
export function endOfValue(text: string, at: number): number {
  const first = text[at];
  if (first === undefined) throw new JsonShapeError(at, 'the JSON ends too early');
  if (first === '"') return endOfString(text, at);
  if (first !== '{' && first !== '[') {
    let i = at;
    while (i < text.length && !/[\s,\]}]/.test(text[i] ?? '')) i += 1;
    if (i === at) throw new JsonShapeError(at, `unexpected "${first}"`);
    return i;
  }
  let depth = 0;
  for (let i = at; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') i = endOfString(text, i) - 1;
    else if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  throw new JsonShapeError(at, `this ${first === '[' ? 'array' : 'object'} is never closed`);
}

function endOfString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i + 1;
  }
  throw new JsonShapeError(at, 'this string is never closed');
}

/** The elements of the array whose `[` is at `open`. */
export function arrayElements(text: string, open: number): Span[] {
  const spans: Span[] = [];
  let i = skipSpace(text, open + 1);
  if (text[i] === ']') return spans;
  for (;;) {
    const end = endOfValue(text, i);
    spans.push({ start: i, end });
    i = skipSpace(text, end);
    if (text[i] === ']') return spans;
    if (text[i] !== ',') throw new JsonShapeError(i, 'expected "," or "]" between array elements');
    i = skipSpace(text, i + 1);
  }
}

/** The value of member `key` of the object whose `{` is at `open`, or undefined when it has none. */
export function memberValue(text: string, open: number, key: string): Span | undefined {
  let i = skipSpace(text, open + 1);
  if (text[i] === '}') return undefined;
  for (;;) {
    if (text[i] !== '"') throw new JsonShapeError(i, 'expected a member name');
    const nameEnd = endOfString(text, i);
    const name = JSON.parse(text.slice(i, nameEnd)) as string;
    i = skipSpace(text, nameEnd);
    if (text[i] !== ':') throw new JsonShapeError(i, 'expected ":" after a member name');
    const start = skipSpace(text, i + 1);
    const end = endOfValue(text, start);
    if (name === key) return { start, end };
    i = skipSpace(text, end);
    if (text[i] === '}') return undefined;
    if (text[i] !== ',') throw new JsonShapeError(i, 'expected "," or "}" between members');
    i = skipSpace(text, i + 1);
  }
}

/** Line numbers for offsets read in increasing order, counted once over the text. */
export function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let counted = 0;
  return (offset) => {
    for (; counted < offset; counted += 1) if (text.charCodeAt(counted) === 10) line += 1;
    return line;
  };
}
