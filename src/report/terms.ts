/**
 * What people asked for, per outcome: the words and two-word phrases most distinctive of the posts in
 * one outcome against all the others. Scored by the weighted log-odds ratio with an uninformative
 * Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words"), which does not let a rare word
 * win on one lucky post the way a plain ratio does. Pure.
 */

const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
  our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
  these they this those through to too under until up very was we were what when where which while who whom why will
  with would you your yours yourself yourselves im ive id dont doesnt didnt cant wont isnt arent wasnt theyre theres
  thats whats youre weve lets also get got go going really lot lots much many like one two would could should us may
  might must need needs want wants make made way thing things think know see well even still every ever dont yes oh
  rt amp via http https www com cornwall cornish young people children child kids ciosonevision onevision cornwallct
  would change world`.split(/\s+/),
);

/**
 * Words that name no theme on their own: the generic verbs, nouns and adverbs of everyday English (the
 * codebook's language), which float to the top of a small outcome by chance ("come", "open", "person",
 * "table"). They are never shown alone, but may make a phrase with a word that is not generic
 * ("open late", "waiting list"). Words that can carry a theme by themselves ("help", "work", "free",
 * "safe") are not listed.
 */
export const GENERIC_WORDS = new Set(
  `come comes coming came goes went gone gets getting give gives given giving gave take takes taking took put puts open opens
  opened close closed ask asks asked asking tell tells told say says said saying look looks looking looked try tries trying
  tried use uses used using keep keeps kept start started stop stopped call called feel feels felt seem seems find found
  leave left show shows bring brings hear heard mean means happen happens happened live lives lived sure able unable done
  doing person persons table tables something anything nothing everything someone anyone everyone somebody anybody nobody
  time times day days week weeks year years month months way ways place places part parts bit bits kind sort lot stuff side
  back end point fact case example question idea answer number mine yours today tomorrow yesterday list lists good bad
  better best great big small little new old right wrong same different real whole next last first actually probably maybe
  always never sometimes often already enough quite rather almost around away else instead though although anyway anything
  another around without within ones round`.split(/\s+/),
);

const TOKEN = /[\p{L}][\p{L}\p{N}'’-]*/gu;

/** Lower-case words without stopwords, handles, links or numbers; each term once per post. */
export function toTerms(text: string): string[] {
  const clean = text.replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ').replace(/[@#][\p{L}\p{N}_]+/gu, ' ');
  const words: Array<string | null> = [];
  for (const match of clean.toLowerCase().matchAll(TOKEN)) {
    const word = match[0].replace(/['’]/g, '').replace(/-+$/, '');
    words.push(word.length < 3 || STOPWORDS.has(word) ? null : word);
  }
  const terms = new Set<string>();
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i];
    if (!word) continue;
    if (!GENERIC_WORDS.has(word)) terms.add(word);
    const next = words[i + 1];
    if (next && !(GENERIC_WORDS.has(word) && GENERIC_WORDS.has(next))) terms.add(`${word} ${next}`);
  }
  return [...terms];
}

export interface TermCounter {
  /** Counts a post's terms for each of its outcomes (and for the corpus). */
  add(terms: readonly string[], outcomes: readonly number[]): void;
  /** The `limit` most distinctive terms of each outcome. */
  top(outcomes: readonly number[], limit: number): Map<number, TermScore[]>;
}

export interface TermScore {
  readonly term: string;
  /** Posts in the outcome that use the term. */
  readonly posts: number;
  readonly score: number;
}

/** Terms in fewer posts than this are never shown: too rare to be a theme, too close to one person. */
export const MIN_TERM_POSTS = 3;

export function createTermCounter(): TermCounter {
  // counts[term][0] is the whole corpus; counts[term][n] outcome n.
  const counts = new Map<string, Int32Array>();
  const totals = new Float64Array(8);
  return {
    add(terms, outcomes) {
      for (const term of terms) {
        let row = counts.get(term);
        if (!row) {
          row = new Int32Array(8);
          counts.set(term, row);
        }
        row[0] = (row[0] ?? 0) + 1;
        totals[0] = (totals[0] ?? 0) + 1;
        for (const outcome of outcomes) {
          row[outcome] = (row[outcome] ?? 0) + 1;
          totals[outcome] = (totals[outcome] ?? 0) + 1;
        }
      }
    },
    top(outcomes, limit) {
      const result = new Map<number, TermScore[]>();
      for (const outcome of outcomes) result.set(outcome, topFor(outcome, counts, totals, limit));
      return result;
    },
  };
}

function topFor(outcome: number, counts: ReadonlyMap<string, Int32Array>, totals: Float64Array, limit: number): TermScore[] {
  const alpha = 0.01;
  const vocabulary = counts.size;
  const alpha0 = alpha * vocabulary;
  const nIn = totals[outcome] ?? 0;
  const nOut = (totals[0] ?? 0) - nIn;
  const scored: TermScore[] = [];
  for (const [term, row] of counts) {
    const yIn = row[outcome] ?? 0;
    if (yIn < MIN_TERM_POSTS) continue;
    const yOut = (row[0] ?? 0) - yIn;
    const logOddsIn = Math.log((yIn + alpha) / (nIn + alpha0 - yIn - alpha));
    const logOddsOut = Math.log((yOut + alpha) / (nOut + alpha0 - yOut - alpha));
    const variance = 1 / (yIn + alpha) + 1 / (yOut + alpha);
    scored.push({ term, posts: yIn, score: (logOddsIn - logOddsOut) / Math.sqrt(variance) });
  }
  scored.sort((a, b) => b.score - a.score || b.posts - a.posts || a.term.localeCompare(b.term));
  return dropContainedUnigrams(scored).slice(0, limit);
}

/** When "youth club" is listed, "youth" beside it says nothing new. */
function dropContainedUnigrams(scored: readonly TermScore[]): TermScore[] {
  const kept: TermScore[] = [];
  for (const item of scored) {
    if (kept.length >= 50) break;
    const isWord = !item.term.includes(' ');
    if (isWord && kept.some((k) => k.term.split(' ').includes(item.term) && k.posts >= item.posts * 0.8)) continue;
    kept.push(item);
  }
  return kept;
}
