/**
 * Harm said to be over (S2) against harm that goes on (S1). Codebook 2017.1.3 lists phrases of ended harm
 * ("been charged", "she's fine now", "it stopped") as a cue of their own; a post that goes on to say the
 * harm continues ("but he still hits me") has no such cue. A codebook without the list reads as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify';
import { CodebookError, parseCodebook } from '../../src/classify/codebook';
import { analyse, createAnalyser, forEachFeature } from '../../src/classify/features';
import { ModelError, compileModel, safeguardingInputs } from '../../src/classify/model';
import { ROOT } from '../helpers/cli';

const CODEBOOK_FILE = path.join(ROOT, 'data/codebook/one-vision-2017.json');
const MODEL_FILE = path.join(ROOT, 'data/classifier/default-model.json');
const codebookJson = () => JSON.parse(fs.readFileSync(CODEBOOK_FILE, 'utf8')) as { version: string; safeguarding: Record<string, unknown> };
const codebook = parseCodebook(codebookJson());
const analyser = createAnalyser(codebook);
const ended = (text: string) => analyse(text, analyser).cues.ended;

describe('the ended-harm cue', () => {
  it('is found where the post says the harm is over', () => {
    expect(ended("He was charged in the spring and she's fine now.")).toBeGreaterThan(0.5);
    expect(ended('my stepdad used to hit my brother. he left in the summer and it stopped')).toBeGreaterThan(0.5);
  });

  it('is not found where the post goes on to say the harm continues, is denied, or never ends', () => {
    expect(ended("school said it's been dealt with but he still hits me")).toBe(0);
    expect(ended('he was charged but he keeps messaging her from new accounts')).toBe(0);
    expect(ended("she's not fine now, whatever they told you")).toBe(0);
    expect(ended('my dad hits me when he drinks')).toBe(0);
  });

  it('leaves the unnamed-group phrases where they were', () => {
    const cues = analyse('kids in my school have nowhere to live', analyser).cues;
    expect(cues.resolved).toBeGreaterThan(0);
    expect(cues.ended).toBe(0);
  });
});

describe('a codebook without the list (before 2017.1.3)', () => {
  const older = codebookJson();
  delete older.safeguarding.ended;
  older.version = '2017.1.2';
  const olderAnalyser = createAnalyser(parseCodebook(older));
  const text = "He was charged in the spring and she's fine now. Still, schools need to teach online safety.";
  const names = (a: typeof analyser) => {
    const found: string[] = [];
    forEachFeature(analyse("He was charged in the spring and she's fine now.", a), (prefix, key) => found.push(prefix + key));
    return found;
  };

  it('gives no ended feature and one flag input fewer, so models trained on it score as they did', () => {
    expect(names(analyser)).toContain('cue:ended');
    expect(names(olderAnalyser)).not.toContain('cue:ended');
    const withList = safeguardingInputs(0, analyse(text, analyser), codebook);
    const without = safeguardingInputs(0, analyse(text, olderAnalyser), parseCodebook(older));
    expect(withList).toHaveLength(without.length + 1);
  });

  it('is still a valid codebook, and a malformed list is named', () => {
    expect(() => parseCodebook(older)).not.toThrow();
    const broken = codebookJson();
    broken.safeguarding.ended = { 3: 'been charged' };
    expect(() => parseCodebook(broken)).toThrow(CodebookError);
    expect(() => parseCodebook(broken)).toThrow(/safeguarding\.ended/);
  });
});

describe('the bundled model on accounts it never saw', () => {
  const model = compileModel(JSON.parse(fs.readFileSync(MODEL_FILE, 'utf8')));
  const flagged = (text: string) => classify(model, text).safeguarding.flagged;

  it('does not flag an account whose harm has ended (S2), and flags the same account when the harm goes on (S1)', () => {
    const before = 'Last month an older man kept messaging my 13 year old on Snapchat asking to meet her.';
    expect(flagged(before)).toBe(true);
    expect(flagged(`${before} The police traced him, he's been charged and she's fine now.`)).toBe(false);
    expect(flagged(`${before} He's been charged but he keeps messaging her from new accounts.`)).toBe(true);
  });

  it('keeps a disclosure whose writer was told it was dealt with', () => {
    expect(flagged("school said it's been dealt with but he still hits me every day after school")).toBe(true);
    expect(flagged('my mum says im fine now but i still cut when it gets bad')).toBe(true);
  });

  it('refuses a model whose flag blend does not fit its codebook, rather than score it wrongly', () => {
    const file = JSON.parse(fs.readFileSync(MODEL_FILE, 'utf8')) as { safeguarding: { blend: number[] } };
    file.safeguarding.blend = file.safeguarding.blend.slice(1);
    expect(() => compileModel(file)).toThrow(ModelError);
    expect(() => compileModel(file)).toThrow(/flag blend/);
  });
});
