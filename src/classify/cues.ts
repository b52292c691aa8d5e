/**
 * Structural safeguarding signals that a phrase list cannot express: a child's age stated in the present
 * ("im 15", "she's 14", "maybe 11", "(15)", "14yo", "year 9"), an age or date that puts the harm in the
 * past ("when I was 14", "I'm 31 now", "in 2015"), and a harm cue sharing a clause with the writer or a
 * named relation ("my dad … hits", "i … cut"). Disclosures are usually oblique; these hold whatever
 * the wording. Pure.
 */
import type { LexiconHit } from './lexicon';
import { BREAK, type Token } from './text';

export interface ChildCues {
  /** Present-tense mentions of a child's age or school year. */
  readonly childAge: number;
  /** Mentions that place the account in the past or the writer in adulthood. */
  readonly past: number;
  /** Harm cues whose clause also names the writer or a relation. */
  readonly harmNearPerson: number;
}

// Words after which a number is an age: "i am 15", "she('s) 14", "only 13", "must be 10", "more than 9", "i was 14".
const AGE_BEFORE = new Set(['am', 'was', 'were', 'he', 'she', 'only', 'maybe', 'about', 'aged', 'age', 'be', 'than', 'turned', 'who']);
const AGE_AFTER = new Set(['year', 'years', 'yo', 'yr', 'yrs', 'yos']);
const SCHOOL_YEAR = new Set(['year', 'yr', 'years']);
const PAST_MARKERS = new Set(['was', 'were', 'when', 'ago', 'used']);
const NOW = new Set(['now']);
const PERSON = new Set([
  'i', 'me', 'my', 'myself', 'mum', 'mam', 'mom', 'mums', 'dad', 'dads', 'stepdad', 'stepmum', 'step', 'brother', 'sister', 'sis', 'son', 'daughter',
  'niece', 'nephew', 'grandson', 'granddaughter', 'mate', 'mates', 'friend', 'boyfriend', 'girlfriend', 'bf', 'gf', 'cousin', 'uncle', 'nan',
]);
const ADULT_AGE = 18;

export function toChildCues(tokens: readonly Token[], harmHits: readonly LexiconHit[]): ChildCues {
  let childAge = 0;
  let past = 0;
  const clauses = clauseIds(tokens);
  const personClauses = new Set<number>();
  tokens.forEach((token, i) => {
    if (PERSON.has(token.word)) personClauses.add(clauses[i] ?? -1);
    const kind = ageKind(tokens, i, clauses);
    if (kind === 'child') {
      childAge += 1;
      personClauses.add(clauses[i] ?? -1);
    } else if (kind === 'past') past += 1;
  });
  const harmNearPerson = harmHits.filter((hit) => personClauses.has(clauses[hit.start] ?? -2)).length;
  return { childAge, past, harmNearPerson };
}

/** Clause number per token; breaks belong to no clause. */
function clauseIds(tokens: readonly Token[]): number[] {
  let clause = 0;
  return tokens.map((t) => {
    if (t.word === BREAK) {
      clause += 1;
      return -1;
    }
    return clause;
  });
}

function ageKind(tokens: readonly Token[], i: number, clauses: readonly number[]): 'child' | 'past' | undefined {
  const word = tokens[i]?.word ?? '';
  const glued = /^(\d{1,2})(?:yo|yrs?|yos)$/.exec(word);
  const year = /^(19[5-9]\d|20[01][0-6])$/.test(word);
  if (year) return 'past';
  if (!glued && !/^\d{1,2}$/.test(word)) return undefined;
  const n = Number(glued ? glued[1] : word);
  const before = tokens[i - 1]?.word ?? BREAK;
  const after = tokens[i + 1]?.word ?? BREAK;
  const isSchoolYear = SCHOOL_YEAR.has(before) && n >= 1 && n <= 13;
  const isAge = Boolean(glued) || AGE_BEFORE.has(before) || AGE_AFTER.has(after) || (before === BREAK && after === BREAK);
  if (!isSchoolYear && !isAge) return undefined;
  // An adult's age is only evidence of the past with "now" ("I'm 31 now"); "he's 24" may be the danger.
  if (n >= ADULT_AGE && !isSchoolYear) return inClause(tokens, i, clauses, NOW) ? 'past' : undefined;
  return inClause(tokens, i, clauses, PAST_MARKERS) ? 'past' : 'child';
}

/** Whether one of `words` shares the clause: "when i was 14", "in year 7 i was", "i am 31 now". */
function inClause(tokens: readonly Token[], i: number, clauses: readonly number[], words: ReadonlySet<string>): boolean {
  const clause = clauses[i];
  for (let j = i - 1; j >= 0 && clauses[j] === clause; j -= 1) if (words.has(tokens[j]?.word ?? '')) return true;
  for (let j = i + 1; j < tokens.length && clauses[j] === clause; j += 1) if (words.has(tokens[j]?.word ?? '')) return true;
  return false;
}
