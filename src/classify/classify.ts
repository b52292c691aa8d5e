/**
 * Classifying one post: outcome scores against per-outcome thresholds, the safeguarding flag, a
 * confidence for the review queue, tone, and the evidence that decided each outcome. Pure.
 */
import { OUTCOMES, type OutcomeNumber, type SafeguardingLevel } from './codebook';
import { SAFEGUARDING_LISTS } from './features';
import { disclosureOf, scoreText, type CompiledModel, type Scores } from './model';
import { toTone, type Tone } from './tone';

export interface PhraseEvidence {
  readonly phrase: string;
  /** As written in the post. */
  readonly text: string;
  readonly weight: number;
  readonly negated: boolean;
  readonly dismissed: boolean;
}

export interface FeatureEvidence {
  readonly feature: string;
  readonly contribution: number;
}

export interface OutcomeDecision {
  readonly outcome: OutcomeNumber;
  readonly score: number;
  readonly threshold: number;
  readonly matched: boolean;
  /** The decision made before on this same text was kept: the score moved past the threshold by less than `DECISION_BAND`. */
  readonly kept: boolean;
  readonly phrases: readonly PhraseEvidence[];
  readonly features: readonly FeatureEvidence[];
}

export interface Classification {
  readonly outcomes: readonly OutcomeNumber[];
  readonly decisions: readonly OutcomeDecision[];
  readonly safeguarding: {
    readonly flagged: boolean;
    /** S4: a flag is a disclosure (urgent: a specific child now) or a concern (worth a look); null when not flagged. */
    readonly level: SafeguardingLevel | null;
    readonly score: number;
    readonly threshold: number;
    readonly cues: readonly PhraseEvidence[];
  };
  /** How sure the whole decision is: the least certain of the five yes/no calls. */
  readonly confidence: number;
  readonly tone: Tone;
  readonly codebookVersion: string;
  readonly modelVersion: string;
}

export type { SafeguardingLevel };

/** Learned features `explain` shows per outcome. */
const TOP_FEATURES = 6;

/**
 * How many of an outcome's strongest learned features to keep as its evidence, given its decision:
 * `explain` shows six for every outcome; a stored row keeps a few, for some outcomes only; a count of
 * outcomes needs none. Choosing it for all five was nearly a tenth of classifying a post, so it is not
 * done for nothing. Scores, decisions and flags never depend on it.
 */
export type EvidenceDepth = (matched: boolean, phrases: readonly PhraseEvidence[]) => number;

export const FULL_EVIDENCE: EvidenceDepth = () => TOP_FEATURES;
export const NO_EVIDENCE: EvidenceDepth = () => 0;

/**
 * How far past its threshold a score must move to change a decision already made on the same text.
 * A retrain after one label nudges every score a little; without this band the posts sitting right on
 * a threshold flip back and forth and trend lines move for no reason. A real change (a new codebook, a
 * label that teaches the model something) moves scores much further than this.
 */
export const DECISION_BAND = 0.03;

/**
 * `context` is the post a reply answers, when there is one: a reply often only makes sense next to
 * its parent ("same here", "this!"), so the parent is a weaker signal alongside the reply's own text.
 * `previous` is the outcomes given to this same text before (same revision), if any: each keeps its
 * side of the threshold within `DECISION_BAND`.
 */
export function classify(model: CompiledModel, text: string, context?: string, previous?: readonly OutcomeNumber[], evidence: EvidenceDepth = FULL_EVIDENCE): Classification {
  const scores = scoreText(model, text, context);
  const { thresholds } = model.file;
  const decisions = OUTCOMES.map((outcome, i) => {
    const score = round(scores.outcomes[i] ?? 0);
    const threshold = thresholds[i] ?? 0.5;
    const fresh = score >= threshold;
    const matched = previous ? decide(score, threshold, previous.includes(outcome)) : fresh;
    const phrases = phrasesFor(scores, i);
    const features = strongestFeatures(model, scores, i, Math.min(TOP_FEATURES, evidence(matched, phrases)));
    return { outcome, score, threshold, matched, kept: matched !== fresh, phrases, features };
  });
  const confidence = Math.min(...decisions.map((d) => (d.matched ? d.score : 1 - d.score)));
  return {
    outcomes: decisions.filter((d) => d.matched).map((d) => d.outcome),
    decisions,
    safeguarding: safeguardingOf(model, scores),
    confidence: round(confidence),
    tone: toTone(scores.analysis.tokens),
    codebookVersion: model.file.codebookVersion,
    modelVersion: model.file.modelVersion,
  };
}

function decide(score: number, threshold: number, before: boolean): boolean {
  return before ? score >= threshold - DECISION_BAND : score >= threshold + DECISION_BAND;
}

/**
 * The model's flag, or a flag whatever the score when the post says plainly that the writer, or a child
 * they name, self-harms or wants to die (S1, S4: a disclosure). The statement is listed first among the
 * cues, so the lead sees why.
 */
function safeguardingOf(model: CompiledModel, scores: Scores): Classification['safeguarding'] {
  const score = round(scores.safeguarding);
  const { threshold } = model.file.safeguarding;
  const statement = scores.analysis.plainStatement;
  const cues = cuesOf(scores);
  if (!statement) return { flagged: score >= threshold, level: levelOf(model, scores, score), score, threshold, cues };
  const { hit, about } = statement;
  const said = { phrase: `${about}: ${hit.phrase}`, text: hit.surface, weight: hit.weights[0] ?? 0, negated: hit.negated, dismissed: hit.dismissed };
  return { flagged: true, level: 'disclosure', score, threshold, cues: [said, ...cues] };
}

/**
 * A flag's level (S4): the level model's call when the model has one, learned from what writers said
 * plainly and what they only hinted at; older models call a flag a disclosure by how sure the flag is,
 * which nearly every flag is.
 */
function levelOf(model: CompiledModel, scores: Scores, score: number): SafeguardingLevel | null {
  const { threshold, disclosureThreshold, level } = model.file.safeguarding;
  if (score < threshold) return null;
  const disclosure = disclosureOf(model, scores.learned);
  if (disclosure !== null && level) return disclosure >= level.threshold ? 'disclosure' : 'concern';
  return score >= (disclosureThreshold ?? Math.max(0.5, threshold)) ? 'disclosure' : 'concern';
}

function phrasesFor(scores: Scores, outcomeIndex: number): PhraseEvidence[] {
  return scores.analysis.outcomeHits
    .filter((hit) => (hit.weights[outcomeIndex] ?? 0) !== 0)
    .map((hit) => ({ phrase: hit.phrase, text: hit.surface, weight: hit.weights[outcomeIndex] ?? 0, negated: hit.negated, dismissed: hit.dismissed }));
}

function cuesOf(scores: Scores): PhraseEvidence[] {
  const kinds = SAFEGUARDING_LISTS;
  return scores.analysis.safeguardingHits
    .filter((hit) => hit.weights.some((w, k) => w !== 0 && !(k === 1 && w < 3)))
    .map((hit) => {
      const k = hit.weights.findIndex((w) => w !== 0);
      return { phrase: `${kinds[k]}: ${hit.phrase}`, text: hit.surface, weight: hit.weights[k] ?? 0, negated: hit.negated, dismissed: hit.dismissed };
    });
}

/**
 * The `count` learned features that pushed outcome `c`'s score most, either way. A post has a hundred
 * or more candidates and a few are kept, so only those that can make the cut become objects: a first
 * pass over plain numbers finds how strong a candidate must be.
 */
function strongestFeatures(model: CompiledModel, scores: Scores, c: number, count: number): FeatureEvidence[] {
  if (count <= 0) return [];
  const { cells } = scores.learned;
  const { contributions } = scores;
  const { columns, stride, names } = model;
  const floor = evidenceFloor(contributions, columns, c, count);
  const candidates: FeatureEvidence[] = [];
  for (let i = 0; i < cells.length; i += 1) {
    const raw = contributions[i * columns + c] as number;
    if (Math.abs(raw) >= floor) candidates.push({ feature: names[(cells[i] as number) / stride] as string, contribution: round(raw) });
  }
  return candidates.sort(byStrength).slice(0, count);
}

/**
 * How strong a contribution to column `c` must be to stand a chance of the strongest `count` once
 * rounded: the `count`th strongest, less `ROUNDING` (rounding cannot carry anything weaker past it),
 * and never below `MIN_EVIDENCE`.
 */
function evidenceFloor(contributions: Float64Array, columns: number, c: number, count: number): number {
  // The strongest so far, strongest first (0: none yet).
  const strongest = new Float64Array(count);
  const last = count - 1;
  for (let at = c; at < contributions.length; at += columns) {
    const strength = Math.abs(contributions[at] as number);
    if (strength < MIN_EVIDENCE || strength <= (strongest[last] as number)) continue;
    let k = last;
    for (; k > 0 && strength > (strongest[k - 1] as number); k -= 1) strongest[k] = strongest[k - 1] as number;
    strongest[k] = strength;
  }
  return Math.max(MIN_EVIDENCE, (strongest[last] as number) - ROUNDING);
}

/** A learned feature's contribution below this is not evidence. */
const MIN_EVIDENCE = 0.05;
/**
 * More than `round` can move a number (half of 1e-4, and a float's error): a raw contribution this far
 * below the weakest kept one rounds to something weaker still, so it is turned away unrounded.
 */
const ROUNDING = 1e-4;

/** Stronger first; equal strengths in feature-name order, so the list never depends on the post's word order. */
const byStrength = (a: FeatureEvidence, b: FeatureEvidence) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature);

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
