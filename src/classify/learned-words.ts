/**
 * Learned feature names (`word:camh`, `pair:wait_list`, `not-this:club`, `chr:camhs`) back to the words of the post
 * as written ("CAMHS", "waiting list", "club"), so an explanation reads as the post does. Pure.
 *
 * Only features found again in the tokens given are named. The caller tokenises the text the gate
 * released, so a word the gate replaced (a name, a handle) or one that came from a reply's parent post
 * is never spelled out here.
 */
import { toCharGrams } from './features';
import type { LexiconHit } from './lexicon';
import { BREAK, type Token } from './text';

export interface WrittenFeature {
  /** The post's words as written, e.g. "waiting list". */
  readonly text: string;
  readonly negated: boolean;
  readonly dismissed: boolean;
}

/** Feature name → the words that made it, for every word and pair feature the tokens give. */
export type WrittenWords = ReadonlyMap<string, WrittenFeature>;

/**
 * Walks the tokens as `toFeatures` does, so each feature name meets the words it was made from.
 * `outcomeHits` are the codebook phrases found in the same tokens: a "phrase:" feature is named only
 * when its phrase is among them.
 */
export function toWrittenWords(tokens: readonly Token[], outcomeHits: readonly LexiconHit[] = []): WrittenWords {
  const words = new Map<string, WrittenFeature>();
  const keep = (name: string, span: readonly Token[], marks: { negated?: boolean; dismissed?: boolean } = {}) => {
    if (!words.has(name)) words.set(name, { text: joinSurfaces(span), negated: marks.negated ?? false, dismissed: marks.dismissed ?? false });
  };
  let previous: number | undefined;
  tokens.forEach((token, i) => {
    if (token.word === BREAK) {
      previous = undefined;
      return;
    }
    if (token.stop) return;
    if (token.dismissed) {
      keep(`not-this:${token.stem}`, [token], { dismissed: true });
      previous = undefined;
      return;
    }
    keep(`word:${token.stem}`, [token]);
    if (token.negated) keep(`negated:${token.stem}`, [token], { negated: true });
    if (previous !== undefined) keep(`pair:${tokens[previous]?.stem ?? ''}_${token.stem}`, tokens.slice(previous, i + 1));
    previous = i;
  });
  // A character gram is named by the words it was cut from: "chr:camhs" reads as "CAMHS".
  for (const gram of toCharGrams(tokens)) keep(`chr:${gram.text}`, tokens.slice(gram.from, gram.to + 1).filter((t) => t.word !== BREAK));
  for (const hit of outcomeHits) if (!hit.dismissed) keep(`phrase:${hit.phrase}`, tokens.slice(hit.start, hit.end), { negated: hit.negated });
  return words;
}

/**
 * A feature in words, as written, when the text has it; null for what no single word stands for
 * (lexicon sums, cues, "is a reply") or for words not in the text: a reply's parent, or a name the
 * gate replaced.
 */
export function toWrittenFeature(feature: string, words: WrittenWords): WrittenFeature | null {
  return words.get(feature) ?? null;
}

/** Features that name no word of any text: per-outcome lexicon sums, cue strengths, "is a reply", clause marks. */
const WORDLESS_FEATURE = /^(lexicon|dismissed|cue|clause):|^reply-with-context$/;

/**
 * Whether a learned feature may be shown beside a text: it names no word, or the text as shown makes
 * it too (`shown`: the names of `toFeatures` of that text alone). A reply is scored with its parent in
 * view, and a post before the gate replaced its names, so raw features can spell words the reader must
 * not see: a withheld parent's, a handle.
 */
export function isShownFeature(feature: string, shown: ReadonlyMap<string, number>): boolean {
  return WORDLESS_FEATURE.test(feature) || shown.has(feature);
}

/** "don't" splits into two tokens with one surface: say it once. */
function joinSurfaces(span: readonly Token[]): string {
  const out: string[] = [];
  for (const token of span) if (out[out.length - 1] !== token.surface) out.push(token.surface);
  return out.join(' ');
}
