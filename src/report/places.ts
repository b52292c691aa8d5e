/**
 * The place tagger: which Cornwall and Isles of Scilly places a post names, from the gazetteer in
 * data/places/cornwall-places.json. Pure: the gazetteer arrives as a parsed value.
 *
 * Names match on whole words only ("Looe" never inside "loophole"), the longest name wins where two
 * start at the same word ("Mylor Bridge" before "Mylor", "St Newlyn East" before "Newlyn"), and an
 * entry marked ambiguous must pass the rule in place-rules.ts for what its name collides with.
 */
import { acceptsAmbiguous, isScillyContext, type Mention } from './place-rules';

export interface GazetteerArea {
  readonly id: string;
  readonly name: string;
}

export interface GazetteerPlace {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly area: string;
  readonly kind: string;
  readonly lat: number;
  readonly lon: number;
  readonly ambiguous: boolean;
  readonly note?: string;
}

export interface Gazetteer {
  readonly version: string;
  readonly areas: readonly GazetteerArea[];
  readonly places: readonly GazetteerPlace[];
}

export interface PlaceTag {
  readonly name: string;
  readonly area: string;
  /** The name, with its area where two entries share it: "St Agnes (Isles of Scilly)". */
  readonly label: string;
}

export class GazetteerError extends Error {}

/** Checks the gazetteer's shape once; everything after trusts the types. */
export function toGazetteer(value: unknown): Gazetteer {
  const g = value as Gazetteer;
  const fail = (what: string): never => {
    throw new GazetteerError(`gazetteer: ${what}`);
  };
  if (typeof g !== 'object' || g === null || typeof g.version !== 'string') fail('needs a "version"');
  if (!Array.isArray(g.areas) || !Array.isArray(g.places)) fail('needs "areas" and "places" lists');
  const areas = new Set(g.areas.map((a) => a.id));
  for (const place of g.places) {
    if (typeof place.name !== 'string' || place.name.trim() === '') fail('a place has no name');
    if (!areas.has(place.area)) fail(`place "${place.name}" has unknown area "${place.area}"`);
    if (!Array.isArray(place.aliases)) fail(`place "${place.name}" needs an "aliases" list`);
  }
  return g;
}

/** "St. Mary’s" and "Saint Marys" are one spelling; punctuation between words is dropped. */
export function toPlaceKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/\bsaint\b/g, 'st')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface Form {
  readonly key: string;
  readonly place: GazetteerPlace;
  /** An alias that adds a qualifier ("The Lizard", "St Agnes, Scilly") is evidence by itself. */
  readonly qualified: boolean;
}

export interface PlaceTagger {
  readonly gazetteer: Gazetteer;
  /** Places the text names, in order of first mention, each once. */
  tag(text: string): PlaceTag[];
  areaName(id: string): string;
}

export function createPlaceTagger(gazetteer: Gazetteer): PlaceTagger {
  const forms = new Map<string, Form[]>();
  const firstWords = new Set<string>();
  let longest = 1;
  for (const place of gazetteer.places) {
    const nameKey = toPlaceKey(place.name);
    for (const spelling of [place.name, ...place.aliases]) {
      const key = toPlaceKey(spelling);
      if (key === '') continue;
      const list = forms.get(key) ?? [];
      if (!list.some((f) => f.place === place)) list.push({ key, place, qualified: key !== nameKey });
      forms.set(key, list);
      firstWords.add(key.split(' ')[0] ?? key);
      longest = Math.max(longest, key.split(' ').length);
    }
  }
  const areaNames = new Map(gazetteer.areas.map((a) => [a.id, a.name]));
  const shared = new Set(gazetteer.places.filter((p, i, all) => all.findIndex((q) => q.name === p.name) !== i).map((p) => p.name));
  const labelOf = (place: GazetteerPlace) => (shared.has(place.name) ? `${place.name} (${areaNames.get(place.area) ?? place.area})` : place.name);
  return {
    gazetteer,
    tag: (text) => tagText(text, { forms, firstWords, longest }, labelOf),
    areaName: (id) => areaNames.get(id) ?? id,
  };
}

interface Word {
  readonly text: string;
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}’'`]*/gu;

interface FormIndex {
  readonly forms: ReadonlyMap<string, Form[]>;
  /** The first word of every name: most words of a post are not, and are skipped at once. */
  readonly firstWords: ReadonlySet<string>;
  /** Words in the longest name. */
  readonly longest: number;
}

function toWords(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    // A WORD match holds only letters, digits and apostrophes, so toPlaceKey reduces to this (it runs for every word).
    const lower = match[0].toLowerCase().replace(/[’'`]/g, '');
    const key = lower === 'saint' ? 'st' : lower;
    if (key !== '') words.push({ text: match[0], key, start: match.index, end: match.index + match[0].length });
  }
  return words;
}

function tagText(text: string, index: FormIndex, labelOf: (place: GazetteerPlace) => string): PlaceTag[] {
  const words = toWords(text);
  const mentions = findMentions(text, words, index);
  const sure = new Set(mentions.filter((m) => !m.form.place.ambiguous || m.form.qualified).map((m) => m.form.place));
  const context = { text, words, sureAreas: new Set([...sure].map((p) => p.area)), scilly: isScillyContext(text) };
  const tags: PlaceTag[] = [];
  const seen = new Set<string>();
  for (const mention of mentions) {
    const place = choosePlace(mention, context);
    if (!place) continue;
    const id = `${place.name}\u0000${place.area}`;
    if (seen.has(id)) continue;
    seen.add(id);
    tags.push({ name: place.name, area: place.area, label: labelOf(place) });
  }
  return tags;
}

/** Scans word by word, trying the longest run of words first, so a longer name always wins. */
function findMentions(text: string, words: readonly Word[], { forms, firstWords, longest }: FormIndex): Mention<Form>[] {
  const mentions: Mention<Form>[] = [];
  let i = 0;
  while (i < words.length) {
    if (!firstWords.has(words[i]!.key)) {
      i += 1;
      continue;
    }
    let found: Mention<Form>[] = [];
    let length = Math.min(longest, words.length - i);
    for (; length > 0 && found.length === 0; length -= 1) {
      const key = words
        .slice(i, i + length)
        .map((w) => w.key)
        .join(' ');
      const candidates = forms.get(key);
      if (!candidates) continue;
      const first = words[i]!;
      const last = words[i + length - 1]!;
      found = candidates.map((form) => ({ form, first: i, last: i + length - 1, written: text.slice(first.start, last.end) }));
    }
    if (found.length > 0) {
      mentions.push(...found);
      i = found[0]!.last + 1;
    } else {
      i += 1;
    }
  }
  return mentions;
}

interface TagContext {
  readonly text: string;
  readonly words: readonly Word[];
  readonly sureAreas: ReadonlySet<string>;
  readonly scilly: boolean;
}

/** A name shared by two entries (St Agnes) resolves by Scilly context; others by the ambiguity rule. */
function choosePlace(mention: Mention<Form>, context: TagContext): GazetteerPlace | undefined {
  const { place, qualified } = mention.form;
  if (qualified || !place.ambiguous) return place;
  return acceptsAmbiguous(place, mention, context) ? place : undefined;
}
