import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../../src/classify/codebook';
import { analyse, createAnalyser } from '../../src/classify/features';
import { ROOT } from '../helpers/cli';

const analyser = createAnalyser(parseCodebook(JSON.parse(fs.readFileSync(path.join(ROOT, 'data/codebook/one-vision-2017.json'), 'utf8'))));
const cues = (text: string) => analyse(text, analyser).cues;

describe('structural safeguarding cues', () => {
  it('reads a child age stated now, however it is written', () => {
    for (const text of ['im 15 and scared', "she's 14", 'a lad, maybe 11, on a bike', 'My partner’s son (15) is not ok', 'the 14yo we foster', 'year 9']) {
      expect(cues(text).childAge, text).toBeGreaterThan(0);
    }
    expect(cues('We waited 11 months for CAMHS').childAge).toBe(0);
  });

  it('puts an age or date in the past, and an adult age only with "now"', () => {
    expect(cues('When I was 14 my stepdad hit me').past).toBeGreaterThan(0);
    expect(cues('When I was 14 my stepdad hit me').childAge).toBe(0);
    expect(cues("I'm 31 now and he's long gone").past).toBeGreaterThan(0);
    expect(cues('My brother went missing in 2015').past).toBeGreaterThan(0);
    expect(cues("he's 24 and she is 15").past).toBe(0);
  });

  it("reads a grown-up's age as the writer's or a named relation's, never a partner's", () => {
    for (const text of ["I'm 31 n some days i dont want to be here", 'My sister is 28 and her boyfriend controls her money', 'my dad (68) is drinking himself to death']) {
      expect(cues(text).adult, text).toBeGreaterThan(0);
      expect(cues(text).childAge, text).toBe(0);
    }
    for (const text of ['im 15 and her bf is 23', 'the dad is 24', 'class size is 33']) expect(cues(text).adult, text).toBe(0);
    expect(cues('my son is 15 and scared to go home').childAge).toBeGreaterThan(0);
  });

  it('counts a harm cue denied outright, not one a negator only sits near', () => {
    for (const text of ["I'm not suicidal, just bored", 'nobody at home hurts me, i just want a youth club', "my son isn't being groomed, he just games"]) {
      expect(cues(text).denied, text).toBeGreaterThan(0);
    }
    for (const text of ['i cant stop cutting myself', 'i dont feel safe at home', 'nobody knows my dad hits me']) expect(cues(text).denied, text).toBe(0);
  });

  it('ties a harm cue to the writer or a relation in the same clause', () => {
    expect(cues('my dad hits me when he is drunk').harmNearPerson).toBeGreaterThan(0);
    expect(cues('Domestic abuse goes up every summer. My view: fund refuges').harmNearPerson).toBe(0);
  });

  it('does not let a dismissal silence a cue, nor a negated "resolved" cue count as resolution', () => {
    expect(cues('no point in anything anymore').harm).toBeGreaterThan(0);
    expect(cues('i cant talk to anyone at home').resolved).toBe(0);
    expect(cues('to anyone getting bullied, it gets better').resolved).toBeGreaterThan(0);
  });
});
