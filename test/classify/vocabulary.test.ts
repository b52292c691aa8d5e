/**
 * Word numbers (src/classify/vocabulary.ts) past their limit: a long run over ever-new words must stop
 * numbering them without changing what is classified. Vitest runs each test file in its own process,
 * so filling the vocabulary here touches no other test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { analyse, toFeatures } from '../../src/classify/features';
import { compileModel, learnedFeatures, type CompiledModel, type ModelFile } from '../../src/classify/model';
import { NO_ID, textIdOf } from '../../src/classify/vocabulary';
import { ROOT } from '../helpers/cli';

const modelText = fs.readFileSync(path.join(ROOT, 'data/classifier/default-model.json'), 'utf8');

/** Numbers made-up words until no more are given; how many that took. */
function fillVocabulary(): number {
  for (let n = 0; n < 2_000_000; n += 1) if (textIdOf(`filler${n}`) === NO_ID) return n;
  throw new Error('the vocabulary never stopped numbering words');
}

/** The post's features the model has weights for, named, in order: what scoring must find. */
function namedFeatures(model: CompiledModel, text: string): Array<[string, number]> {
  const known = new Set(model.names);
  return [...toFeatures(analyse(text, model.analyser))].filter(([name]) => known.has(name));
}

function foundFeatures(model: CompiledModel, text: string): Array<[string, number]> {
  const found = learnedFeatures(model, analyse(text, model.analyser));
  return Array.from(found.cells, (cell, i) => [model.names[cell / model.stride] as string, found.values[i] as number]);
}

it('stops numbering new words at its limit, and posts with them are scored on the same features', () => {
  const model = compileModel(JSON.parse(modelText));
  expect(fillVocabulary()).toBeGreaterThan(1000);
  // "Kernowbus" and "zennorglum" were never seen; the other words were (the model's own, or numbered before the limit).
  const text = 'my little bro says hes scared to go home, the Kernowbus never comes and zennorglum is a year wait for CAMHS';
  const tokens = analyse(text, model.analyser).tokens;
  expect(tokens.find((t) => t.word === 'kernowbus')?.wordId).toBe(NO_ID);
  expect(tokens.find((t) => t.word === 'scared')?.wordId).not.toBe(NO_ID);
  expect(foundFeatures(model, text)).toEqual(namedFeatures(model, text));
  expect(foundFeatures(model, text).length).toBeGreaterThan(40);
});

it('finds a word read without a number in a model compiled after it was read', () => {
  fillVocabulary();
  const before = compileModel(JSON.parse(modelText));
  const analysis = analyse('the gorsewhistle club in Redruth saved my summer', before.analyser);
  const stem = analysis.tokens.find((t) => t.word === 'gorsewhistle')?.stem;
  expect(analysis.tokens.find((t) => t.word === 'gorsewhistle')?.stemId).toBe(NO_ID);
  // A model that has learned the word (as one trained on a later label would): its features are numbered when it is compiled.
  const file = JSON.parse(modelText) as ModelFile;
  const later = compileModel({ ...file, weights: { ...file.weights, [`word:${stem}`]: [2, 0, 0, 0, 0, 0, 0] } });
  const found = learnedFeatures(later, analysis);
  const names = Array.from(found.cells, (cell, i) => [later.names[cell / later.stride], found.values[i]]);
  const known = new Set(later.names);
  expect(names).toContainEqual([`word:${stem}`, 1]);
  expect(names).toEqual([...toFeatures(analysis)].filter(([name]) => known.has(name)));
});
