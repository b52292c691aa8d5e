/**
 * Long answers (a parent's several paragraphs on the Facebook page, a survey's free-text box). Every
 * training row is under 400 characters, and features counted once per clause or per character gram
 * grew with an answer's length: half of all long answers were flagged (BENCHMARKS.md, stop 52). In a
 * post of more than 300 grams a clause mark's count is now per 300 characters, and each gram counts
 * less, so that their sum grows like the square root of its length; shorter posts read as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify';
import { parseCodebook } from '../../src/classify/codebook';
import { CHAR_GRAM, GRAMS_AT_FULL_VALUE, analyse, charGramValue, createAnalyser, longPostScale, toFeatures } from '../../src/classify/features';
import { compileModel } from '../../src/classify/model';
import { ROOT } from '../helpers/cli';

const codebook = parseCodebook(JSON.parse(fs.readFileSync(path.join(ROOT, 'data/codebook/one-vision-2017.json'), 'utf8')));
const analyser = createAnalyser(codebook);
const featuresOf = (text: string) => toFeatures(analyse(text, analyser));
const model = compileModel(JSON.parse(fs.readFileSync(path.join(ROOT, 'data/classifier/default-model.json'), 'utf8')));

// Written for this test: a parent's answer S2 does not flag (bullying that stopped, a long wait for an
// assessment, worry about older kids round the estate with no child named), sentence by sentence.
const NEAR_MISS_SENTENCES = [
  "I'm a mum of three in Redruth and I've been reading everyone's comments with interest.",
  "My eldest is 17 now and doing well at college, but it wasn't always easy.",
  'When she was in Year 8 she was bullied for months and the school were slow to act, although it did stop in the end.',
  'She saw a counsellor for a while and is much happier now.',
  'My middle one is autistic and we waited nearly two years for his assessment, which was really hard on him and on us.',
  'My youngest is only 6 and loves his football on a Saturday.',
  "What worries me is the older kids round the estate, some of them are out really late and I've heard there are drugs about.",
  'There is nothing for them to do and nobody seems to be keeping an eye on them.',
  'My husband works long hours and my own mum is poorly, so I rely on the school and the after-school club a lot.',
  "If I could change one thing it would be proper mental health support in schools, so children don't wait until things get bad.",
];

describe('features of a long answer', () => {
  it("count a clause mark's clauses in a short post, and in a long one per 300 characters, so the count stops growing with length", () => {
    const clauses = (n: number) => featuresOf(Array.from({ length: n }, () => 'my brother is scared.').join(' ')).get('clause:relation') ?? 0;
    expect(clauses(1)).toBe(1);
    expect(clauses(3)).toBe(3);
    expect(longPostScale(GRAMS_AT_FULL_VALUE)).toBe(1);
    expect(longPostScale(2 * GRAMS_AT_FULL_VALUE)).toBe(0.5);
    // Twenty clauses and forty (about 420 and 840 characters) count alike: about 14 clauses in 300 characters.
    expect(clauses(20)).toBeGreaterThan(13);
    expect(clauses(20)).toBeLessThan(16);
    expect(clauses(40)).toBeCloseTo(clauses(20), 0);
  });

  it("count each character gram 1 up to a tweet's length, and less beyond, so their sum grows like the square root", () => {
    expect(charGramValue(GRAMS_AT_FULL_VALUE)).toBe(1);
    expect(charGramValue(4 * GRAMS_AT_FULL_VALUE)).toBeCloseTo(0.5, 10);
    const short = featuresOf('the buses to college are too expensive');
    expect([...short].filter(([name]) => name.startsWith('chr:')).every(([, value]) => value === 1)).toBe(true);
    const long = featuresOf(NEAR_MISS_SENTENCES.join(' '));
    const grams = NEAR_MISS_SENTENCES.join(' ').length;
    const values = [...long].filter(([name]) => name.startsWith('chr:')).map(([, value]) => value);
    expect(new Set(values).size).toBe(1);
    // The joined words are about as long as the text, so each gram's value is near √(300 ÷ its length).
    expect(values[0]).toBeCloseTo(Math.sqrt(GRAMS_AT_FULL_VALUE / (grams - CHAR_GRAM)), 1);
  });
});

describe('the bundled model on long answers', () => {
  it('does not flag a parent\'s long answer that S2 does not flag, however many clauses name a child', () => {
    const result = classify(model, NEAR_MISS_SENTENCES.join(' '));
    expect(result.safeguarding.flagged).toBe(false);
  });

  it('flags a disclosure in the middle of a long answer, as a disclosure', () => {
    const disclosures = [
      'My nephew is 14 and has been sleeping on our sofa since Friday because his stepdad hits him, and he says he is scared to go home.',
      "My daughter told me last night that she has been cutting her arms again and she doesn't want to be here any more.",
      'A man keeps messaging my 13 year old on Snapchat asking for photos and telling her not to tell me.',
    ];
    const ordinary = NEAR_MISS_SENTENCES.filter((_, i) => ![2, 3, 6, 7].includes(i));
    for (const disclosure of disclosures) {
      const text = [...ordinary.slice(0, 3), disclosure, ...ordinary.slice(3)].join(' ');
      const { safeguarding } = classify(model, text);
      expect({ text: disclosure, flagged: safeguarding.flagged, level: safeguarding.level }).toEqual({ text: disclosure, flagged: true, level: 'disclosure' });
    }
  });
});
