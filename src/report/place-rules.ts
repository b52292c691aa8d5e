/**
 * When a gazetteer entry marked ambiguous counts as a mention of the place. The gazetteer's notes
 * (data/places/README.md) sort the ambiguous names into kinds; each kind gets one rule here. An
 * ambiguous name this table does not know gets the strictest rule, so a new entry can only be missed,
 * never wrongly counted.
 */
import type { GazetteerPlace } from './places';

export interface Mention<F> {
  readonly form: F & { readonly qualified: boolean };
  /** Index of the first and last word of the mention. */
  readonly first: number;
  readonly last: number;
  /** The mention as written. */
  readonly written: string;
}

interface ContextWord {
  readonly text: string;
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

export interface RuleContext {
  readonly text: string;
  readonly words: readonly ContextWord[];
  /** Areas of places named unambiguously in the same text. */
  readonly sureAreas: ReadonlySet<string>;
  readonly scilly: boolean;
}

type Rule =
  /** A name collision settled by whole words and the longest match alone (Looe, Mylor, Newlyn). */
  | 'name'
  /** A name that is also a typo or a saint: capitalised is enough. */
  | 'capitalised'
  /** A common word (Pool, Par, Mount, Bugle): capitalised, and place context. */
  | 'word'
  /** A first name or surname (Paul, Mitchell): capitalised, and place context. */
  | 'person'
  /** A name shared with places elsewhere: capitalised, and Cornwall or place context. */
  | 'elsewhere'
  /** St Ives: unless Cambridgeshire or Dorset is named. */
  | 'st-ives'
  /** Scilly islands named like churches and schools: only with Scilly context. */
  | 'island'
  /** The Cornish village St Agnes: unless the text is about Scilly. */
  | 'village-not-scilly';

const RULES: Readonly<Record<string, Rule>> = {
  looe: 'name',
  mylor: 'name',
  newlyn: 'name',
  mawgan: 'name',
  'st just': 'name',
  'st ive': 'name',
  ludgvan: 'name',
  tywardreath: 'name',
  mabe: 'name',
  'carn brea': 'name',
  'st stephen': 'name',
  gweek: 'capitalised',
  'st dennis': 'capitalised',
  paul: 'person',
  mitchell: 'person',
  constantine: 'person',
  antony: 'person',
  roche: 'person',
  malpas: 'elsewhere',
  troon: 'elsewhere',
  seaton: 'elsewhere',
  millbrook: 'elsewhere',
  charlestown: 'elsewhere',
  stratton: 'elsewhere',
  blackwater: 'elsewhere',
  'north hill': 'elsewhere',
  'st ives': 'st-ives',
};

const PLACE_PREPOSITIONS = new Set(['in', 'from', 'at', 'near', 'nr', 'around', 'outside', 'towards', 'to', 'via', 'round']);
// "from Paul" and "to Paul" are usually letters, not addresses.
const PERSON_PREPOSITIONS = new Set(['in', 'near', 'nr', 'outside', 'around']);
const PLACE_FOLLOWERS = new Set(['cornwall', 'kernow', 'station', 'beach', 'village', 'harbour', 'parish']);
const ELSEWHERE = /\b(cambs|cambridgeshire|huntingdon|dorset|devon|scotland|ayrshire|cheshire|newport|bedfordshire|cumbria|durham|usa|ireland)\b/i;
const CORNWALL = /\b(cornwall|kernow|cornish)\b/i;
const SCILLY = /\b(scilly|scillies|scillonian|hugh town|tresco|bryher|gugh|off[- ]islands?|the islands)\b/i;
const ISLANDS = ['st marys', 'st martins', 'st agnes'];

/** Does the text talk about the Isles of Scilly, apart from one island named like a mainland place? */
export function isScillyContext(text: string): boolean {
  return SCILLY.test(text);
}

function otherIslandNamed(context: RuleContext, island: string): boolean {
  const keys = context.words.map((w) => w.key);
  return ISLANDS.some((name) => name !== island && containsRun(keys, name.split(' ')));
}

function containsRun(keys: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= keys.length; i += 1) if (run.every((k, j) => keys[i + j] === k)) return true;
  return false;
}

export function ruleFor(place: GazetteerPlace): Rule {
  const key = place.name.toLowerCase().replace(/[’'.]/g, '');
  if (place.area === 'isles-of-scilly') return 'island';
  if (key === 'st agnes') return 'village-not-scilly';
  return RULES[key] ?? 'word';
}

export function acceptsAmbiguous<F>(place: GazetteerPlace, mention: Mention<F>, context: RuleContext): boolean {
  const rule = ruleFor(place);
  const islandKey = place.name.toLowerCase().replace(/[’'.]/g, '');
  switch (rule) {
    case 'name':
      return true;
    case 'capitalised':
      return isCapitalised(mention, context);
    case 'st-ives':
      return !ELSEWHERE.test(context.text);
    case 'island':
      return context.scilly || otherIslandNamed(context, islandKey);
    case 'village-not-scilly':
      return !(context.scilly || otherIslandNamed(context, 'st agnes'));
    case 'person':
      return isCapitalised(mention, context) && hasPlaceContext(place, mention, context, PERSON_PREPOSITIONS);
    case 'elsewhere':
      return isCapitalised(mention, context) && !ELSEWHERE.test(context.text) && (CORNWALL.test(context.text) || hasPlaceContext(place, mention, context, PLACE_PREPOSITIONS));
    case 'word':
      return isCapitalised(mention, context) && !isPartOfLongerName(mention, context) && hasPlaceContext(place, mention, context, PLACE_PREPOSITIONS);
  }
}

/** "The Lizard" counts as capitalised by its second word. */
function isCapitalised<F>(mention: Mention<F>, context: RuleContext): boolean {
  const first = context.words[mention.first];
  const word = first?.key === 'the' && mention.last > mention.first ? context.words[mention.first + 1] : first;
  return word !== undefined && /^\p{Lu}/u.test(word.text);
}

function hasPlaceContext<F>(place: GazetteerPlace, mention: Mention<F>, context: RuleContext, prepositions: ReadonlySet<string>): boolean {
  const before = context.words[mention.first - 1]?.key;
  const after = context.words[mention.last + 1]?.key;
  if (before !== undefined && prepositions.has(before)) return true;
  if (after !== undefined && PLACE_FOLLOWERS.has(after)) return true;
  return context.sureAreas.has(place.area);
}

/** "St Michael's Mount", "Mount Edgcumbe", "Pool Table": the name is a part of something else. */
function isPartOfLongerName<F>(mention: Mention<F>, context: RuleContext): boolean {
  const before = context.words[mention.first - 1];
  const after = context.words[mention.last + 1];
  if (before && /['’]s$/i.test(before.text)) return true;
  return after !== undefined && /^\p{Lu}/u.test(after.text) && !PLACE_FOLLOWERS.has(after.key) && !isJoinedByPunctuation(mention, context);
}

/** "Pool, Camborne" is a list, not one name: punctuation between the words breaks the name. */
function isJoinedByPunctuation<F>(mention: Mention<F>, context: RuleContext): boolean {
  const last = context.words[mention.last];
  const after = context.words[mention.last + 1];
  return last !== undefined && after !== undefined && /[,;:.()!?]/.test(context.text.slice(last.end, after.start));
}
