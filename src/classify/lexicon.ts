/**
 * Weighted phrase lexicons matched on stem sequences ("parenting classes" = `parent class`). A phrase
 * never crosses a sentence or clause break; the longest phrase starting at a token wins. Pure.
 */
import type { WeightedTerms } from './codebook';
import { BREAK, toTokens, type TextRules, type Token } from './text';
import { idOfToken, vocabularyIdOf } from './vocabulary';

export interface LexiconEntry {
  readonly phrase: string;
  readonly stems: readonly string[];
  /** One weight per list the lexicon was built from (outcomes 1–5, or harm/specific/resolved/ended). */
  readonly weights: readonly number[];
}

export interface Lexicon {
  /** First stem's number (vocabulary.ts) → entries starting with it, longest first. */
  readonly byFirstId: ReadonlyArray<readonly LexiconEntry[] | undefined>;
  readonly lists: number;
}

export interface LexiconHit {
  readonly phrase: string;
  /** The text as written, e.g. "Send support". */
  readonly surface: string;
  readonly start: number;
  readonly end: number;
  readonly weights: readonly number[];
  readonly negated: boolean;
  readonly dismissed: boolean;
}

/** Builds one lexicon over several weighted term lists, so a phrase is matched once for every list. */
export function compileLexicon(lists: readonly WeightedTerms[], rules: TextRules): Lexicon {
  const entries = new Map<string, { phrase: string; stems: string[]; weights: number[] }>();
  lists.forEach((terms, listIndex) => {
    for (const [weightText, phrases] of Object.entries(terms)) {
      const weight = Number(weightText);
      for (const phrase of phrases) {
        const stems = toTokens(phrase, rules)
          .filter((t) => t.word !== BREAK)
          .map((t) => t.stem);
        if (stems.length === 0) continue;
        const key = stems.join(' ');
        let entry = entries.get(key);
        if (!entry) {
          entry = { phrase, stems, weights: lists.map(() => 0) };
          entries.set(key, entry);
        }
        // The same stems listed twice in one list (parenting / parents) keep the stronger weight.
        const current = entry.weights[listIndex] ?? 0;
        if (Math.abs(weight) > Math.abs(current)) entry.weights[listIndex] = weight;
      }
    }
  });
  const byFirst = new Map<string, LexiconEntry[]>();
  for (const entry of [...entries.values()].sort((a, b) => b.stems.length - a.stems.length || a.phrase.localeCompare(b.phrase))) {
    const first = entry.stems[0] as string;
    const list = byFirst.get(first) ?? [];
    list.push(entry);
    byFirst.set(first, list);
  }
  const byFirstId: Array<readonly LexiconEntry[] | undefined> = [];
  for (const [first, list] of byFirst) byFirstId[vocabularyIdOf(first)] = list;
  return { byFirstId, lists: lists.length };
}

export function matchLexicon(tokens: readonly Token[], lexicon: Lexicon): LexiconHit[] {
  const hits: LexiconHit[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as Token;
    const candidates = lexicon.byFirstId[idOfToken(token.stemId, token.stem)];
    const entry = candidates?.find((c) => matchesAt(tokens, i, c.stems));
    if (!entry) {
      i += 1;
      continue;
    }
    const span = tokens.slice(i, i + entry.stems.length);
    hits.push({
      phrase: entry.phrase,
      surface: uniqueSurfaces(span),
      start: i,
      end: i + entry.stems.length,
      weights: entry.weights,
      negated: span.some((t) => t.negated),
      dismissed: span.some((t) => t.dismissed),
    });
    i += entry.stems.length;
  }
  return hits;
}

function matchesAt(tokens: readonly Token[], at: number, stems: readonly string[]): boolean {
  for (let k = 0; k < stems.length; k += 1) if (tokens[at + k]?.stem !== stems[k]) return false;
  return true;
}

function uniqueSurfaces(span: readonly Token[]): string {
  const words: string[] = [];
  for (const token of span) if (words[words.length - 1] !== token.surface) words.push(token.surface);
  return words.join(' ');
}

/** Hit weights summed per list: a dismissed hit counts nothing, a negated one (still topic evidence) 0.75. */
export function sumWeights(hits: readonly LexiconHit[], lists: number): { active: number[]; dismissed: number[] } {
  const active = Array.from({ length: lists }, () => 0);
  const dismissed = Array.from({ length: lists }, () => 0);
  for (const hit of hits) {
    hit.weights.forEach((w, k) => {
      if (hit.dismissed) dismissed[k] = (dismissed[k] ?? 0) + w;
      else active[k] = (active[k] ?? 0) + (hit.negated ? 0.75 * w : w);
    });
  }
  return { active, dismissed };
}

/** 0 hits → 0, weight 3 → 0.78, 6 → 0.95; negative sums fall below zero the same way. */
export function squash(sum: number): number {
  return Math.sign(sum) * (1 - Math.exp(-Math.abs(sum) / 2));
}
