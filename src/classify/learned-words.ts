/**
 * Learned feature names (`word:camh`, `pair:wait_list`, `not-this:club`, `chr:camhs`) back to the words of the post
 * as written ("CAMHS", "waiting list", "club"), so an explanation reads as the post does. Pure.
 *
 * Only features found again in the tokens given are named. The caller tokenises the text the gate
 * released, so a word the gate replaced (a name, a handle) or one that came from a reply's parent post
 * is never spelled out here.
 */
import { toCharGrams } from './features';
import { BREAK, type Token } from './text';

export interface WrittenFeature {
  /** The post's words as written, e.g. "waiting list". */
  readonly text: string;
  readonly negated: boolean;
  readonly dismissed: boolean;
}

/** Feature name → the words that made it, for every word and pair feature the tokens give. */
export type WrittenWords = ReadonlyMap<string, WrittenFeature>;

/** Walks the tokens as `toFeatures` does, so each feature name meets the words it was made from. */
export function toWrittenWords(tokens: readonly Token[]): WrittenWords {
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
  return words;
}

/**
 * A feature in words: as written when the post has it; a codebook phrase as the codebook spells it;
 * null for what no single word stands for (lexicon sums, cues, "is a reply") or a word not found.
 */
export function toWrittenFeature(feature: string, words: WrittenWords): WrittenFeature | null {
  const written = words.get(feature);
  if (written) return written;
  if (feature.startsWith('phrase:')) return { text: feature.slice('phrase:'.length), negated: false, dismissed: false };
  return null;
}

/** "don't" splits into two tokens with one surface: say it once. */
function joinSurfaces(span: readonly Token[]): string {
  const out: string[] = [];
  for (const token of span) if (out[out.length - 1] !== token.surface) out.push(token.surface);
  return out.join(' ');
}
