/**
 * The files of an X account archive's `data/` folder: each is `window.YTD.<name>.partN = [ … ]`.
 * Which of them hold the owner's posts, and what the others are, for a refusal that names them. Pure.
 */

export interface YtdFile<T> {
  /** e.g. `tweets`, `deleted_tweets`, `note_tweet` */
  readonly name: string;
  readonly entries: T[];
}

const YTD = /^\s*window\.YTD\.(\w+)\.part\d+\s*=/;

/** The post files: `tweets.js` (and `tweets-part1.js` …) since 2022, `tweet.js` in 2019–2022 archives. */
export const POST_FILES: ReadonlySet<string> = new Set(['tweets', 'tweet']);

/** The YTD name at the head of the text, or undefined when it is not an archive file. */
export function ytdName(text: string): string | undefined {
  return YTD.exec(text.replace(/^\uFEFF/, ''))?.[1];
}

/** `window.YTD.<name>.partN = [ … ];` → its name and array, or undefined when the text is not one. */
export function readYtd<T>(text: string): YtdFile<T> | undefined {
  const body = text.replace(/^\uFEFF/, '');
  const match = YTD.exec(body);
  if (!match?.[1]) return undefined;
  try {
    const value = JSON.parse(body.slice(match[0].length).trim().replace(/;\s*$/, '')) as unknown;
    return Array.isArray(value) ? { name: match[1], entries: value as T[] } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why readYtd could not read `text`, by line: no `window.YTD.… =` prefix, or JSON after it that does
 * not parse (most often a file cut short by a failed download or copy), or a value that is no array.
 */
export function describeUnreadableYtd(text: string): { line: number; problem: string } {
  const body = text.replace(/^\uFEFF/, '');
  const match = YTD.exec(body);
  if (!match) return { line: 1, problem: 'not an X archive tweets file: expected window.YTD.tweets.part0 = [ … ]' };
  const prefix = match[0].trim();
  const rest = body.slice(match[0].length);
  const json = rest.trim().replace(/;\s*$/, '');
  const start = match[0].length + rest.length - rest.trimStart().length;
  try {
    JSON.parse(json);
  } catch (error) {
    const message = (error as Error).message;
    // V8 names the character where parsing failed; at the end of the input it names none.
    const position = /at position (\d+)/.exec(message)?.[1];
    const failedAt = start + (position === undefined ? json.length : Number(position));
    return { line: lineOf(body, failedAt), problem: `the JSON after ${prefix} does not parse (the file may be cut short): ${message}` };
  }
  return { line: 1, problem: `the value after ${prefix} is not a JSON array` };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** Why an archive file that is not the owner's posts is refused, naming it. */
export function describeOtherArchiveFile(name: string): string {
  const file = `${name.replace(/_/g, '-')}.js`;
  switch (name) {
    case 'deleted_tweets':
      return `this is the archive's ${file}: posts the owner deleted. They are not imported, so a deleted post never comes back as a live one (data protection); import data/tweets.js instead`;
    case 'note_tweet':
      return `this is the archive's ${file}: the full text of long posts, read from beside tweets.js; import data/tweets.js instead`;
    case 'like':
      return `this is the archive's ${file}: other people's posts the owner liked, not the owner's posts; import data/tweets.js instead`;
    case 'twitter_circle_tweet':
      return `this is the archive's ${file}: posts shared only with the owner's Circle, not public; they are not imported`;
    default:
      return `this is the archive's ${file} (window.YTD.${name}), not the owner's posts; import data/tweets.js (tweet.js in archives from 2019 to 2022)`;
  }
}

/** A companion file and its parts (`note-tweet.js`, `note-tweet-part1.js`, …) as read from beside the import. */
export function readParts(readBeside: ((name: string) => string | undefined) | undefined, base: string): string[] {
  if (!readBeside) return [];
  const texts: string[] = [];
  const first = readBeside(`${base}.js`);
  if (first !== undefined) texts.push(first);
  for (let part = 1; ; part += 1) {
    const text = readBeside(`${base}-part${part}.js`);
    if (text === undefined) return texts;
    texts.push(text);
  }
}
