/** Tone from natural's AFINN sentiment vocabulary: a weak signal, reported beside the outcomes, never used by them. Pure. */
import type SentimentAnalyzer from 'natural/lib/natural/sentiment/SentimentAnalyzer';
import { BREAK, type Token } from './text';
import { memoByNumber } from './vocabulary';

export type Tone = 'positive' | 'neutral' | 'negative';

let analyzer: SentimentAnalyzer | undefined;
const MARGIN = 0.05;

/** Loaded on first use: natural's sentiment module reads every language's vocabulary (~100-200 ms), which commands that never classify should not pay. */
function createAnalyzer(): SentimentAnalyzer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred require, see above
  const Analyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer') as typeof SentimentAnalyzer;
  return new Analyzer('English', null, 'afinn');
}

const polarity = new Map<string, number>();

/** natural's AFINN polarity of one word, memoised (its lookup does a list scan per word). */
function polarityOf(word: string): number {
  let value = polarity.get(word);
  if (value === undefined) {
    analyzer ??= createAnalyzer();
    value = analyzer.getSentiment([word]);
    if (polarity.size < 100_000) polarity.set(word, value);
  }
  return value;
}

/** By word number: most of a post's words were seen before, and an array is cheaper than `polarity`'s look-up by text. */
const polarityOfWord = memoByNumber(polarityOf);

/**
 * The mean AFINN polarity per word. Our own negation scope flips a word's polarity ("not good");
 * natural's would flip every later word in the post.
 */
export function toTone(tokens: readonly Token[]): Tone {
  let total = 0;
  let words = 0;
  for (const token of tokens) {
    if (token.word === BREAK) continue;
    words += 1;
    const value = polarityOfWord(token.wordId, token.word);
    total += token.negated ? -value : value;
  }
  const score = words === 0 ? 0 : total / words;
  return score > MARGIN ? 'positive' : score < -MARGIN ? 'negative' : 'neutral';
}
