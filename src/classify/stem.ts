/** Porter stemming, memoised: the stemmer is ~95 % of tokenising cost and posts repeat the same words. */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';

const memo = new Map<string, string>();
const MEMO_LIMIT = 200_000;

export function stem(word: string): string {
  let stemmed = memo.get(word);
  if (stemmed === undefined) {
    stemmed = PorterStemmer.stem(word);
    if (memo.size < MEMO_LIMIT) memo.set(word, stemmed);
  }
  return stemmed;
}
