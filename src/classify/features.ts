/**
 * From a post's text to what the models see: tokens, lexicon hits (outcomes and safeguarding cues)
 * and a sparse feature map. Feature names are readable, because explanations print them. Pure.
 */
import { OUTCOMES, type Codebook } from './codebook';
import { forEachClauseFeature, type ClausePrefix } from './clauses';
import { toChildCues, toPlainStatement, type PlainStatement } from './cues';
import { compileLexicon, matchLexicon, squash, sumWeights, type Lexicon, type LexiconHit } from './lexicon';
import { BREAK, toTextRules, toTokens, type TextRules, type Token } from './text';

/** Bump when tokens or feature names change: a model trained on other features cannot be used. */
export const FEATURE_VERSION = 'ov-features-7';

/** The safeguarding lexicon's lists, in the order of a hit's weights; a codebook before 2017.1.3 has no "ended". */
export const SAFEGUARDING_LISTS = ['harm', 'specific', 'resolved', 'ended'] as const;
const RESOLVED = SAFEGUARDING_LISTS.indexOf('resolved');
const ENDED = SAFEGUARDING_LISTS.indexOf('ended');

export interface Analyser {
  readonly codebook: Codebook;
  readonly rules: TextRules;
  readonly outcomes: Lexicon;
  /** Lists: `SAFEGUARDING_LISTS` (ended empty when the codebook has none). */
  readonly safeguarding: Lexicon;
  /** The codebook's self-harm phrases as stems joined by spaces, to tell their hits among the harm cues. */
  readonly selfHarm: ReadonlySet<string>;
}

export interface Analysis {
  readonly tokens: readonly Token[];
  readonly outcomeHits: readonly LexiconHit[];
  readonly safeguardingHits: readonly LexiconHit[];
  /** Lexicon strength per outcome, squashed to (-1, 1); dismissed hits excluded. */
  readonly lexicon: readonly number[];
  readonly lexiconDismissed: readonly number[];
  /** Harm, specific-child, resolved and ended cue strengths, then the structural cues of `toChildCues`, squashed. */
  readonly cues: {
    readonly harm: number;
    readonly specific: number;
    readonly resolved: number;
    readonly ended: number;
    readonly childAge: number;
    readonly past: number;
    readonly harmNearPerson: number;
    readonly adult: number;
    readonly denied: number;
  };
  /** A self-harm statement made plainly, now, of the writer or a child they name (`toPlainStatement`): a flag whatever the score. */
  readonly plainStatement?: PlainStatement;
}

export type FeatureMap = Map<string, number>;

/** Features only the safeguarding model learns from: whose clause a word is in (src/classify/clauses.ts). */
export function isSafeguardingFeature(name: string): boolean {
  return /^(self|relation|group|clause):/.test(name);
}

export function createAnalyser(codebook: Codebook): Analyser {
  const rules = toTextRules(codebook);
  const sg = codebook.safeguarding;
  return {
    codebook,
    rules,
    outcomes: compileLexicon(
      codebook.outcomes.map((o) => o.terms),
      rules,
    ),
    safeguarding: compileLexicon(
      SAFEGUARDING_LISTS.map((list) => sg[list] ?? {}),
      rules,
    ),
    selfHarm: new Set((sg.selfHarm ?? []).map((phrase) => stemKey(phrase, rules))),
  };
}

export function analyse(text: string, analyser: Analyser): Analysis {
  const tokens = toTokens(text, analyser.rules);
  const outcomeHits = matchLexicon(tokens, analyser.outcomes);
  const safeguardingHits = matchLexicon(tokens, analyser.safeguarding);
  const sums = sumWeights(outcomeHits, OUTCOMES.length);
  const cueSums = sumCueWeights(safeguardingHits, tokens);
  const child = toChildCues(
    tokens,
    safeguardingHits.filter((hit) => (hit.weights[0] ?? 0) > 0),
    analyser.rules.negationCues,
  );
  return {
    tokens,
    outcomeHits,
    safeguardingHits,
    lexicon: sums.active.map(squash),
    lexiconDismissed: sums.dismissed.map(squash),
    cues: {
      harm: squash(cueSums[0] ?? 0),
      specific: squash(cueSums[1] ?? 0),
      resolved: squash(cueSums[2] ?? 0),
      ended: squash(cueSums[3] ?? 0),
      childAge: squash(2 * child.childAge),
      past: squash(2 * child.past),
      harmNearPerson: squash(2 * child.harmNearPerson),
      adult: squash(2 * child.adult),
      denied: squash(2 * child.denied),
    },
    ...withStatement(toPlainStatement(tokens, safeguardingHits, analyser.selfHarm)),
  };
}

function withStatement(statement: PlainStatement | undefined): { plainStatement?: PlainStatement } {
  return statement ? { plainStatement: statement } : {};
}

function stemKey(phrase: string, rules: TextRules): string {
  return toTokens(phrase, rules)
    .filter((t) => t.word !== BREAK)
    .map((t) => t.stem)
    .join(' ');
}

/**
 * Words that say harm goes on or came back. After an "ended" cue they contradict it: "it's been dealt
 * with but he still hits me", "he was charged but keeps messaging me", "it's started again".
 */
const GOES_ON = new Set(['still', 'again', 'keeps', 'keep', 'kept', 'continues', 'continue', 'ongoing']);

/**
 * Safeguarding cue sums. A dismissal ("no point in anything") is an outcome rule (G4) and does not
 * silence a cue; a negated "resolved" or "ended" cue ("can't talk to anyone", "not sorted") is not
 * resolution, and nor is an "ended" cue the post goes on to contradict (`GOES_ON`): S1 flags a child at
 * risk now whatever was done before.
 */
function sumCueWeights(hits: readonly LexiconHit[], tokens: readonly Token[]): number[] {
  const sums = SAFEGUARDING_LISTS.map(() => 0);
  // Looked for only in a post with an ended cue, which few are: scoring reads every post.
  let lastGoesOn: number | undefined;
  const contradicted = (hit: LexiconHit) => (lastGoesOn ??= tokens.findLastIndex((token) => GOES_ON.has(token.word))) >= hit.end;
  for (const hit of hits) {
    hit.weights.forEach((w, k) => {
      if (k >= RESOLVED && hit.negated) return;
      if (k === ENDED && w !== 0 && contradicted(hit)) return;
      sums[k] = (sums[k] ?? 0) + (hit.negated && k === 0 ? 0.75 * w : w);
    });
  }
  return sums;
}

/**
 * How much a parent post counts in its reply's features. A reply like "same here, 2 years on the list"
 * means what its parent was about, but the reply's own words decide: the parent is a weaker signal.
 */
export const CONTEXT_WEIGHT = 0.35;

/** Letters per character n-gram: long enough to mean something ("camhs", "y dad"), short enough to be shared. */
export const CHAR_GRAM = 5;

/**
 * Characters a gram is usually made of, numbered from 1: a gram of five of them is one small integer
 * (6 bits a character), so scoring looks it up without making a string. Anything else falls back to
 * the gram's text.
 */
const GRAM_ALPHABET = " abcdefghijklmnopqrstuvwxyz0123456789£&'’_+";
const GRAM_CODE_LIMIT = 0x2020;
const GRAM_CODES = new Int8Array(GRAM_CODE_LIMIT);
for (let i = 0; i < GRAM_ALPHABET.length; i += 1) GRAM_CODES[GRAM_ALPHABET.charCodeAt(i)] = i + 1;
/** A character's 6 bits in a gram's code, or 0 when it is not in `GRAM_ALPHABET`. */
const gramCharValue = (sequence: string, k: number): number => {
  const char = sequence.charCodeAt(k);
  return char < GRAM_CODE_LIMIT ? (GRAM_CODES[char] as number) : 0;
};
/** The bits of a code that stay when the next character's 6 are added: the last four characters'. */
const GRAM_CODE_KEEP = (1 << (6 * (CHAR_GRAM - 1))) - 1;

/** The gram of `CHAR_GRAM` characters from `start` as an integer, or -1 when a character is not in `GRAM_ALPHABET`. */
export function charGramCode(sequence: string, start: number): number {
  let code = 0;
  for (let k = start; k < start + CHAR_GRAM; k += 1) {
    const value = gramCharValue(sequence, k);
    if (value === 0) return -1;
    code = code * 64 + value;
  }
  return code;
}

/** The post's features, plus its parent's (when it is a reply) at `CONTEXT_WEIGHT` where the post has none of its own. */
export function toFeatures(analysis: Analysis, context?: Analysis): FeatureMap {
  const features: FeatureMap = new Map();
  const add: FeatureSink = (prefix, key, value) => features.set(prefix + key, value);
  forEachFeature(analysis, add);
  if (!context) return features;
  forEachFeature(context, (prefix, key, value) => {
    if (prefix === 'cue:' || features.has(prefix + key)) return;
    features.set(prefix + key, CONTEXT_WEIGHT * value);
  });
  features.set('reply-with-context', 1);
  return features;
}

/**
 * Receives a post's features in the order they are found, each as a name's prefix and the rest of it
 * ("word:" and "camh"). A name found again has the same value as before (a clause mark's count
 * comes whole, each time the mark does). A key that is a token's stem comes with the stem's number
 * (vocabulary.ts), for scoring to look it up by.
 */
export type FeatureSink = (prefix: FeaturePrefix, key: string, value: number, stemId?: number) => void;

/**
 * Receives each character gram (a "chr:" feature) as where it starts in the post's joined words, its
 * `charGramCode` (-1 when it has none), so scoring looks it up without cutting it out, and its value
 * (`charGramValue`, the same for every gram of a post).
 */
export type CharGramSink = (sequence: string, start: number, code: number, value: number) => void;

/** Receives each word pair (a "pair:" feature, named `${first}_${second}`) as its two tokens: scoring looks it up by their stems' numbers without joining them. */
export type WordPairSink = (first: Token, second: Token) => void;

export type FeaturePrefix = 'word:' | 'negated:' | 'not-this:' | 'pair:' | 'phrase:' | 'chr:' | 'lexicon:' | 'dismissed:' | 'cue:' | ClausePrefix | '';

/**
 * Every feature of one post, to `sink`. The one definition of the features: `toFeatures` names them
 * for training and explaining, and scoring (model.ts) looks the same features up without naming them.
 */
export function forEachFeature(
  analysis: Analysis,
  sink: FeatureSink,
  charGrams: CharGramSink = (sequence, start, _code, value) => sink('chr:', sequence.slice(start, start + CHAR_GRAM), value),
  wordPairs: WordPairSink = (first, second) => sink('pair:', `${first.stem}_${second.stem}`, 1),
): void {
  let previous: Token | undefined;
  for (const token of analysis.tokens) {
    if (token.word === BREAK) {
      previous = undefined;
      continue;
    }
    if (token.stop) continue;
    if (token.dismissed) {
      sink('not-this:', token.stem, 1, token.stemId);
      previous = undefined;
      continue;
    }
    sink('word:', token.stem, 1, token.stemId);
    if (token.negated) sink('negated:', token.stem, 1, token.stemId);
    if (previous !== undefined) wordPairs(previous, token);
    previous = token;
  }
  for (const hit of analysis.outcomeHits) if (!hit.dismissed) sink('phrase:', hit.phrase, 1);
  const joined = charSequence(analysis.tokens);
  forEachClauseFeature(analysis.tokens, sink, longPostScale(joined.sequence.length - CHAR_GRAM + 1));
  forEachCharGram(joined, charGrams);
  OUTCOMES.forEach((outcome, i) => {
    const strength = analysis.lexicon[i] ?? 0;
    const dismissed = analysis.lexiconDismissed[i] ?? 0;
    if (strength !== 0) sink('lexicon:', String(outcome), strength);
    if (dismissed !== 0) sink('dismissed:', String(outcome), dismissed);
  });
  const { harm, specific, resolved, ended } = analysis.cues;
  if (harm !== 0) sink('cue:', 'harm', harm);
  if (specific !== 0) sink('cue:', 'specific', specific);
  if (resolved !== 0) sink('cue:', 'resolved', resolved);
  if (ended !== 0) sink('cue:', 'ended', ended);
  if (harm > 0 && specific > 0) sink('cue:', 'harm×specific', harm * specific);
}

export interface CharGram {
  readonly text: string;
  /** The first and last token (indices into the tokens) the gram overlaps. */
  readonly from: number;
  readonly to: number;
}

/**
 * Character 5-grams over the post's words joined by spaces. Young people's spellings, txt-speak and
 * word forms ("counsellor", "counselling", "councellor"; "scared", "scary") share grams where whole
 * words do not, so labelled posts teach the model about phrasings it has never met: in held-out-by-
 * writer evaluation they raised macro-F1 and the safeguarding ranking (BENCHMARKS.md, issue 15).
 */
export function toCharGrams(tokens: readonly Token[]): CharGram[] {
  const { sequence, owner } = charSequence(tokens);
  const grams: CharGram[] = [];
  for (let start = 0; start + CHAR_GRAM <= sequence.length; start += 1) {
    let from = -1;
    let to = -1;
    for (let k = start; k < start + CHAR_GRAM; k += 1) {
      const i = owner[k] ?? -1;
      if (i < 0) continue;
      if (from < 0) from = i;
      to = i;
    }
    if (from >= 0) grams.push({ text: sequence.slice(start, start + CHAR_GRAM), from, to });
  }
  return grams;
}

/** Up to this many grams (a post of about 300 characters, longer than nearly every training row) each counts 1. */
export const GRAMS_AT_FULL_VALUE = 300;

/**
 * What each gram of a post with `grams` of them counts: 1, and for a longer post √(300 ÷ grams), so the
 * grams' sum does not grow with length. Counted 1 each, a long answer's hundreds of grams, each with a
 * small weight of its own, lifted the flag's logit by about 3 on the long answers it flagged falsely
 * (BENCHMARKS.md, stop 52); a thousand-character answer's grams now count about a half each.
 */
export function charGramValue(grams: number): number {
  return grams <= GRAMS_AT_FULL_VALUE ? 1 : Math.sqrt(GRAMS_AT_FULL_VALUE / grams);
}

/**
 * What a clause mark's count is multiplied by in a post with `grams` character grams: 1, and for a
 * longer post 300 ÷ grams, so its count is about the marked clauses in 300 characters of it. Counted
 * whole, a parent's long answer with eight clauses about a relation gained about four on the flag's
 * logit from that alone (BENCHMARKS.md, stop 52); counted once whatever the number, short posts lost
 * what the number tells.
 */
export function longPostScale(grams: number): number {
  return grams <= GRAMS_AT_FULL_VALUE ? 1 : GRAMS_AT_FULL_VALUE / grams;
}

/**
 * The grams of `toCharGrams`, in its order, as start positions in the joined words, without the
 * bookkeeping of which tokens each came from. Each gram's code is rolled on from the last one's, a
 * character at a time, rather than worked out afresh from five.
 */
function forEachCharGram({ sequence, owner }: JoinedWords, each: CharGramSink): void {
  // Characters of a word in the window: a window of spaces alone is no gram.
  let owned = 0;
  // The code of the last characters read, and how many of them in a row are in `GRAM_ALPHABET`.
  let code = 0;
  let coded = 0;
  const roll = (k: number) => {
    const value = gramCharValue(sequence, k);
    code = (code & GRAM_CODE_KEEP) * 64 + value;
    coded = value === 0 ? 0 : coded + 1;
  };
  for (let k = 0; k < CHAR_GRAM - 1 && k < sequence.length; k += 1) {
    if ((owner[k] as number) >= 0) owned += 1;
    roll(k);
  }
  const value = charGramValue(sequence.length - CHAR_GRAM + 1);
  for (let start = 0; start + CHAR_GRAM <= sequence.length; start += 1) {
    if ((owner[start + CHAR_GRAM - 1] as number) >= 0) owned += 1;
    roll(start + CHAR_GRAM - 1);
    if (owned > 0) each(sequence, start, coded >= CHAR_GRAM ? code : -1, value);
    if ((owner[start] as number) >= 0) owned -= 1;
  }
}

/** A post's words joined by spaces, and which token each character is from (`charSequence`). */
interface JoinedWords {
  readonly sequence: string;
  readonly owner: Int32Array;
}

/** `charSequence`'s owners, reused from one post to the next (scoring is synchronous). */
let ownerScratch = new Int32Array(512);

/** `ownerScratch` with room for `length` characters, keeping those written so far. */
function ownerRoom(length: number): Int32Array {
  if (ownerScratch.length < length) {
    const larger = new Int32Array(Math.max(length, 2 * ownerScratch.length));
    larger.set(ownerScratch);
    ownerScratch = larger;
  }
  return ownerScratch;
}

/**
 * The post's words joined by spaces, with a space at each end, and which token each character is from
 * (-1: a space), for the first `sequence.length` cells of `owner`. Words before the first non-empty one
 * add no space. `owner` is reused memory, valid until the next call: built a character at a time, with
 * a new array of owners, the joined words were a quarter of the memory classifying a post takes (9 of 38 KB).
 */
function charSequence(tokens: readonly Token[]): JoinedWords {
  const words: string[] = [];
  let owner = ownerRoom(2);
  owner[0] = -1;
  let at = 1;
  tokens.forEach(({ word }, i) => {
    if (word === BREAK || (word === '' && words.length === 0)) return;
    owner = ownerRoom(at + word.length + 2);
    if (words.length > 0) {
      owner[at] = -1;
      at += 1;
    }
    owner.fill(i, at, at + word.length);
    at += word.length;
    words.push(word);
  });
  owner[at] = -1;
  return { sequence: ` ${words.join(' ')} `, owner };
}
