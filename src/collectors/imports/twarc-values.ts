/**
 * The JSON values of an X API v2 file, each with the line it starts on. twarc2 writes one value a line;
 * a response saved by other means is often pretty-printed (`jq .`, `curl … | python -m json.tool`, a
 * browser or Postman's "save"), several of them one after another (`jq . responses.jsonl`), or in an
 * array, and `jq .data` gives an array of tweets. Each of those is read as the lines would be. Pure.
 */
import { isDocument } from './twitter-v1-records';
import { arrayElements, endOfValue, JsonShapeError, lineCounter, skipSpace, type Span } from './json-text';
import type { RowProblem } from './types';

export type TwarcValue = { readonly line: number; readonly value: unknown } | { readonly line: number; readonly problem: string };

export interface TwarcValues {
  readonly values: TwarcValue[];
  /** The file's JSON cannot be cut into values (an unclosed object, say): nothing in it can be trusted. */
  readonly fatal?: RowProblem;
}

export function readTwarcValues(text: string): TwarcValues {
  return isDocument(text) ? readDocument(text) : { values: readLines(text) };
}

/**
 * Whether `text` is a saved X API v2 response or array of v2 tweets written over many lines. A response
 * pretty-printed puts its `meta` after every tweet, so the end of the file is read for it too.
 */
/** Fields only X API v2 tweets carry, beside their `text`. */
export const V2_TWEET_FIELDS = /"(?:edit_history_tweet_ids|author_id|conversation_id|referenced_tweets|public_metrics)"\s*:/;

export function looksLikeV2Document(text: string): boolean {
  if (!isDocument(text)) return false;
  const head = text.slice(0, 8192);
  const tail = text.slice(-4096);
  const tweetFields = V2_TWEET_FIELDS.test(head);
  if (/"data"\s*:\s*[[{]/.test(head)) return tweetFields || /"(?:includes|matching_rules)"\s*:/.test(head) || /"(?:result_count|newest_id|next_token)"\s*:/.test(tail);
  return /"text"\s*:/.test(head) && tweetFields;
}

function readLines(text: string): TwarcValue[] {
  const values: TwarcValue[] = [];
  text.split('\n').forEach((content, index) => {
    if (content.trim() === '') return;
    values.push(parseValue(content, index + 1));
  });
  return values;
}

function readDocument(text: string): TwarcValues {
  const lineAt = lineCounter(text);
  let spans: Span[];
  try {
    spans = topLevelValues(text);
  } catch (error) {
    if (!(error instanceof JsonShapeError)) throw error;
    return { values: [], fatal: { line: lineAt(error.offset), problem: `not valid JSON: ${error.message}` } };
  }
  return { values: spans.map((span) => parseValue(text.slice(span.start, span.end), lineAt(span.start))) };
}

/** Each value in the text, one after another; an array's elements stand for the array. */
function topLevelValues(text: string): Span[] {
  const spans: Span[] = [];
  for (let at = skipSpace(text, 0); at < text.length; ) {
    const end = endOfValue(text, at);
    // Element by element: spreading an array of 100k tweets into push() overflows the call stack.
    if (text[at] === '[') for (const element of arrayElements(text, at)) spans.push(element);
    else spans.push({ start: at, end });
    at = skipSpace(text, end);
  }
  return spans;
}

function parseValue(json: string, line: number): TwarcValue {
  try {
    return { line, value: JSON.parse(json) as unknown };
  } catch (error) {
    return { line, problem: `not valid JSON: ${(error as Error).message}` };
  }
}
