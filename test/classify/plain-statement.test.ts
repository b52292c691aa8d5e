import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify';
import { CodebookError, parseCodebook } from '../../src/classify/codebook';
import { analyse, createAnalyser } from '../../src/classify/features';
import { compileModel } from '../../src/classify/model';
import { toReasons } from '../../src/classify/reasons';
import { ROOT } from '../helpers/cli';

const codebookJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/codebook/one-vision-2017.json'), 'utf8')) as Record<string, unknown> & { safeguarding: Record<string, unknown> };
const analyser = createAnalyser(parseCodebook(codebookJson));
const statement = (text: string) => {
  const found = analyse(text, analyser).plainStatement;
  return found ? `${found.about}: ${found.hit.phrase}` : undefined;
};

describe('a self-harm statement made plainly, now (S1, S4)', () => {
  it('finds the writer saying it of themselves, however it is phrased', () => {
    expect(statement('I cut myself when it gets bad')).toBe('writer: cut myself');
    expect(statement('ngl i self harm and my school just sent me home')).toBe('writer: self harm');
    expect(statement("I'm going to kill myself")).toBe('writer: kill myself');
    expect(statement('kms')).toBe('writer: kill myself');
    expect(statement("I've been cutting again since christmas")).toBe('writer: cutting again');
    expect(statement('i dont want to be here anymore')).toBe("writer: don't want to be here");
    expect(statement('i feel suicidal most nights')).toBe('writer: suicidal');
    expect(statement('been starving myself for months')).toBe('writer: starving myself');
    // Young people's services run to 25: a writer of 19 may still be one.
    expect(statement('im 19 and i still self harm')).toBe('writer: self harm');
  });

  it('finds it said of a child the writer names by relationship', () => {
    expect(statement('My son wants to kill himself')).toBe('relation: kill himself');
    expect(statement('my friend keeps talking about killing herself')).toBe('relation: kill herself');
    expect(statement('My 15 year old has been cutting himself')).toBe('relation: cut himself');
    expect(statement('my little brother is self harming')).toBe('relation: self harm');
  });

  it('leaves groups, adults, the past, denials, suppositions and jokes to the model (S2)', () => {
    for (const text of [
      'lots of people in my year self harm',
      'I want to help young people who self harm',
      'School nurse here. I hear about self-harm every week',
      "Loads of my daughter's friends are self-harming",
      "my friend's mum self harms",
      'I used to cut myself when I was 14',
      'I self-harmed from 13 to 16 and I am doing well',
      'I would never hurt myself',
      'my daughter would never hurt herself',
      "If I had to go back there I'd kill myself",
      'the bus is so bad i want to die 😂',
      'double maths again lol i want to die',
      "I'm 31 and still self harm. The drop off from CAMHS at 18 left me with nothing",
    ]) {
      expect(statement(text), text).toBeUndefined();
    }
  });

  it('needs the codebook to list the phrase as a harm cue too, and older codebooks have no such list', () => {
    const withStray = { ...codebookJson, safeguarding: { ...codebookJson.safeguarding, selfHarm: ['cut myself', 'sad sometimes'] } };
    expect(() => parseCodebook(withStray)).toThrow(CodebookError);
    expect(() => parseCodebook(withStray)).toThrow(/"sad sometimes" must also be listed under safeguarding.harm/);
    const { selfHarm: _unused, ...older } = codebookJson.safeguarding;
    const olderAnalyser = createAnalyser(parseCodebook({ ...codebookJson, safeguarding: older }));
    expect(analyse('I cut myself when it gets bad', olderAnalyser).plainStatement).toBeUndefined();
  });

  it('refuses a harm cue that begins with a specific-child cue, which would hide the cue and the statement', () => {
    const harm = codebookJson.safeguarding.harm as Record<string, string[]>;
    const withSubject = (phrase: string) => ({ ...codebookJson, safeguarding: { ...codebookJson.safeguarding, harm: { ...harm, '3': [...(harm['3'] ?? []), phrase] } } });
    // What the check prevents: listed with its subject, "i self harm" takes the "i", and the statement is lost.
    const lenient = createAnalyser(parseCodebook(withSubject('i self harm'), { asTrained: true }));
    expect(analyse('ngl i self harm and my school just sent me home', lenient).plainStatement).toBeUndefined();
    expect(() => parseCodebook(withSubject('i self harm'))).toThrow(/"i self harm" begins with "i", a specific-child cue; list it as "self harm"/);
    expect(() => parseCodebook(withSubject('My son hits'))).toThrow(/begins with "my son"/);
    expect(() => parseCodebook(withSubject('our little secret'))).toThrow(/list it as "little secret"/);
    // A cue inside a phrase is fine.
    expect(() => parseCodebook(withSubject('hits me when'))).not.toThrow();
    expect(() => parseCodebook(withSubject('wish i was dead'))).not.toThrow();
    // A model trained before the rule still loads and classifies with the codebook it was trained with.
    const model = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/classifier/default-model.json'), 'utf8')) as { codebook: unknown };
    const older = compileModel({ ...model, codebook: withSubject('i self harm') });
    expect(classify(older, 'ngl i self harm and my school just sent me home').safeguarding.flagged).toBe(true);
  });
});

describe('the default model with a plain statement', () => {
  const model = compileModel(JSON.parse(fs.readFileSync(path.join(ROOT, 'data/classifier/default-model.json'), 'utf8')));

  it('flags it as a disclosure whatever the score, and says why', () => {
    for (const text of ['I cut myself when it gets bad', 'My son wants to kill himself']) {
      const result = classify(model, text);
      expect(result.safeguarding, text).toMatchObject({ flagged: true, level: 'disclosure' });
      expect(result.safeguarding.cues[0]?.phrase, text).toMatch(/^(writer|relation): /);
    }
    const quiet = classify(model, 'I cut myself when it gets bad');
    const reasons = toReasons({ ...quiet, safeguarding: { ...quiet.safeguarding, score: 0.01 } }, { names: [], withheld: null, words: null });
    expect(reasons.safeguarding).toContain('flagged as a possible disclosure (urgent: a specific child now): it says plainly that the writer or a child they name self-harms or wants to die');
    expect(reasons.safeguarding).toContain('"cut myself" (the writer saying it of themselves, now)');
    const withheld = toReasons({ ...quiet, safeguarding: { ...quiet.safeguarding, score: 0.01 } }, { names: [], withheld: 'flagged', words: null }).safeguarding;
    expect(withheld).toContain('flagged as a possible disclosure (urgent: a specific child now) by a rule that flags whatever the score');
    expect(withheld).not.toMatch(/cut|self-harm|die/);
  });

  it('keeps an ordinary post and a general worry unflagged', () => {
    expect(classify(model, 'More buses from Bodmin to Truro College please').safeguarding.flagged).toBe(false);
    expect(classify(model, 'lots of people in my year self harm and nobody talks about it').safeguarding.level).not.toBe('disclosure');
  });
});
