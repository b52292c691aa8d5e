/**
 * The codebook as data: the five outcomes with their scope, weighted terms and examples, plus the text
 * handling the classifier needs (acronyms, hashtags, abbreviations, negation, safeguarding cues).
 * `parseCodebook` checks a JSON value once; everything after trusts the types.
 */
export const OUTCOMES = [1, 2, 3, 4, 5] as const;
export type OutcomeNumber = (typeof OUTCOMES)[number];

/** S4: a flag is a disclosure (urgent: a specific child now) or a concern (worth a look). */
export type SafeguardingLevel = 'disclosure' | 'concern';

/** Terms keyed by weight ("3", "2", "1", "-2" …): a phrase list per weight reads better than pairs. */
export type WeightedTerms = Readonly<Record<string, readonly string[]>>;

export interface CodebookOutcome {
  readonly number: OutcomeNumber;
  readonly key: string;
  readonly name: string;
  readonly scope: string;
  readonly terms: WeightedTerms;
  readonly examples: readonly string[];
}

export interface Acronym {
  /** The protected token, e.g. `send` becomes `acr_send`. */
  readonly token: string;
  /** Case-sensitive spellings that are always the acronym. */
  readonly forms: readonly string[];
  /** Lower-case spellings that are the acronym only when followed by one of `before` ("send support"). */
  readonly contextual?: readonly string[];
  readonly before?: readonly string[];
}

export interface Codebook {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly outcomes: readonly CodebookOutcome[];
  readonly acronyms: readonly Acronym[];
  readonly hashtags: { readonly ignore: readonly string[]; readonly words: Readonly<Record<string, string>> };
  readonly abbreviations: Readonly<Record<string, string>>;
  readonly emoji: Readonly<Record<string, string>>;
  readonly negation: { readonly cues: readonly string[]; readonly dismissal: readonly string[]; readonly scopeEnds: readonly string[] };
  readonly safeguarding: {
    readonly harm: WeightedTerms;
    readonly specific: WeightedTerms;
    readonly resolved: WeightedTerms;
    /**
     * Phrases that say the harm is over or the child is well now ("been charged", "she's fine now", "it
     * stopped"): S2's accounts where the harm has ended. A cue of their own, apart from `resolved`, whose
     * unnamed-group phrases must not share its weight: a child named beside a group is still a child.
     * Absent in codebooks before 2017.1.3.
     */
    readonly ended?: WeightedTerms;
    /**
     * Harm cues that state self-harm or suicidal thoughts. Said plainly, now, by the writer of themselves
     * ("i cut myself when it gets bad") or of a child they name ("my son wants to kill himself"), one is a
     * flag whatever the score (S1, S4; `toPlainStatement` in cues.ts). Each must also be a harm cue, so it
     * is matched exactly as the model sees it. Absent in codebooks before 2017.1.2.
     */
    readonly selfHarm?: readonly string[];
  };
}

export class CodebookError extends Error {}

/**
 * `asTrained`: the codebook a model was trained with, kept inside it. Only its shape is checked: a rule on
 * how cues are listed, added after the model was trained, must not stop it classifying; the next
 * `train` reads the codebook file, where every rule applies.
 */
export function parseCodebook(value: unknown, { asTrained = false } = {}): Codebook {
  const book = value as Codebook;
  const fail = (what: string): never => {
    throw new CodebookError(`codebook: ${what}`);
  };
  if (typeof book !== 'object' || book === null) fail('not a JSON object');
  if (typeof book.id !== 'string' || typeof book.version !== 'string' || book.version === '') fail('needs "id" and a non-empty "version"');
  if (!Array.isArray(book.outcomes) || book.outcomes.length !== OUTCOMES.length) fail(`needs exactly ${OUTCOMES.length} outcomes`);
  book.outcomes.forEach((outcome, i) => {
    if (outcome.number !== OUTCOMES[i]) fail(`outcome ${i + 1} has number ${String(outcome.number)}`);
    if (typeof outcome.name !== 'string' || typeof outcome.scope !== 'string') fail(`outcome ${outcome.number} needs a name and scope`);
    checkTerms(outcome.terms, `outcome ${outcome.number} terms`, fail);
  });
  if (!Array.isArray(book.acronyms)) fail('"acronyms" must be a list');
  for (const part of ['harm', 'specific', 'resolved'] as const) checkTerms(book.safeguarding?.[part], `safeguarding.${part}`, fail);
  if (book.safeguarding?.ended !== undefined) checkTerms(book.safeguarding.ended, 'safeguarding.ended', fail);
  checkSelfHarm(book.safeguarding, fail);
  if (!asTrained) checkHarmStarts(book.safeguarding, fail);
  if (!Array.isArray(book.negation?.cues) || !Array.isArray(book.negation?.dismissal)) fail('"negation" needs "cues" and "dismissal"');
  return book;
}

function checkTerms(terms: unknown, where: string, fail: (what: string) => never): void {
  if (typeof terms !== 'object' || terms === null) fail(`${where} must be an object of weight → phrases`);
  for (const [weight, phrases] of Object.entries(terms as Record<string, unknown>)) {
    if (!Number.isFinite(Number(weight))) fail(`${where}: "${weight}" is not a number`);
    if (!Array.isArray(phrases) || phrases.some((p) => typeof p !== 'string' || p.trim() === '')) fail(`${where}.${weight} must be a list of phrases`);
  }
}

function checkSelfHarm(safeguarding: Codebook['safeguarding'], fail: (what: string) => never): void {
  const phrases: unknown = safeguarding.selfHarm;
  if (phrases === undefined) return;
  if (!Array.isArray(phrases) || phrases.some((p) => typeof p !== 'string' || p.trim() === '')) fail('safeguarding.selfHarm must be a list of phrases');
  const harm = new Set(Object.values(safeguarding.harm).flat().map((p) => p.toLowerCase()));
  const missing = (phrases as string[]).find((p) => !harm.has(p.toLowerCase()));
  if (missing !== undefined) fail(`safeguarding.selfHarm: "${missing}" must also be listed under safeguarding.harm`);
}

/**
 * No harm cue may begin with a specific-child cue ("i self harm", "my son hits"). The longest phrase at a
 * word wins, so the harm cue would take the word and the specific cue would be lost: the post would look
 * less like it is about a specific child, and a plain statement would lose its subject ("ngl i self harm"
 * stops being one). List the harm without it ("self harm"); the specific cue is matched on its own.
 */
function checkHarmStarts(safeguarding: Codebook['safeguarding'], fail: (what: string) => never): void {
  // Longest first, so the message names the whole cue ("my son", not "my").
  const specific = Object.values(safeguarding.specific)
    .flat()
    .map((phrase) => words(phrase))
    .sort((a, b) => b.length - a.length);
  for (const phrase of Object.values(safeguarding.harm).flat()) {
    const harm = words(phrase);
    const cue = specific.find((s) => harm.length > s.length && s.every((word, k) => harm[k] === word));
    if (cue) fail(`safeguarding.harm: "${phrase}" begins with "${cue.join(' ')}", a specific-child cue; list it as "${harm.slice(cue.length).join(' ')}", or the cue is lost wherever the phrase is found`);
  }
}

const words = (phrase: string) => phrase.toLowerCase().trim().split(/\s+/);

export function outcomeName(codebook: Codebook, outcome: OutcomeNumber): string {
  return codebook.outcomes[outcome - 1]?.name ?? `outcome ${outcome}`;
}
