import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/classify/codebook';
import { analyse, createAnalyser, forEachFeature, toCharGrams, type Analysis } from '../../src/classify/features';
import { BREAK, type Token } from '../../src/classify/text';
import { readTrainingData } from '../../src/cli/classifier';
import { ROOT } from '../helpers/cli';

const codebook = parseCodebook(JSON.parse(fs.readFileSync(path.join(ROOT, 'data/codebook/one-vision-2017.json'), 'utf8')) as unknown);
const analyser = createAnalyser(codebook);

/** The "chr:" features scoring and training see, in the order found, repeats kept. */
function gramsScored(analysis: Analysis): string[] {
  const grams: string[] = [];
  forEachFeature(analysis, (prefix, key) => {
    if (prefix === 'chr:') grams.push(key);
  });
  return grams;
}

/** The grams `explain` ties back to the words written (learned-words.ts). */
const gramsNamed = (analysis: Analysis) => toCharGrams(analysis.tokens).map((gram) => gram.text);

const withWord = (token: Token, word: string): Token => ({ ...token, word });

describe('character grams', () => {
  it('are the same whether scored or named, for every bundled text, a very long post and the short one after it', () => {
    const long = 'CAMHS waits in Camborne are too long and my mate is scared, ngl '.repeat(40);
    const texts = [...readTrainingData().map((example) => example.text), long, 'ok', '', long.slice(0, 700), 'my dad'];
    for (const text of texts) {
      const analysis = analyse(text, analyser);
      expect(gramsScored(analysis), text.slice(0, 60)).toEqual(gramsNamed(analysis));
    }
    expect(gramsScored(analyse('my dad', analyser))).toEqual([' my d', 'my da', 'y dad', ' dad ']);
  });

  it('join words the same way when a token has no letters: before the first word it adds nothing, after it a space', () => {
    const { tokens, ...rest } = analyse('my dad hits me. i am scared', analyser);
    const first = tokens[0] as Token;
    const unusual: Token[][] = [
      [withWord(first, ''), withWord(first, ''), ...tokens],
      [...tokens.slice(0, 2), withWord(first, ''), withWord(first, ''), ...tokens.slice(2)],
      [withWord(first, BREAK), withWord(first, ''), ...tokens, withWord(first, '')],
      [withWord(first, ''), withWord(first, BREAK), withWord(first, '')],
    ];
    for (const shape of unusual) {
      const analysis = { ...rest, tokens: shape };
      expect(gramsScored(analysis)).toEqual(gramsNamed(analysis));
    }
    const doubled = { ...rest, tokens: [...tokens.slice(0, 2), withWord(first, ''), ...tokens.slice(2)] };
    expect(gramsScored(doubled)).toContain('dad  ');
    // Five empty words make a run of spaces longer than a gram, which is no gram, even straight after a long post.
    gramsScored(analyse('my mate is scared to go home '.repeat(30), analyser));
    const spaced = { ...rest, tokens: [tokens[0] as Token, ...Array.from({ length: 5 }, () => withWord(first, '')), tokens[1] as Token] };
    expect(gramsScored(spaced)).toEqual(gramsNamed(spaced));
    expect(gramsScored(spaced)).not.toContain('     ');
  });
});
