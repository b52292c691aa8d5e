/**
 * Whose clause a word is in. S1 turns on who is at risk: "my little brother hasn't had tea in days" is
 * about a specific child, "kids round here go hungry" is about an unnamed group (S2), and "when I was
 * 14" is over. A bag of words cannot tell these apart; pairing each word with who its clause is about
 * (the writer, a relation, a group) and when (past, now) lets the learner see the difference in words
 * it has never met in the lexicon. Pure.
 */
import { BREAK, type Token } from './text';

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

/** Per clause (tokens between breaks), which marks it carries; then a feature per content stem and mark. */
export function clauseFeatures(tokens: readonly Token[]): Map<string, number> {
  const features = new Map<string, number>();
  let start = 0;
  for (let i = 0; i <= tokens.length; i += 1) {
    if (i < tokens.length && tokens[i]?.word !== BREAK) continue;
    addClause(tokens.slice(start, i), features);
    start = i + 1;
  }
  return features;
}

function addClause(clause: readonly Token[], features: Map<string, number>): void {
  const marks = new Set<ClauseMark>();
  for (const token of clause) {
    if (SELF.has(token.word)) marks.add('self');
    if (RELATION.has(token.word)) marks.add('relation');
    if (GROUP.has(token.word)) marks.add('group');
    if (PAST.has(token.word)) marks.add('past');
    if (NOW.has(token.word)) marks.add('now');
  }
  if (marks.size === 0) return;
  for (const mark of marks) features.set(`clause:${mark}`, (features.get(`clause:${mark}`) ?? 0) + 1);
  for (const token of clause) {
    if (token.stop || token.dismissed) continue;
    for (const mark of marks) if (mark !== 'now' && mark !== 'past') features.set(`${mark}:${token.stem}`, 1);
  }
}
