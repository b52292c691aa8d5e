/**
 * Structural safeguarding signals that a phrase list cannot express: a child's age stated in the present
 * ("im 15", "she's 14", "maybe 11", "(15)", "14yo", "year 9"), an age or date that puts the harm in the
 * past ("when I was 14", "I'm 31 now", "in 2015"), a grown-up's age that says the person at risk is not a
 * child ("i'm 31 n some days…", "my sister is 28"), a harm cue sharing a clause with the writer or a
 * named relation ("my dad … hits", "i … cut"), and a harm cue denied outright ("i'm not suicidal",
 * "nobody at home hurts me"). Disclosures are usually oblique; these hold whatever the wording. Pure.
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
  /** Present ages of 18 or more that are the writer's or a relation's they name: S1 is about children. */
  readonly adult: number;
  /** Harm cues a negator denies outright ("not suicidal", "isn't being groomed", "nobody at home hurts me"). */
  readonly denied: number;
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
// Whose stated age says who is at risk: "my sister is 28", "my dad (68)". Partners are left out on purpose:
// "her boyfriend is 23" is the danger to a child, not a sign that the one at risk is grown up.
const GROWN_RELATION = new Set([
  'mum', 'mam', 'mom', 'dad', 'brother', 'sister', 'sis', 'bro', 'son', 'daughter', 'niece', 'nephew', 'cousin', 'husband', 'wife', 'partner',
  'nan', 'grandad', 'grandma', 'grandpa', 'uncle', 'aunt', 'auntie', 'grandson', 'granddaughter',
]);
// Between a negator and a harm cue it denies: "not being groomed", "nobody at home hurts", "don't feel unsafe".
const DENIAL_GAP = new Set(['be', 'being', 'am', 'is', 'are', 'feel', 'a', 'at', 'home', 'getting', 'been', 'ever', 'actually', 'even', 'or', 'anything']);
const DENIAL_REACH = 3;

export function toChildCues(tokens: readonly Token[], harmHits: readonly LexiconHit[], negators: ReadonlySet<string> = new Set()): ChildCues {
  let childAge = 0;
  let past = 0;
  let adult = 0;
  const clauses = clauseIds(tokens);
  const personClauses = new Set<number>();
  tokens.forEach((token, i) => {
    if (PERSON.has(token.word)) personClauses.add(clauses[i] ?? -1);
    const kind = ageKind(tokens, i, clauses);
    if (kind === 'child') {
      childAge += 1;
      personClauses.add(clauses[i] ?? -1);
    } else if (kind === 'past') past += 1;
    else if (kind === 'adult') adult += 1;
  });
  const harmNearPerson = harmHits.filter((hit) => personClauses.has(clauses[hit.start] ?? -2)).length;
  const denied = harmHits.filter((hit) => isDenied(tokens, hit, negators)).length;
  return { childAge, past, harmNearPerson, adult, denied };
}

/**
 * A negator just before the cue, with only filler between: "i'm not suicidal", "nobody at home hurts me".
 * Not "can't stop cutting" ("stop" is no filler), and not a cue that carries its own negator ("don't feel safe").
 */
function isDenied(tokens: readonly Token[], hit: LexiconHit, negators: ReadonlySet<string>): boolean {
  if (tokens.slice(hit.start, hit.end).some((t) => negators.has(t.word))) return false;
  for (let j = hit.start - 1; j >= Math.max(0, hit.start - 1 - DENIAL_REACH); j -= 1) {
    const word = tokens[j]?.word ?? BREAK;
    if (negators.has(word)) return true;
    if (!DENIAL_GAP.has(word)) return false;
  }
  return false;
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

function ageKind(tokens: readonly Token[], i: number, clauses: readonly number[]): 'child' | 'past' | 'adult' | undefined {
  const word = tokens[i]?.word ?? '';
  // Every age or year below starts with a digit; most words do not, and skip the patterns.
  if (!isDigit(word.charCodeAt(0))) return undefined;
  const glued = /^(\d{1,2})(?:yo|yrs?|yos)$/.exec(word);
  const year = /^(19[5-9]\d|20[01][0-6])$/.test(word);
  if (year) return 'past';
  if (!glued && !/^\d{1,2}$/.test(word)) return undefined;
  const n = Number(glued ? glued[1] : word);
  const before = tokens[i - 1]?.word ?? BREAK;
  const after = tokens[i + 1]?.word ?? BREAK;
  const isSchoolYear = SCHOOL_YEAR.has(before) && n >= 1 && n <= 13;
  const isAge = Boolean(glued) || AGE_BEFORE.has(before) || AGE_AFTER.has(after) || (before === BREAK && after === BREAK) || isPersonIs(tokens, i);
  if (!isSchoolYear && !isAge) return undefined;
  // An adult's age is only evidence of the past with "now" ("I'm 31 now"); "he's 24" may be the danger.
  if (n >= ADULT_AGE && !isSchoolYear) {
    if (inClause(tokens, i, clauses, NOW)) return 'past';
    return isGrownUpsAge(tokens, i) ? 'adult' : undefined;
  }
  return inClause(tokens, i, clauses, PAST_MARKERS) ? 'past' : 'child';
}

const isDigit = (char: number) => char >= 48 && char <= 57;

/** "my son is 15", "my sister is 28": a number after "is" is an age when a person comes just before. */
function isPersonIs(tokens: readonly Token[], i: number): boolean {
  const person = tokens[i - 2]?.word ?? '';
  return tokens[i - 1]?.word === 'is' && (PERSON.has(person) || GROWN_RELATION.has(person) || CHILD_RELATION.has(person));
}

/** "i am 31", "my sister is 28", "my dad (68)": the age of the writer, or of a relation the writer names. */
function isGrownUpsAge(tokens: readonly Token[], i: number): boolean {
  const before = tokens[i - 1]?.word;
  if (before === 'am') return tokens[i - 2]?.word === 'i';
  // "my sister is 28", "my dad (68)": the relation two back, "my" before it (brackets are breaks).
  if (before !== 'is' && before !== BREAK) return false;
  const relation = tokens[i - 2]?.word ?? '';
  return GROWN_RELATION.has(relation) && (tokens[i - 3]?.word === 'my' || tokens[i - 3]?.word === 'our');
}

/** Whether one of `words` shares the clause: "when i was 14", "in year 7 i was", "i am 31 now". */
function inClause(tokens: readonly Token[], i: number, clauses: readonly number[], words: ReadonlySet<string>): boolean {
  const clause = clauses[i];
  for (let j = i - 1; j >= 0 && clauses[j] === clause; j -= 1) if (words.has(tokens[j]?.word ?? '')) return true;
  for (let j = i + 1; j < tokens.length && clauses[j] === clause; j += 1) if (words.has(tokens[j]?.word ?? '')) return true;
  return false;
}

// Who a plain statement may be about (S1: the writer, or a child identified by relationship).
const CHILD_RELATION = new Set([
  'son', 'daughter', 'brother', 'sister', 'sis', 'bro', 'niece', 'nephew', 'grandson', 'granddaughter', 'stepson', 'stepdaughter', 'cousin', 'mate', 'friend',
  'boyfriend', 'girlfriend', 'bf', 'gf', 'child', 'kid', 'boy', 'girl', 'lad', 'teenager', 'eldest', 'youngest', 'old',
]);
// Scanning back from the statement, these end the search: the statement is denied or supposed, or its
// subject is a group, an adult or someone unnamed ("kids who self harm", "my mum", "if i had to").
const NOT_A_STATEMENT = new Set([
  'not', 'never', 'no', 'nt', 'would', 'could', 'if', 'you', 'we', 'they', 'who', 'which', 'people', 'kids', 'children', 'students', 'teenagers',
  'young', 'lads', 'girls', 'boys', 'everyone', 'lots', 'many', 'some', 'others', 'anyone', 'someone', 'mum', 'mam', 'mom', 'dad', 'nan', 'uncle',
  'aunt', 'stepdad', 'stepmum', 'parent', 'parents', 'teacher', 'friends', 'mates', 'loads', 'lot', 'hear', 'see', 'know', 'worry', 'deal', 'support',
  'help', 'work', 'teach', 'cover',
]);
// In the statement's clause, these put it in the past ("i used to cut myself", "when he was 12").
const STATEMENT_PAST = new Set(['used', 'was', 'were', 'ago', 'had']);
// Laughter anywhere in the post makes "i want to die" a figure of speech ("the bus is so bad i want to die 😂").
const LAUGHTER = new Set(['laugh', 'lol', 'lmao', 'haha', 'hahaha', 'jk', 'joking']);
/** How far back from the statement its subject may be: "my son said he keeps wanting to die". */
const SUBJECT_REACH = 8;

export interface PlainStatement {
  readonly hit: LexiconHit;
  readonly about: 'writer' | 'relation';
}

/**
 * The first self-harm or suicide statement made plainly, now, by the writer of themselves or about a
 * child they name by relationship: "i cut myself when it gets bad", "ngl i self harm", "my son wants to
 * kill himself". S4 calls these disclosures, and the model can miss a wording no training row used, so
 * one is a flag whatever the score. Narrow on purpose: a statement about a group, an adult or someone
 * unnamed, in the past, negated, supposed or laughed off, or by a writer who says they are grown up, is left to the model. `selfHarm` holds the
 * stems of the codebook's self-harm phrases, joined by spaces.
 */
export function toPlainStatement(tokens: readonly Token[], hits: readonly LexiconHit[], selfHarm: ReadonlySet<string>): PlainStatement | undefined {
  if (selfHarm.size === 0 || isGrownWriter(tokens)) return undefined;
  for (const hit of hits) {
    if (!selfHarm.has(stemsOf(tokens, hit))) continue;
    const about = subjectNow(tokens, hit);
    // Laughter is looked for only here: this runs for every post, and few have a self-harm phrase.
    if (about) return tokens.some((t) => LAUGHTER.has(t.word)) ? undefined : { hit, about };
  }
  return undefined;
}

/**
 * Young people's services run to 25 (care leavers, SEND), so only a writer who says they are older than
 * that is plainly not a child or young person (S1): "im 31 n some days i dont want to be here" is left to
 * the model, which has learnt from such rows.
 */
const GROWN_WRITER_AGE = 25;

function isGrownWriter(tokens: readonly Token[]): boolean {
  return tokens.some((t, i) => t.word === 'am' && tokens[i - 1]?.word === 'i' && /^\d{2}$/.test(tokens[i + 1]?.word ?? '') && Number(tokens[i + 1]?.word) >= GROWN_WRITER_AGE);
}

function stemsOf(tokens: readonly Token[], hit: LexiconHit): string {
  return tokens
    .slice(hit.start, hit.end)
    .map((t) => t.stem)
    .join(' ');
}

function subjectNow(tokens: readonly Token[], hit: LexiconHit): PlainStatement['about'] | undefined {
  let start = hit.start;
  while (start > 0 && tokens[start - 1]?.word !== BREAK) start -= 1;
  let end = hit.end;
  while (end < tokens.length && tokens[end]?.word !== BREAK) end += 1;
  if (tokens.slice(start, end).some((t) => STATEMENT_PAST.has(t.word)) || isPastTense(tokens, hit)) return undefined;
  for (let j = hit.start - 1; j >= Math.max(start, hit.start - SUBJECT_REACH); j -= 1) {
    const word = tokens[j]?.word ?? '';
    if (word === 'i') return 'writer';
    if (CHILD_RELATION.has(word)) return namedByWriter(tokens, j, start) ? 'relation' : undefined;
    if (NOT_A_STATEMENT.has(word)) return undefined;
  }
  // "kill myself", "end my life" with no subject before them ("been starving myself", "kms"): the writer.
  const reflexive = tokens.slice(hit.start, hit.end).some((t) => t.word === 'myself' || t.word === 'my');
  return reflexive && !tokens.slice(start, hit.start).some((t) => NOT_A_STATEMENT.has(t.word)) ? 'writer' : undefined;
}

/** "i self-harmed", "he overdosed": a word of the statement in the past tense that the phrase itself does not have. */
function isPastTense(tokens: readonly Token[], hit: LexiconHit): boolean {
  const listed = new Set(hit.phrase.toLowerCase().split(/[^a-z']+/));
  return tokens.slice(hit.start, hit.end).some((t) => t.word.endsWith('ed') && !listed.has(t.word));
}

/** "my son", "my little brother", "my 15 year old": a relation word with "my" just before it. */
function namedByWriter(tokens: readonly Token[], at: number, clauseStart: number): boolean {
  for (let j = at - 1; j >= Math.max(clauseStart, at - 4); j -= 1) if (tokens[j]?.word === 'my') return true;
  return false;
}
