/**
 * Whose clause a word is in. S1 turns on who is at risk: "my little brother hasn't had tea in days" is
 * about a specific child, "kids round here go hungry" is about an unnamed group (S2), and "when I was
 * 14" is over. A bag of words cannot tell these apart; pairing each word with who its clause is about
 * (the writer, a relation, a group) and when (past, now) lets the learner see the difference in words
 * it has never met in the lexicon. Pure.
 */
import { BREAK, type Token } from './text';
import { memoByNumber } from './vocabulary';

const SELF = new Set(['i', 'me', 'my', 'myself', 'im', 'mine']);
const RELATION = new Set([
  'mum', 'mam', 'mom', 'mummy', 'dad', 'daddy', 'stepdad', 'stepmum', 'brother', 'sister', 'sis', 'bro', 'son', 'daughter', 'niece', 'nephew',
  'grandson', 'granddaughter', 'mate', 'friend', 'bestie', 'boyfriend', 'girlfriend', 'bf', 'gf', 'cousin', 'nan', 'grandad', 'neighbour',
  'neighbours', 'lad', 'girl', 'boy', 'pupil', 'he', 'she', 'him', 'her',
]);
const GROUP = new Set([
  'kids', 'children', 'teenagers', 'teens', 'youngsters', 'lads', 'girls', 'boys', 'everyone', 'everybody', 'people', 'ppl', 'loads', 'lots',
  'many', 'most', 'some', 'half', 'anyone', 'families', 'pupils', 'students', 'they', 'them', 'their',
]);
const PAST = new Set(['was', 'were', 'when', 'ago', 'used', 'grew', 'back', 'had', 'did']);
const NOW = new Set(['now', 'rn', 'still', 'tonight', 'today', 'keeps', 'every', 'always', 'currently', 'anymore', 'been', 'is', 'am', 'are']);

export type ClauseMark = 'self' | 'relation' | 'group' | 'past' | 'now';

/** A clause feature's name before its key: a mark's count ("clause:" and "self"), or whose clause a stem is in ("self:" and "scare"). */
export type ClausePrefix = 'clause:' | 'self:' | 'relation:' | 'group:';

/**
 * Receives each clause feature as found; a name found again has the same value as before. A key that
 * is a token's stem comes with the stem's number (vocabulary.ts).
 */
export type ClauseSink = (prefix: ClausePrefix, key: string, value: number, stemId?: number) => void;

/** The prefix of a stem's feature in a clause with this mark; none for the marks of time. */
const WHOSE_PREFIX: Readonly<Record<ClauseMark, ClausePrefix | undefined>> = { self: 'self:', relation: 'relation:', group: 'group:', past: undefined, now: undefined };

/** Per clause (tokens between breaks), which marks it carries; then a feature per content stem and mark. */
export function clauseFeatures(tokens: readonly Token[]): Map<string, number> {
  const features = new Map<string, number>();
  forEachClauseFeature(tokens, (prefix, key, value) => features.set(prefix + key, value));
  return features;
}

interface Clause {
  readonly start: number;
  readonly end: number;
  /** In the order the clause's words first carry them. */
  readonly marks: readonly ClauseMark[];
}

/**
 * The features of `clauseFeatures` to `sink`, in the order its map holds them, without building their
 * names: scoring looks each up by prefix and key. A mark's count is over the whole post, so it is
 * counted first and given whole each time the mark comes. `countScale` (below 1 only for a long post)
 * makes it a count per stretch of the length most posts have (`features.ts`, `longPostScale`).
 */
export function forEachClauseFeature(tokens: readonly Token[], sink: ClauseSink, countScale = 1): void {
  const clauses = toMarkedClauses(tokens);
  const counts = new Map<ClauseMark, number>();
  for (const { marks } of clauses) for (const mark of marks) counts.set(mark, (counts.get(mark) ?? 0) + 1);
  for (const { start, end, marks } of clauses) {
    for (const mark of marks) sink('clause:', mark, (counts.get(mark) as number) * countScale);
    for (let i = start; i < end; i += 1) {
      const token = tokens[i] as Token;
      if (token.stop || token.dismissed) continue;
      for (const mark of marks) {
        const prefix = WHOSE_PREFIX[mark];
        if (prefix !== undefined) sink(prefix, token.stem, 1, token.stemId);
      }
    }
  }
}

/** The clauses that carry a mark. */
function toMarkedClauses(tokens: readonly Token[]): Clause[] {
  const clauses: Clause[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i += 1) {
    if (i < tokens.length && tokens[i]?.word !== BREAK) continue;
    const marks = marksOf(tokens, start, i);
    if (marks.length > 0) clauses.push({ start, end: i, marks });
    start = i + 1;
  }
  return clauses;
}

function marksOf(tokens: readonly Token[], start: number, end: number): ClauseMark[] {
  const marks: ClauseMark[] = [];
  let carried = 0;
  for (let i = start; i < end; i += 1) {
    const bits = markBitsOf(tokens[i] as Token);
    if ((bits & ~carried) === 0) continue;
    // In the order the words carry them, and for one word in `MARKS`' order.
    MARKS.forEach((mark, k) => {
      if ((bits & ~carried & (1 << k)) !== 0) marks.push(mark);
    });
    carried |= bits;
  }
  return marks;
}

const MARKS: readonly ClauseMark[] = ['self', 'relation', 'group', 'past', 'now'];
const WORDS_MARKING: ReadonlyArray<ReadonlySet<string>> = [SELF, RELATION, GROUP, PAST, NOW];
/** A word's marks as bits in `MARKS`' order, by its number (vocabulary.ts). */
const markBitsOfWord = memoByNumber(toMarkBits);
const markBitsOf = (token: Token) => markBitsOfWord(token.wordId, token.word);

function toMarkBits(word: string): number {
  let bits = 0;
  WORDS_MARKING.forEach((words, k) => {
    if (words.has(word)) bits |= 1 << k;
  });
  return bits;
}
