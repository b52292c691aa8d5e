import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify';
import { parseCodebook } from '../../src/classify/codebook';
import { FEATURE_VERSION, analyse, toFeatures } from '../../src/classify/features';
import { matchLexicon } from '../../src/classify/lexicon';
import { compileModel, learnedFeatures, scoreText, type LearnedFeatures } from '../../src/classify/model';
import { toTone } from '../../src/classify/tone';
import { trainModel } from '../../src/classify/train';
import { NO_ID } from '../../src/classify/vocabulary';
import { readTrainingData } from '../../src/cli/classifier';
import { ROOT, TRAIN_TIMEOUT_MS } from '../helpers/cli';

const codebookFile = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/codebook/one-vision-2017.json'), 'utf8')) as unknown;
const modelText = fs.readFileSync(path.join(ROOT, 'data/classifier/default-model.json'), 'utf8');
const model = compileModel(JSON.parse(modelText));
// Reading every bundled training text (over 7,000) twice over, beside other test files.
const EVERY_BUNDLED_TEXT = 120_000;

describe('the bundled default model', () => {
  it('was built by this code from the bundled codebook', () => {
    expect(model.file.featureVersion).toBe(FEATURE_VERSION);
    expect(model.file.codebook).toEqual(codebookFile);
    expect(model.file.codebookVersion).toBe(parseCodebook(codebookFile).version);
  });

  it('is exactly what `npm run train:default` builds (training is deterministic)', () => {
    const rebuilt = trainModel(readTrainingData(), parseCodebook(codebookFile));
    expect(`${JSON.stringify(rebuilt)}\n`).toBe(modelText);
  }, TRAIN_TIMEOUT_MS);
});

describe('scoring without naming features', () => {
  it('finds exactly the named features the model knows, in their order and with their values, for posts and replies', () => {
    // Besides the bundled texts: characters outside the grams' alphabet (emoji, accents, symbols) in and between words,
    // and a post far longer than any bundled one.
    const unusual = ['I ❤️ Bude 🏄 more than anywhere', 'café culture in Truro ☕ is 👍👍', 'ÀÉÎ õü ß — “quotes” ½ price 😂', 'x😂x 😂😂😂 ok', 'CAMHS waits in Camborne 😂 are too long, café ½ '.repeat(60)];
    const texts = [...readTrainingData().map((example) => example.text), ...unusual];
    const cellOf = new Map(model.names.map((name, row) => [name, row * model.stride]));
    // Each text alone, then as a reply to the text before it; twice over, so the scratch marks are reused.
    const cases = [...texts.map((text) => [text] as const), ...texts.map((text, i) => [text, texts[(i + texts.length - 1) % texts.length] ?? ''] as const)];
    for (const round of [1, 2]) {
      for (const [text, context] of cases) {
        const analysis = analyse(text, model.analyser);
        const parent = context === undefined ? undefined : analyse(context, model.analyser);
        const named = [...toFeatures(analysis, parent)].filter(([name]) => cellOf.has(name));
        const found = learnedFeatures(model, analysis, parent);
        const pairs = Array.from(found.cells, (cell, i) => [model.names[cell / model.stride], found.values[i]]);
        expect(pairs, `round ${round}: ${text}`).toEqual(named);
        expect(Array.from(found.cells), text).toEqual(named.map(([name]) => cellOf.get(name)));
      }
    }
  }, EVERY_BUNDLED_TEXT);

  it('finds the same features, lexicon hits and tone for words read without numbers (past the vocabulary limit)', () => {
    const texts = [...readTrainingData().map((example) => example.text).slice(0, 400), 'my little bro says hes scared to go home, CAMHS wait in Bude is a year'];
    for (const text of texts) {
      const analysis = analyse(text, model.analyser);
      const unnumbered = analysis.tokens.map((token) => ({ ...token, wordId: NO_ID, stemId: NO_ID }));
      // Copied: each result is a view of the model's scratch, which the next post's scoring overwrites.
      const found = copyOf(learnedFeatures(model, analysis));
      const foundByText = copyOf(learnedFeatures(model, { ...analysis, tokens: unnumbered }));
      expect(foundByText, text).toEqual(found);
      expect(matchLexicon(unnumbered, model.analyser.outcomes), text).toEqual(analysis.outcomeHits);
      expect(matchLexicon(unnumbered, model.analyser.safeguarding), text).toEqual(analysis.safeguardingHits);
      expect(toTone(unnumbered), text).toBe(toTone(analysis.tokens));
    }
  });

  it('finds the same features after the per-post marks run out and start again', () => {
    const fresh = compileModel(JSON.parse(modelText));
    const featuresOf = () => copyOf(learnedFeatures(fresh, analyse('same here, the buses are rubbish', fresh.analyser), analyse('My son waited a year for CAMHS and the buses from St Ives are rubbish', fresh.analyser)));
    // Scored with the first mark; the marks then run out, and start again from the first.
    const first = featuresOf();
    fresh.scratch.mark = 0x3fffffff - 1;
    learnedFeatures(fresh, analyse('ok', fresh.analyser));
    const again = featuresOf();
    expect(fresh.scratch.mark).toBe(1);
    expect(again.cells.length).toBeGreaterThan(20);
    expect(again).toEqual(first);
  });

  it('gives a post the same scores and evidence whatever the model scored before it (scoring reuses its memory)', () => {
    const texts = readTrainingData().map((example) => example.text);
    const longest = texts.reduce((a, b) => (b.length > a.length ? b : a));
    // A short post, a reply, and the longest text, each scored right after the longest (the scratch at its fullest).
    const posts: Array<readonly [string, string | undefined]> = [
      ['ok', undefined],
      ['same here, the buses are rubbish', 'My son waited a year for CAMHS and the buses from St Ives are rubbish'],
      [longest, undefined],
      ...texts.slice(0, 12).map((text) => [text, undefined] as const),
    ];
    for (const [text, context] of posts) {
      classify(model, longest);
      const fresh = compileModel(JSON.parse(modelText));
      expect(classify(model, text, context), text).toEqual(classify(fresh, text, context));
    }
  });
});

describe('the evidence kept for each outcome', () => {
  it('is the strongest learned contributions of at least 0.05, rounded, ties in name order, as many as asked, for every bundled text', () => {
    const round = (x: number) => Math.round(x * 1e4) / 1e4;
    // Every candidate made an object and sorted: what classify's pruned search must agree with.
    const strongest = (text: string, outcomeIndex: number, count: number) => {
      const scores = scoreText(model, text);
      return Array.from(scores.learned.cells, (cell, f) => ({ feature: model.names[cell / model.stride] as string, raw: scores.contributions[f * model.columns + outcomeIndex] as number }))
        .filter(({ raw }) => Math.abs(raw) >= 0.05)
        .map(({ feature, raw }) => ({ feature, contribution: round(raw) }))
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature))
        .slice(0, count);
    };
    let compared = 0;
    for (const { text } of readTrainingData()) {
      classify(model, text).decisions.forEach((decision, i) => {
        expect(decision.features, `${text} (outcome ${decision.outcome})`).toEqual(strongest(text, i, 6));
        compared += decision.features.length;
      });
      // Fewer asked of matched outcomes, none of the rest: the strongest of the same ordering.
      classify(model, text, undefined, undefined, (matched) => (matched ? 2 : 0)).decisions.forEach((decision, i) => {
        expect(decision.features, `${text} (outcome ${decision.outcome}, two)`).toEqual(decision.matched ? strongest(text, i, 2) : []);
      });
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('classifying the tricky cases', () => {
  const outcomesOf = (text: string) => classify(model, text).outcomes;

  it('follows negation: "we don\'t need X, we need Y" gets Y only', () => {
    expect(outcomesOf("we don't need another youth club, we need CAMHS")).toEqual([2]);
  });

  it('reads SEND as the acronym, not the verb', () => {
    expect(outcomesOf('Send support is non existent in our school. They just send him to the corridor.')).toContain(4);
  });

  it('splits hashtags', () => {
    expect(outcomesOf('#MentalHealthMatters counselling in every school please')).toEqual([2]);
  });

  it('gives none for words used in another sense and for promotion', () => {
    expect(outcomesOf('Saw a school of dolphins off Porthcurno this morning 🐬')).toEqual([]);
    expect(outcomesOf('RT @CornwallCT: Get your One Vision ideas to us by the end of September #CIoSOneVision')).toEqual([]);
  });

  it('tags several outcomes for a list', () => {
    expect(outcomesOf('1. CAMHS that works 2. youth clubs 3. cheaper buses to college 4. help for young carers')).toEqual([1, 2, 4, 5]);
  });

  it('flags a child describing harm, and not a general opinion', () => {
    expect(classify(model, 'my mums boyfriend shouts and hits her and i take my little brother upstairs. i dont know who to tell').safeguarding.flagged).toBe(true);
    expect(classify(model, 'Thanks for a great event in Bodmin, lovely to see so many families').safeguarding.flagged).toBe(false);
  });

  it('explains with the evidence that is really in the post', () => {
    const result = classify(model, "we don't need another youth club, we need CAMHS");
    const health = result.decisions.find((d) => d.outcome === 2);
    expect(health?.matched).toBe(true);
    expect(health?.phrases.map((p) => p.text)).toContain('CAMHS');
    const youth = result.decisions.find((d) => d.outcome === 5);
    expect(youth?.phrases).toEqual([expect.objectContaining({ text: 'youth club', dismissed: true })]);
    expect(health?.threshold).toBe(model.file.thresholds[1]);
  });

  it('gives the same output for the same input and model', () => {
    const text = 'Parenting support for parents of teens who are getting into drink #CIoSOneVision';
    expect(classify(compileModel(JSON.parse(modelText)), text)).toEqual(classify(model, text));
  });
});

/** A learned-features result as plain arrays, kept after the model scores another post. */
function copyOf(found: LearnedFeatures): { cells: number[]; values: number[] } {
  return { cells: Array.from(found.cells), values: Array.from(found.values) };
}
