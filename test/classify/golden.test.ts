/**
 * Classifying must not change when it is only made faster: every bundled text's classification (and
 * the tokens, lexicon hits and features behind it) is pinned as a short digest per row. A change to the
 * model, features or codebook changes these on purpose: regenerate with
 * `npx vitest run test/classify/golden.test.ts -u` and say why in the commit.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify';
import { analyse, toFeatures } from '../../src/classify/features';
import { compileModel, type CompiledModel } from '../../src/classify/model';
import { readTrainingFile } from '../../src/cli/classifier';
import { ROOT } from '../helpers/cli';

const model = compileModel(JSON.parse(fs.readFileSync(path.join(ROOT, 'data/classifier/default-model.json'), 'utf8')));

// Shapes the bundled rows rarely hold: contractions with a curly apostrophe, emoji with a variation
// selector, camel-case and all-caps hashtags, contextual acronyms, links and mentions, empty text.
const EDGE_CASES = [
  '',
  '   ',
  "We can’t get an EHCP and CAMHS won't see him 😭😭 ❤️ #MentalHealthMatters #SEND @CornwallCouncil https://t.co/abc",
  'ASB round here is awful. Is ASB even reported? Send help!!! SEND support please. ACEs ACE aces.',
  'ppl tbh idk wot 2 do, no1 cares lol… £5 bus fare, C++ club?? (mum’s) dad’s kid’s',
  'Truro,Penzance;Bodmin:Newquay!Camborne?\n\nHelston (Falmouth)',
  "DON'T NEED ANOTHER YOUTH CLUB, WE NEED JOBS. no point in anything. nothing to do, not even a bus",
];

function textsToCheck(): Array<{ id: string; text: string }> {
  const bundled = ['train.csv', 'test.csv'].flatMap((file) => readTrainingFile(path.join(ROOT, 'data/training', file)));
  return [...bundled.map(({ id, text }) => ({ id, text })), ...EDGE_CASES.map((text, i) => ({ id: `edge-${i}`, text }))];
}

/**
 * Everything classify() decides for one text, with what it decided from. Tokens' numbers for their
 * words are left out: they say in what order words were first met in this process, not what was decided.
 */
function fingerprint(compiled: CompiledModel, text: string): string {
  const analysis = analyse(text, compiled.analyser);
  const withoutNumbers = (key: string, value: unknown) => (key === 'wordId' || key === 'stemId' ? undefined : value);
  const content = JSON.stringify({ classification: classify(compiled, text), analysis, features: [...toFeatures(analysis)] }, withoutNumbers);
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

describe('classifying the bundled texts', () => {
  const texts = textsToCheck();
  const digestsOf = () => Object.fromEntries(texts.map(({ id, text }) => [id, fingerprint(model, text)]));

  it('gives exactly the pinned result for every text, the first time and again once words and stems are memoised', async () => {
    const first = digestsOf();
    await expect(`${JSON.stringify({ modelVersion: model.file.modelVersion, digests: first }, null, 1)}\n`).toMatchFileSnapshot('../fixtures/classify-golden.json');
    expect(digestsOf()).toEqual(first);
  });
});
