/**
 * Social-post text to tokens: URLs and mentions set aside, hashtags split, emoji and txt-speak expanded,
 * acronyms protected from stemming (SEND is not "send"), contractions expanded, Porter stems, and each
 * token marked when it sits in a negation or a dismissal ("we don't need X, we need Y"). Pure.
 */
import type { Codebook } from './codebook';
import { stem } from './stem';
import { textIdOf } from './vocabulary';

export interface Token {
  /** The word as written (for explanations); a punctuation token is a sentence or clause break. */
  readonly surface: string;
  /** Lower-cased, expanded form; `acr_send` for a protected acronym; `|` for a break. */
  readonly word: string;
  readonly stem: string;
  /** `word` and `stem` as numbers (vocabulary.ts), for tables indexed by them; `NO_ID` past its limit. */
  readonly wordId: number;
  readonly stemId: number;
  readonly stop: boolean;
  negated: boolean;
  dismissed: boolean;
}

export interface TextRules {
  readonly acronymForms: ReadonlyMap<string, string>;
  readonly contextualAcronyms: ReadonlyMap<string, { token: string; before: ReadonlySet<string> }>;
  readonly hashtagIgnore: ReadonlySet<string>;
  readonly hashtagWords: ReadonlyMap<string, string>;
  readonly abbreviations: ReadonlyMap<string, string>;
  readonly emoji: ReadonlyMap<string, string>;
  readonly negationCues: ReadonlySet<string>;
  readonly scopeEnds: ReadonlySet<string>;
  /** Stem sequences that dismiss what follows (forward) or what came before in the clause (backward). */
  readonly dismissals: ReadonlyArray<{ stems: readonly string[]; backward: boolean }>;
}

export const BREAK = '|';

// Short on purpose, and without negators: natural's list drops "never", "cannot" and "more".
const STOP_WORDS = new Set(
  'a an the and or of to in on at for from by with as is are was were be been being am it its this that these those i me my we us our you your he him his she her they them their there here so just do does did have has had will would can could should shall may might what which who whom when where why how if then than too very also about into over up out some any all really literally honestly please x lol tbh'.split(' '),
);

export function toTextRules(codebook: Codebook): TextRules {
  const acronymForms = new Map<string, string>();
  const contextualAcronyms = new Map<string, { token: string; before: ReadonlySet<string> }>();
  for (const acronym of codebook.acronyms) {
    for (const form of acronym.forms) acronymForms.set(form, `acr_${acronym.token}`);
    for (const form of acronym.contextual ?? []) contextualAcronyms.set(form, { token: `acr_${acronym.token}`, before: new Set(acronym.before ?? []) });
  }
  const base: TextRules = {
    acronymForms,
    contextualAcronyms,
    hashtagIgnore: new Set(codebook.hashtags.ignore),
    hashtagWords: new Map(Object.entries(codebook.hashtags.words)),
    abbreviations: new Map(Object.entries(codebook.abbreviations)),
    emoji: new Map(Object.entries(codebook.emoji)),
    negationCues: new Set(codebook.negation.cues),
    scopeEnds: new Set(codebook.negation.scopeEnds),
    dismissals: [],
  };
  const dismissals = codebook.negation.dismissal.map((cue) => {
    const backward = cue.startsWith('<');
    return { stems: toTokens(backward ? cue.slice(1) : cue, base).map((t) => t.stem), backward };
  });
  return { ...base, dismissals };
}

const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+/gi;
const MENTION_PATTERN = /(^|[^\w])@\w+/g;
const HASHTAG_PATTERN = /#(\w+)/g;
const TOKEN_PATTERN = /[A-Za-z0-9£&]+(?:['’][A-Za-z]+)?\+?|[.!?;:,()\n]+|[\u{1F300}-\u{1FAFF}\u2600-\u27BF]\uFE0F?/gu;

export function toTokens(text: string, rules: TextRules): Token[] {
  const prepared = text
    .replace(URL_PATTERN, ' ')
    .replace(MENTION_PATTERN, '$1 ')
    .replace(HASHTAG_PATTERN, (_, tag: string) => ` ${splitHashtag(tag, rules)} `);
  const raw = prepared.match(TOKEN_PATTERN) ?? [];
  const compiled = compiledRules(rules);
  const tokens: Token[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    const surface = raw[i] as string;
    for (const form of toForms(surface, raw[i + 1], rules, compiled)) {
      tokens.push({ surface, word: form.word, stem: form.stem, wordId: form.wordId, stemId: form.stemId, stop: form.stop, negated: false, dismissed: false });
    }
  }
  markNegation(tokens, rules);
  markDismissals(tokens, rules, compiled);
  return tokens;
}

/** What a spelling becomes, before negation and dismissal marks (which depend on its neighbours). */
interface WordForm {
  readonly word: string;
  readonly stem: string;
  readonly wordId: number;
  readonly stemId: number;
  readonly stop: boolean;
}

/** Per rules: spellings already worked out, and the dismissal cues by their first stem. */
interface CompiledRules {
  readonly forms: Map<string, readonly WordForm[] | typeof DEPENDS_ON_NEXT>;
  readonly dismissalsByFirst: ReadonlyMap<string, ReadonlyArray<TextRules['dismissals'][number]>>;
}

/** Marks a contextual acronym's spelling ("send"): what it becomes depends on the next word, so it is not cached. */
const DEPENDS_ON_NEXT = Symbol('depends on the next word');
// Bounds the memory a long run's vocabulary can take; emptied when full, so it follows the text it sees.
const FORMS_LIMIT = 100_000;
const compiledCache = new WeakMap<TextRules, CompiledRules>();

function compiledRules(rules: TextRules): CompiledRules {
  let compiled = compiledCache.get(rules);
  if (!compiled) {
    const dismissalsByFirst = new Map<string, Array<TextRules['dismissals'][number]>>();
    for (const cue of rules.dismissals) {
      const first = cue.stems[0];
      if (first === undefined) continue;
      dismissalsByFirst.set(first, [...(dismissalsByFirst.get(first) ?? []), cue]);
    }
    compiled = { forms: new Map(), dismissalsByFirst };
    compiledCache.set(rules, compiled);
  }
  return compiled;
}

/** Memoised per spelling: posts repeat words, and the regular expressions and stemmer dominate tokenising. */
function toForms(surface: string, next: string | undefined, rules: TextRules, compiled: CompiledRules): readonly WordForm[] {
  let forms = compiled.forms.get(surface);
  if (forms === undefined) {
    forms = rules.contextualAcronyms.has(surface.toLowerCase()) ? DEPENDS_ON_NEXT : toWords(surface, next, rules).map(toForm);
    if (compiled.forms.size >= FORMS_LIMIT) compiled.forms.clear();
    compiled.forms.set(surface, forms);
  }
  return forms === DEPENDS_ON_NEXT ? toWords(surface, next, rules).map(toForm) : forms;
}

function toForm(word: string): WordForm {
  const isBreak = word === BREAK;
  const stemmed = isBreak || word.startsWith('acr_') ? word : stem(word);
  return { word, stem: stemmed, wordId: textIdOf(word), stemId: textIdOf(stemmed), stop: isBreak || STOP_WORDS.has(word) };
}

function splitHashtag(tag: string, rules: TextRules): string {
  const lower = tag.toLowerCase();
  if (rules.hashtagIgnore.has(lower)) return '';
  const known = rules.hashtagWords.get(lower);
  if (known !== undefined) return known;
  // CamelCase (#MentalHealthMatters) splits at each capital; an all-caps tag (#SEND) stays whole.
  return /[a-z]/.test(tag) ? tag.replace(/([a-z0-9])([A-Z])/g, '$1 $2') : tag;
}

const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/^can['’]t$/i, 'can not'],
  [/^won['’]t$/i, 'will not'],
  [/^(\w+)n['’]t$/i, '$1 not'],
  [/^(\w+)['’]m$/i, '$1 am'],
  [/^(\w+)['’]re$/i, '$1 are'],
  [/^(\w+)['’]ve$/i, '$1 have'],
  [/^(\w+)['’]ll$/i, '$1 will'],
  [/^(\w+)['’]d$/i, '$1 would'],
  [/^(\w+)['’]s$/i, '$1'],
];

function toWords(surface: string, next: string | undefined, rules: TextRules): string[] {
  if (/^[.!?;:,()\n]+$/.test(surface)) return [BREAK];
  const emoji = rules.emoji.get(surface) ?? rules.emoji.get(surface.replace(/\uFE0F$/, ''));
  if (emoji !== undefined) return emoji.split(' ');
  if (/^[\u{1F300}-\u{1FAFF}\u2600-\u27BF]/u.test(surface)) return [];
  const acronym = rules.acronymForms.get(surface) ?? rules.acronymForms.get(surface.replace(/['’]s$/, ''));
  if (acronym !== undefined) return [acronym];
  const lower = surface.toLowerCase().replace(/’/g, "'");
  const contextual = rules.contextualAcronyms.get(lower);
  if (contextual && next !== undefined && contextual.before.has(next.toLowerCase())) return [contextual.token];
  const abbreviation = rules.abbreviations.get(lower);
  if (abbreviation !== undefined) return abbreviation.split(' ');
  for (const [pattern, replacement] of CONTRACTIONS) {
    if (pattern.test(lower)) return lower.replace(pattern, replacement).split(' ').filter(Boolean);
  }
  return [lower.replace(/\+$/, '')];
}

const NEGATION_REACH = 3;
const DISMISSAL_REACH = 8;

/** A negator covers the next few content words, up to a break or a word that starts a new clause. */
function markNegation(tokens: Token[], rules: TextRules): void {
  let left = 0;
  for (const token of tokens) {
    if (token.word === BREAK || rules.scopeEnds.has(token.word)) left = 0;
    else if (left > 0 && !token.stop) {
      token.negated = true;
      left -= 1;
    }
    if (rules.negationCues.has(token.word)) left = NEGATION_REACH;
  }
}

function markDismissals(tokens: Token[], rules: TextRules, compiled: CompiledRules): void {
  for (let i = 0; i < tokens.length; i += 1) {
    const cues = compiled.dismissalsByFirst.get((tokens[i] as Token).stem);
    if (cues === undefined) continue;
    for (const cue of cues) {
      if (!startsAt(tokens, i, cue.stems)) continue;
      if (cue.backward) dismissRange(tokens, i - 1, -1, rules);
      else dismissRange(tokens, i + cue.stems.length, 1, rules);
    }
  }
}

function startsAt(tokens: readonly Token[], at: number, stems: readonly string[]): boolean {
  if (stems.length === 0) return false;
  for (let k = 0; k < stems.length; k += 1) if (tokens[at + k]?.stem !== stems[k]) return false;
  return true;
}

function dismissRange(tokens: Token[], from: number, step: 1 | -1, rules: TextRules): void {
  let reached = 0;
  for (let j = from; j >= 0 && j < tokens.length && reached < DISMISSAL_REACH; j += step) {
    const token = tokens[j];
    if (!token || token.word === BREAK) return;
    if (step === 1 && reached > 0 && rules.scopeEnds.has(token.word)) return;
    token.dismissed = true;
    reached += 1;
  }
}
