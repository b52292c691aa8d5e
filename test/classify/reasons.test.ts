import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Classification, FeatureEvidence, OutcomeDecision, PhraseEvidence } from '../../src/classify/classify';
import { parseCodebook, type OutcomeNumber } from '../../src/classify/codebook';
import { toCharGrams } from '../../src/classify/features';
import { toWrittenWords } from '../../src/classify/learned-words';
import { toReasons, type ReasonOptions } from '../../src/classify/reasons';
import { toTextRules, toTokens } from '../../src/classify/text';

const ROOT = path.resolve(__dirname, '..', '..');
const codebook = parseCodebook(JSON.parse(fs.readFileSync(path.join(ROOT, 'data/codebook/one-vision-2017.json'), 'utf8')));
const rules = toTextRules(codebook);

const phrase = (text: string, weight: number, marks: Partial<PhraseEvidence> = {}): PhraseEvidence => ({ phrase: text.toLowerCase(), text, weight, negated: false, dismissed: false, ...marks });
const feature = (name: string, contribution: number): FeatureEvidence => ({ feature: name, contribution });

type DecisionFacts = Partial<Omit<OutcomeDecision, 'outcome'>>;

/** Five decisions, every one a clear "no" unless given; `matched` follows score and threshold. */
function classification(decisions: Partial<Record<OutcomeNumber, DecisionFacts>>, safeguarding: Partial<Classification['safeguarding']> = {}): Classification {
  const full = ([1, 2, 3, 4, 5] as const).map((outcome): OutcomeDecision => {
    const d = { score: 0.02, threshold: 0.5, phrases: [], features: [], kept: false, ...decisions[outcome] };
    // A kept decision stays on its earlier side of the threshold.
    return { outcome, ...d, matched: d.kept ? d.score < d.threshold : d.score >= d.threshold };
  });
  return {
    outcomes: full.filter((d) => d.matched).map((d) => d.outcome),
    decisions: full,
    safeguarding: { flagged: false, level: null, score: 0.03, threshold: 0.3, cues: [], ...safeguarding },
    confidence: 0.8,
    tone: 'neutral',
    codebookVersion: codebook.version,
    modelVersion: 'test',
  };
}

/** The options `explain` passes for a post the gate shows: the post's own words as written. */
const shown = (text: string): ReasonOptions => ({ names: codebook.outcomes, words: toWrittenWords(toTokens(text, rules)), withheld: null });

const sentences = (result: Classification, options: ReasonOptions) => toReasons(result, options).outcomes.map((r) => r.sentence);

describe('why an outcome was given', () => {
  it('names the phrases as written in the post, strongest first, with the outcome and a strength word', () => {
    const text = 'My son is on the CAMHS waiting times list, his anxiety is awful and he is struggling';
    const result = classification({ 2: { score: 0.91, threshold: 0.45, phrases: [phrase('struggling', 1), phrase('anxiety', 2), phrase('CAMHS', 3)] } });
    expect(sentences(result, shown(text))).toEqual(['Tagged 2 (health) because it mentions "CAMHS" (strong), "anxiety" (medium) and "struggling" (weak).']);
  });

  it('says a negated phrase is negated', () => {
    const result = classification({ 2: { score: 0.6, threshold: 0.45, phrases: [phrase('counselling', 3, { negated: true })] } });
    expect(sentences(result, shown('there is no counselling at all'))[0]).toBe('Tagged 2 (health) because it mentions "counselling" (strong, but negated).');
  });

  it('says a dismissed phrase was dismissed and did not count', () => {
    const result = classification({ 2: { score: 0.7, threshold: 0.45, phrases: [phrase('CAMHS', 3), phrase('Counselling', 3, { dismissed: true })] } });
    const [sentence] = sentences(result, shown("Counselling won't help, we need CAMHS"));
    expect(sentence).toBe('Tagged 2 (health) because it mentions "CAMHS" (strong). It also says "Counselling" is not what is needed (dismissed), which did not count.');
  });

  it('without a codebook phrase, gives the learned words as the post writes them, not feature names', () => {
    const text = 'Stuck on the waiting list for 14 months now and my daughter is not sleeping';
    const result = classification({ 2: { score: 0.62, threshold: 0.45, features: [feature('pair:wait_list', 1.4), feature('word:month', 0.6), feature('negated:sleep', 0.3)] } });
    const [sentence] = sentences(result, shown(text));
    expect(sentence).toBe('Tagged 2 (health) because of words that labelled posts tie to it: "waiting list", "months" and "sleeping" (negated).');
    expect(sentence).not.toMatch(/pair:|word:|wait_list/);
  });

  it('never names a learned word the given text does not have (a replaced name, a parent post\'s word)', () => {
    const result = classification({ 2: { score: 0.62, threshold: 0.45, features: [feature('word:jenni', 2), feature('word:anxieti', 0.5)] } });
    const [sentence] = sentences(result, shown('[name] is so anxiety ridden'));
    expect(sentence).toContain('"anxiety"');
    expect(sentence).not.toMatch(/jenni/i);
  });

  it('never names a codebook phrase the given text does not have (a reply\'s parent)', () => {
    const result = classification({ 3: { score: 0.81, threshold: 0.45, features: [feature('phrase:mums', 0.6), feature('word:agre', 0.2)] } });
    const [sentence] = sentences(result, shown('yes totally agree with this'));
    expect(sentence).toContain('"agree"');
    expect(sentence).not.toMatch(/mums/i);
  });

  it('says a reply was tagged mostly because of the post it answers, when that is so', () => {
    const result = classification({ 3: { score: 0.81, threshold: 0.45, features: [feature('lexicon:3', 0.56), feature('word:agre', 0.1)] } });
    const options = { ...shown('yes totally agree with this'), fromParent: new Set([3] as const) };
    expect(sentences(result, options)[0]).toBe('Tagged 3 (protection) mostly because of the post it replies to, which counts in a reply\'s score as a weaker signal; of its own words, "agree" pointed that way too.');
  });

  it('says so when no single word stands out', () => {
    const result = classification({ 1: { score: 0.55, threshold: 0.5, features: [feature('lexicon:1', 0.4)] } });
    expect(sentences(result, shown('we all pull together here'))[0]).toBe('Tagged 1 (families): its score 0.55 reached 0.50 from many small signals, with no single word standing out.');
  });
});

describe('a decision kept from before', () => {
  it('says an outcome stayed because its score moved only just past the threshold', () => {
    const result = classification({ 4: { score: 0.49, threshold: 0.5, kept: true, phrases: [phrase('college', 2)] } });
    expect(result.outcomes).toEqual([4]);
    expect(sentences(result, shown('college buses'))).toEqual(['Tagged 4 (achievement) as before: its score 0.49 is just under 0.50, too close to change an earlier decision on the same text.']);
  });

  it('says an outcome stayed out for the same reason', () => {
    const result = classification({ 4: { score: 0.51, threshold: 0.5, kept: true } });
    expect(result.outcomes).toEqual([]);
    expect(sentences(result, shown('college buses'))[0]).toMatch(/^Not 4 \(achievement\), as before: its score 0\.51 is just over 0\.50/);
  });
});

describe('why a close outcome was not given', () => {
  it('explains a miss within the margin with its score and threshold, and what pointed each way', () => {
    const text = 'More to do after school for bored kids in Camborne';
    const result = classification({ 4: { score: 0.31, threshold: 0.45, phrases: [phrase('school', 2)], features: [feature('word:bore', -0.7), feature('word:kid', -0.3)] }, 5: { score: 0.8, threshold: 0.4, phrases: [phrase('bored', 2)] } });
    const reasons = sentences(result, shown(text));
    expect(reasons).toEqual(['Tagged 5 (contribution) because it mentions "bored" (medium).', 'Not 4 (achievement) because its score 0.31 is below 0.45: "school" (medium) pointed that way, but "bored" and "kids" pulled the other way.']);
  });

  it('does not name a word as pulling against the outcome when it was named as pointing towards it', () => {
    const result = classification({ 4: { score: 0.3, threshold: 0.4, phrases: [phrase('school', 2)], features: [feature('word:school', -0.8), feature('word:counsel', -0.5)] } });
    expect(sentences(result, shown('counselling in every school please'))).toEqual(['Not 4 (achievement) because its score 0.30 is below 0.40: "school" (medium) pointed that way, but "counselling" pulled the other way.']);
  });

  it('says a dismissed phrase kept the outcome out', () => {
    const result = classification({ 2: { score: 0.9, threshold: 0.45, phrases: [phrase('CAMHS', 3)] }, 5: { score: 0.04, threshold: 0.4, phrases: [phrase('youth club', 3, { dismissed: true })] } });
    const reasons = sentences(result, shown("we don't need another youth club, we need CAMHS"));
    expect(reasons[1]).toBe('Not 5 (contribution) because its score 0.04 is below 0.40: nothing in it pointed that way strongly, but it says "youth club" is not what is needed (dismissed).');
  });

  it('says a phrase that counts against the outcome does so', () => {
    const result = classification({ 4: { score: 0.03, threshold: 0.45, phrases: [phrase('school of dolphins', -3)] } });
    expect(sentences(result, shown('Saw a school of dolphins off Porthcurno'))).toEqual(['Not 4 (achievement) because its score 0.03 is below 0.45: nothing in it pointed that way strongly, but "school of dolphins" counts against it (strong).']);
  });

  it('leaves out outcomes nowhere near their threshold that the post says nothing about', () => {
    const result = classification({ 3: { score: 0.1, threshold: 0.5 }, 2: { score: 0.9, threshold: 0.45, phrases: [phrase('CAMHS', 3)] } });
    expect(toReasons(result, shown('CAMHS please')).outcomes.map((r) => r.outcome)).toEqual([2]);
  });
});

describe('safeguarding in words', () => {
  it('a clear post: not flagged, with the cues it noticed said plainly', () => {
    const result = classification({}, { score: 0.12, threshold: 0.3, cues: [phrase('hit', 2, { phrase: 'harm: hit' }), phrase('kids round', 2, { phrase: 'resolved: kids round' })] });
    expect(toReasons(result, shown('kids round here hit the bus shelter')).safeguarding).toBe('Safeguarding: the model does not flag it (score 0.12; flagged from 0.30); it noticed "hit" (a sign of harm) and "kids round" (something past or general), not enough to flag.');
  });

  it('a flag a person screened clear gives its level', () => {
    const result = classification({}, { flagged: true, level: 'concern', score: 0.41, threshold: 0.3 });
    expect(toReasons(result, shown('an ordinary post')).safeguarding).toBe('Safeguarding: the model flags it as a concern (worth a look) (score 0.41; flagged from 0.30).');
  });
});

describe('a withheld post', () => {
  const tells = ['mums', 'boyfriend', 'hits', 'brother', 'upstairs'];
  // Evidence left in on purpose: the sentences must not speak it even if a caller forgot to empty it.
  const result = classification(
    { 3: { score: 0.88, threshold: 0.5, phrases: [phrase('hits', 2)], features: [feature('word:boyfriend', 1.2)] }, 1: { score: 0.4, threshold: 0.5, phrases: [phrase('mums', 1)] } },
    { flagged: true, level: 'disclosure', score: 0.93, threshold: 0.3, cues: [phrase('hits', 2, { phrase: 'harm: hits' }), phrase('my', 2, { phrase: 'specific: my' })] },
  );
  const reasons = toReasons(result, { names: codebook.outcomes, words: null, withheld: 'flagged' });
  const all = [...reasons.outcomes.map((r) => r.sentence), reasons.safeguarding].join('\n');

  // "my mums boyfriend hits her and i take my little brother upstairs"
  it('gives the outcomes and scores but no word of the post', () => {
    expect(reasons.outcomes[0]?.sentence).toBe('Tagged 3 (protection): its score 0.88 reached 0.50; the words behind it are withheld with the text, for the safeguarding lead.');
    for (const word of tells) expect(all.toLowerCase()).not.toContain(word);
  });

  it('says the flag\'s level and sends the reader to the safeguarding lead', () => {
    expect(reasons.safeguarding).toBe('Safeguarding: the model flags it as a possible disclosure (urgent: a specific child now) (score 0.93; flagged from 0.30). The text and the words that led to it are for the safeguarding lead only (`onevision safeguarding`).');
  });
});

describe('character grams in words', () => {
  it('names a gram by the words it was cut from, as written', () => {
    const text = 'Waited 9 months for CAMHS, my councellor left';
    const result = classification({ 2: { score: 0.7, features: [feature('chr:camhs', 0.9), feature('chr:llor ', 0.6), feature('chr:y cou', 0.4)] } });
    expect(sentences(result, shown(text))[0]).toBe('Tagged 2 (health) because of words that labelled posts tie to it: "CAMHS", "councellor" and "my councellor".');
  });

  it('gives every gram of the post, each with the words it spans, and none from a gate-replaced word', () => {
    const grams = toCharGrams(toTokens('my dad', rules));
    expect(grams.map((g) => g.text)).toEqual([' my d', 'my da', 'y dad', ' dad ']);
    expect(toWrittenWords(toTokens('my dad', rules)).get('chr:y dad')?.text).toBe('my dad');
    expect(toWrittenWords(toTokens('my dad', rules)).get('chr:camhs')).toBeUndefined();
  });
});
