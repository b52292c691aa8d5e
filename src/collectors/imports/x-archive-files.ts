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
