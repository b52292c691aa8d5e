/**
 * A classification in words an officer reads: why each outcome was given, why a close one was not,
 * and what the safeguarding screen made of the post. Pure: sentences from a Classification, the
 * codebook's outcome names and the post's words as written.
 *
 * Words come only from the evidence handed in. For a withheld post the caller passes the evidence
 * already emptied and no words, and the sentences say the reasons are withheld with the text.
 */
import type { Classification, FeatureEvidence, OutcomeDecision, PhraseEvidence } from './classify';
import type { OutcomeNumber } from './codebook';
import { toWrittenFeature, type WrittenWords } from './learned-words';

export interface OutcomeNames {
  readonly number: OutcomeNumber;
  /** Short name, e.g. "health". */
  readonly key: string;
  readonly name: string;
}

export interface ReasonOptions {
  readonly names: readonly OutcomeNames[];
  /** The released text's words (`toWrittenWords`); null when the text is withheld. */
  readonly words: WrittenWords | null;
  /** Why the text is withheld, when it is: the reasons are withheld with it. */
  readonly withheld: 'flagged' | 'awaiting-screening' | null;
  /** A missed outcome this close to its threshold is explained too. */
  readonly margin?: number;
  /**
   * For a reply: the outcomes given mostly because of the post it answers, which is in view when a
   * reply is scored ("same here" means what its parent was about). Their sentences say so rather than
   * crediting the reply's own small words.
   */
  readonly fromParent?: ReadonlySet<OutcomeNumber>;
}

export interface OutcomeReason {
  readonly outcome: OutcomeNumber;
  readonly key: string;
  readonly name: string;
  readonly tagged: boolean;
  readonly sentence: string;
}

export interface Reasons {
  /** Tagged outcomes, then the near misses, closest first. */
  readonly outcomes: readonly OutcomeReason[];
  readonly safeguarding: string;
}

export const CLOSE_MISS_MARGIN = 0.15;
const MOST_PHRASES = 3;
const MOST_WORDS = 3;

export function toReasons(result: Classification, options: ReasonOptions): Reasons {
  const margin = options.margin ?? CLOSE_MISS_MARGIN;
  const tagged = result.decisions.filter((d) => d.matched);
  // A post that names an outcome's phrases is asked about it even when far off; a withheld one by score only.
  const named = (d: OutcomeDecision) => options.withheld === null && d.phrases.length > 0;
  const missed = result.decisions.filter((d) => !d.matched && (d.threshold - d.score <= margin || named(d))).sort((a, b) => a.threshold - a.score - (b.threshold - b.score));
  const reason = (d: OutcomeDecision): OutcomeReason => {
    const names = namesOf(d.outcome, options.names);
    const label = `${d.outcome} (${names.key})`;
    const sentence = d.matched ? taggedSentence(label, d, options) : missedSentence(label, d, options);
    return { outcome: d.outcome, key: names.key, name: names.name, tagged: d.matched, sentence };
  };
  return { outcomes: [...tagged, ...missed].map(reason), safeguarding: safeguardingSentence(result.safeguarding, options.withheld) };
}

/** Strength of a codebook weight (±1 to ±3) in words. */
export function toStrength(weight: number): 'strong' | 'medium' | 'weak' {
  const size = Math.abs(weight);
  return size >= 3 ? 'strong' : size >= 2 ? 'medium' : 'weak';
}

function taggedSentence(label: string, d: OutcomeDecision, options: ReasonOptions): string {
  if (d.kept) return `Tagged ${label} as before: its score ${fixed(d.score)} is just under ${fixed(d.threshold)}, too close to change an earlier decision on the same text.`;
  const scored = `its score ${fixed(d.score)} reached ${fixed(d.threshold)}`;
  if (options.withheld !== null) return `Tagged ${label}: ${scored}; ${withheldWords(options.withheld)}.`;
  const support = supportingPhrases(d.phrases);
  const ignored = d.phrases.filter((p) => p.dismissed && p.weight > 0);
  const also = ignored.length ? ` It also ${listOf(ignored.map(dismissedWords))}, which did not count.` : '';
  if (support.length) return `Tagged ${label} because it mentions ${listOf(support.map(phraseWords))}.${also}`;
  const learned = learnedWords(d.features, 1, options.words);
  if (options.fromParent?.has(d.outcome)) return `Tagged ${label} mostly because of the post it replies to, which counts in a reply's score as a weaker signal${learned.length ? `; of its own words, ${listOf(learned)} pointed that way too` : ''}.${also}`;
  if (learned.length) return `Tagged ${label} because of words that labelled posts tie to it: ${listOf(learned)}.${also}`;
  return `Tagged ${label}: ${scored} from many small signals, with no single word standing out.${also}`;
}

function missedSentence(label: string, d: OutcomeDecision, options: ReasonOptions): string {
  if (d.kept) return `Not ${label}, as before: its score ${fixed(d.score)} is just over ${fixed(d.threshold)}, too close to change an earlier decision on the same text.`;
  const head = `Not ${label} because its score ${fixed(d.score)} is below ${fixed(d.threshold)}`;
  if (options.withheld !== null) return `${head}; ${withheldWords(options.withheld)}.`;
  const towards = supportingPhrases(d.phrases).map(phraseWords);
  if (towards.length === 0) towards.push(...learnedWords(d.features, 1, options.words));
  const against = [...d.phrases.filter((p) => p.dismissed && p.weight > 0).map((p) => `it ${dismissedWords(p)}`), ...d.phrases.filter((p) => p.weight < 0 && !p.dismissed).map((p) => `"${p.text}" counts against it (${toStrength(p.weight)})`)];
  // A word already named as a phrase is not named again the other way ("school" for and against).
  const pulled = against.length ? [] : learnedWords(d.features, -1, options.words, new Set(d.phrases.map((p) => p.text.toLowerCase())));
  if (pulled.length) against.push(`${listOf(pulled)} pulled the other way`);
  const pointed = towards.length ? `${listOf(towards)} pointed that way` : 'nothing in it pointed that way strongly';
  return against.length ? `${head}: ${pointed}, but ${listOf(against)}.` : `${head}: ${pointed}, but not enough.`;
}

/** Phrases that pushed towards the outcome, strongest first; a dismissed one counted nothing. */
function supportingPhrases(phrases: readonly PhraseEvidence[]): PhraseEvidence[] {
  return phrases
    .filter((p) => p.weight > 0 && !p.dismissed)
    .sort((a, b) => b.weight - a.weight || Number(a.negated) - Number(b.negated))
    .slice(0, MOST_PHRASES);
}

function phraseWords(p: PhraseEvidence): string {
  return p.negated ? `"${p.text}" (${toStrength(p.weight)}, but negated)` : `"${p.text}" (${toStrength(p.weight)})`;
}

function dismissedWords(p: PhraseEvidence): string {
  return `says "${p.text}" is not what is needed (dismissed)`;
}

/** The learned features that pushed most in `direction` (1 towards, -1 against), in the post's words. */
function learnedWords(features: readonly FeatureEvidence[], direction: 1 | -1, words: WrittenWords | null, named: ReadonlySet<string> = new Set()): string[] {
  if (words === null) return [];
  const seen = new Set<string>(named);
  const out: string[] = [];
  for (const f of features) {
    if (Math.sign(f.contribution) !== direction) continue;
    const written = toWrittenFeature(f.feature, words);
    if (!written || seen.has(written.text.toLowerCase())) continue;
    seen.add(written.text.toLowerCase());
    out.push(`"${written.text}"${written.dismissed ? ' (dismissed)' : written.negated ? ' (negated)' : ''}`);
    if (out.length === MOST_WORDS) break;
  }
  return out;
}

const CUE_WORDS: Readonly<Record<string, string>> = { writer: 'the writer saying it of themselves, now', relation: 'said of a child the writer names, now', harm: 'a sign of harm', specific: 'a specific child', resolved: 'something past or general', ended: 'harm said to be over' };

function safeguardingSentence(sg: Classification['safeguarding'], withheld: ReasonOptions['withheld']): string {
  const scored = `score ${fixed(sg.score)}; flagged from ${fixed(sg.threshold)}`;
  if (sg.flagged) {
    const level = sg.level === 'disclosure' ? 'a possible disclosure (urgent: a specific child now)' : 'a concern (worth a look)';
    const cues = withheld === null ? cueWords(sg.cues) : '';
    const lead = withheld === null ? '' : ' The text and the words that led to it are for the safeguarding lead only (`onevision safeguarding`).';
    // A plain statement is a flag whatever the score (toPlainStatement in src/classify/cues.ts). Withheld,
    // the sentence must not say what kind of harm the hidden text names.
    const plain = withheld === null ? ': it says plainly that the writer or a child they name self-harms or wants to die, which is a flag whatever the score' : ' by a rule that flags whatever the score';
    const why = sg.score >= sg.threshold ? `the model flags it as ${level}` : `flagged as ${level}${plain}`;
    return `Safeguarding: ${why} (${scored})${cues}.${lead}`;
  }
  if (withheld === 'awaiting-screening') return `Safeguarding: not yet screened for this text (${scored}).`;
  const cues = cueWords(sg.cues);
  return `Safeguarding: the model does not flag it (${scored})${cues ? `${cues}, not enough to flag` : ''}.`;
}

function cueWords(cues: readonly PhraseEvidence[]): string {
  if (cues.length === 0) return '';
  const said = cues.map((c) => {
    const kind = c.phrase.slice(0, c.phrase.indexOf(':'));
    return `"${c.text}" (${CUE_WORDS[kind] ?? kind}${c.negated ? ', negated' : ''})`;
  });
  return `; it noticed ${listOf(said)}`;
}

function withheldWords(reason: 'flagged' | 'awaiting-screening'): string {
  return reason === 'flagged' ? 'the words behind it are withheld with the text, for the safeguarding lead' : 'the words behind it are withheld until the post is screened';
}

function namesOf(outcome: OutcomeNumber, names: readonly OutcomeNames[]): { key: string; name: string } {
  const found = names.find((n) => n.number === outcome);
  return { key: found?.key ?? `outcome ${outcome}`, name: found?.name ?? `outcome ${outcome}` };
}

/** "a", "a and b", "a, b and c". */
function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

function fixed(x: number): string {
  return x.toFixed(2);
}
