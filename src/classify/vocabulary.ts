/**
 * Words and stems as small whole numbers, each given one the first time it is seen, for the life of the
 * process. A post's tokens carry their numbers (text.ts), and the tables that look a word up for every
 * token (the model's features, tone, clause marks, the lexicons) index arrays by them: looking up the
 * token's text in a `Map` instead, about 25 times a post, was a fifth of classifying. Memoisation, like
 * the stemmer's: the same text always has the same number, so results never depend on what came before.
 */
const ids = new Map<string, number>();

/** A token whose text had no number when it was read (`textIdOf` past `TOKEN_ID_LIMIT`): look it up by its text. */
export const NO_ID = -1;
/**
 * Texts given numbers for tokens. Past this, a token's new word gets none: a long run over text with
 * ever-new words (hashtags with numbers in them) would otherwise grow the table without end.
 */
const TOKEN_ID_LIMIT = 250_000;

/** The text's number, given one if it has none and the limit allows; `NO_ID` past it. For tokens. */
export function textIdOf(text: string): number {
  const known = ids.get(text);
  if (known !== undefined) return known;
  return ids.size < TOKEN_ID_LIMIT ? numberText(text) : NO_ID;
}

/**
 * The text's number, always: for what a model or lexicon is built of, so a token whose word it knows
 * always finds it by number. Bounded by their vocabularies, not by the text classified.
 */
export function vocabularyIdOf(text: string): number {
  return ids.get(text) ?? numberText(text);
}

/** A token's number for `text`: `id` itself, or for a token read past the limit, the number its text has been given since (a model compiled later), else `NO_ID`. */
export function idOfToken(id: number, text: string): number {
  return id !== NO_ID ? id : (ids.get(text) ?? NO_ID);
}

/**
 * `compute` memoised by a token's number: the value for a number is worked out once, from its text, and
 * kept in an array. A token without a number (`NO_ID`) is worked out each time; `compute` should keep its
 * own memo if that is costly. NaN is never kept, so `compute` must not return it for an answer to be kept.
 */
export function memoByNumber(compute: (text: string) => number): (id: number, text: string) => number {
  let known = new Float64Array(0);
  return (id, text) => {
    if (id === NO_ID) return compute(text);
    if (id >= known.length) {
      const larger = new Float64Array(Math.max(1024, 2 * id)).fill(Number.NaN);
      larger.set(known);
      known = larger;
    }
    let value = known[id] as number;
    if (Number.isNaN(value)) {
      value = compute(text);
      known[id] = value;
    }
    return value;
  };
}

function numberText(text: string): number {
  const id = ids.size;
  ids.set(text, id);
  return id;
}
