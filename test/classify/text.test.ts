import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/classify/codebook';
import { analyse, createAnalyser } from '../../src/classify/features';
import { toTextRules, toTokens } from '../../src/classify/text';
import { ROOT } from '../helpers/cli';

const codebook = parseCodebook(JSON.parse(fs.readFileSync(path.join(ROOT, 'data/codebook/one-vision-2017.json'), 'utf8')));
const rules = toTextRules(codebook);
const analyser = createAnalyser(codebook);
const words = (text: string) => toTokens(text, rules).map((t) => t.word).filter((w) => w !== '|');

describe('text handling for social posts', () => {
  it('protects acronyms from stemming: SEND is not "send"', () => {
    expect(words('SEND support please')).toContain('acr_send');
    expect(words('Send support is non existent in our school')).toContain('acr_send');
    expect(words('send me the link')).toEqual(['send', 'me', 'the', 'link']);
    expect(words('CAMHS and an EHCP for NEET kids')).toEqual(expect.arrayContaining(['acr_camhs', 'acr_ehcp', 'acr_neet']));
  });

  it('splits hashtags, drops the campaign tag, mentions and links', () => {
    expect(words('#MentalHealthMatters @CornwallCT https://t.co/abc #CIoSOneVision')).toEqual(['mental', 'health', 'matters']);
    expect(words('#youngcarers')).toEqual(['young', 'carers']);
    expect(words('#SEND')).toEqual(['acr_send']);
  });

  it('expands contractions, txt-speak and emoji', () => {
    expect(words("we don't need ppl tbh 😭")).toEqual(['we', 'do', 'not', 'need', 'people', 'to', 'be', 'honest', 'cry']);
  });

  it('marks a dismissed item so "we don\'t need X, we need Y" counts Y only', () => {
    const analysis = analyse("we don't need another youth club, we need CAMHS", analyser);
    const youthClub = analysis.outcomeHits.find((h) => h.phrase === 'youth club');
    const camhs = analysis.outcomeHits.find((h) => h.phrase === 'CAMHS');
    expect(youthClub?.dismissed).toBe(true);
    expect(camhs?.dismissed).toBe(false);
    expect(analysis.lexicon[4]).toBe(0);
    expect(analysis.lexicon[1]).toBeGreaterThan(0.5);
  });

  it('dismisses backwards for "X won\'t fix anything"', () => {
    const analysis = analyse('honestly a new youth centre wont fix anything, what we actually need is CAMHS staff', analyser);
    expect(analysis.outcomeHits.find((h) => h.phrase === 'youth centre')?.dismissed).toBe(true);
  });

  it('keeps negated topic words as evidence: "no CAMHS support" is still about CAMHS', () => {
    const analysis = analyse('there is no CAMHS support round here', analyser);
    const hit = analysis.outcomeHits.find((h) => h.phrase === 'CAMHS');
    expect(hit).toMatchObject({ negated: true, dismissed: false });
    expect(analysis.lexicon[1]).toBeGreaterThan(0.5);
  });

  it('does not count a word used in another sense', () => {
    expect(analyse('Saw a school of dolphins off Porthcurno', analyser).lexicon[3]).toBeLessThan(0);
    expect(analyse('My mental arithmetic says this costs too much', analyser).lexicon[1]).toBeLessThan(0);
  });
});
