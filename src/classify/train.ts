/**
 * Training: one-vs-rest sparse logistic regression on the features, blended with the lexicon and
 * calibrated per outcome on out-of-fold predictions (so a score of 0.8 means about 80 %), thresholds
 * chosen on the same out-of-fold scores, then a final fit on everything. Pure and seeded.
 */
import { OUTCOMES, type Codebook, type OutcomeNumber } from './codebook';
import { FEATURE_VERSION, analyse, createAnalyser, toFeatures, type Analysis, type FeatureMap } from './features';
import { fitDense, denseScore, sparseScore, trainSparse, type LinearModel, type SparseVector } from './logistic';
import { DEFAULT_TRAIN_OPTIONS, MODEL_FORMAT, SAFEGUARDING_COLUMN, blendInputs, modelDigest, safeguardingInputs, type ModelFile, type TrainOptions } from './model';
import { assignFolds } from './random';
import { f1Threshold, recallThreshold } from './thresholds';

export interface TrainingExample {
  readonly id: string;
  readonly text: string;
  readonly outcomes: readonly OutcomeNumber[];
  /** null: nobody decided the flag for this row, so it does not train the detector. */
  readonly safeguarding: boolean | null;
  readonly human?: boolean;
}

interface Prepared {
  readonly analyses: readonly Analysis[];
  readonly features: readonly FeatureMap[];
  /** Label columns: five outcomes then safeguarding; -1 means "no decision, skip". */
  readonly labels: ReadonlyArray<readonly number[]>;
}

interface Fitted {
  readonly vocabulary: ReadonlyMap<string, number>;
  readonly models: readonly LinearModel[];
}

export function trainModel(examples: readonly TrainingExample[], codebook: Codebook, options: TrainOptions = DEFAULT_TRAIN_OPTIONS): ModelFile {
  const prepared = prepare(examples, codebook);
  const all = examples.map((_, i) => i);
  const oof = outOfFoldLogits(prepared, all, options);
  const blend = OUTCOMES.map((_, o) => fitDense(all.map((i) => blendInputs(oof[i]?.[o] ?? 0, prepared.analyses[i] as Analysis, o)), column(prepared, o, all)));
  const oofScores = all.map((i) => OUTCOMES.map((_, o) => denseScore(blend[o] ?? [], blendInputs(oof[i]?.[o] ?? 0, prepared.analyses[i] as Analysis, o))));
  const thresholds = OUTCOMES.map((_, o) => f1Threshold(all.map((i) => oofScores[i]?.[o] ?? 0), column(prepared, o, all)));
  const decided = all.filter((i) => (prepared.labels[SAFEGUARDING_COLUMN]?.[i] ?? -1) >= 0);
  const sgRows = decided.map((i) => safeguardingInputs(oof[i]?.[SAFEGUARDING_COLUMN] ?? 0, prepared.analyses[i] as Analysis));
  const sgBlend = fitDense(sgRows, column(prepared, SAFEGUARDING_COLUMN, decided), 0.1);
  const sgScores = sgRows.map((r) => denseScore(sgBlend, r));
  const sgThreshold = recallThreshold(sgScores, column(prepared, SAFEGUARDING_COLUMN, decided), options.safeguardingRecall);
  const final = fit(prepared, all, options);
  const content = {
    format: MODEL_FORMAT,
    featureVersion: FEATURE_VERSION,
    codebookVersion: codebook.version,
    options,
    training: { rows: examples.length, humanLabels: examples.filter((e) => e.human).length, digest: modelDigest(examples.map((e) => [e.text, e.outcomes, e.safeguarding])) },
    crossValidation: summarise(prepared, oofScores, thresholds, sgScores, sgThreshold, decided),
    bias: final.models.map((m) => round(m.bias)),
    weights: toWeightTable(final),
    blend: blend.map((b) => b.map(round)),
    thresholds,
    safeguarding: { blend: sgBlend.map(round), threshold: sgThreshold },
    codebook,
  } as const;
  return { ...content, modelVersion: `${codebook.version}+${modelDigest(content)}` } as ModelFile;
}

function prepare(examples: readonly TrainingExample[], codebook: Codebook): Prepared {
  const analyser = createAnalyser(codebook);
  const analyses = examples.map((e) => analyse(e.text, analyser));
  const labels = [
    ...OUTCOMES.map((o) => examples.map((e) => (e.outcomes.includes(o) ? 1 : 0))),
    examples.map((e) => (e.safeguarding === null ? -1 : e.safeguarding ? 1 : 0)),
  ];
  return { analyses, features: analyses.map(toFeatures), labels };
}

function column(prepared: Prepared, c: number, rows: readonly number[]): number[] {
  return rows.map((i) => prepared.labels[c]?.[i] ?? 0);
}

/** Learned-model logits for every row, each from a model that never saw it. */
function outOfFoldLogits(prepared: Prepared, rows: readonly number[], options: TrainOptions): number[][] {
  const keys = rows.map((i) => prepared.labels.map((col) => col[i]).join(''));
  const folds = assignFolds(keys, options.folds, options.seed);
  const out: number[][] = [];
  for (let f = 0; f < options.folds; f += 1) {
    const fitted = fit(
      prepared,
      rows.filter((_, k) => folds[k] !== f),
      options,
    );
    rows.forEach((i, k) => {
      if (folds[k] === f) out[i] = fitted.models.map((m) => sparseScore(m, vectorise(prepared.features[i] as FeatureMap, fitted.vocabulary)));
    });
  }
  return out;
}

function fit(prepared: Prepared, rows: readonly number[], options: TrainOptions): Fitted {
  const counts = new Map<string, number>();
  for (const i of rows) for (const name of (prepared.features[i] as FeatureMap).keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  const names = [...counts.entries()].filter(([name, n]) => n >= options.minCount || !/^(word|pair|negated|not-this|phrase):/.test(name)).map(([name]) => name);
  const vocabulary = new Map(names.sort().map((name, index) => [name, index]));
  const docs = rows.map((i) => vectorise(prepared.features[i] as FeatureMap, vocabulary));
  const labels = prepared.labels.map((col) => rows.map((i) => col[i] ?? 0));
  return { vocabulary, models: trainSparse(docs, labels, vocabulary.size, options) };
}

export function vectorise(features: FeatureMap, vocabulary: ReadonlyMap<string, number>): SparseVector {
  const pairs: Array<[number, number]> = [];
  for (const [name, value] of features) {
    const index = vocabulary.get(name);
    if (index !== undefined) pairs.push([index, value]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return { index: Int32Array.from(pairs.map((p) => p[0])), value: Float64Array.from(pairs.map((p) => p[1])) };
}

function toWeightTable(fitted: Fitted): Record<string, number[]> {
  const table: Record<string, number[]> = {};
  for (const [name, index] of fitted.vocabulary) {
    const weights = fitted.models.map((m) => round(m.weights[index] ?? 0));
    if (weights.some((w) => Math.abs(w) >= 1e-4)) table[name] = weights;
  }
  return table;
}

function summarise(prepared: Prepared, scores: number[][], thresholds: number[], sgScores: number[], sgThreshold: number, decided: number[]): ModelFile['crossValidation'] {
  const perOutcomeF1 = OUTCOMES.map((_, o) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    scores.forEach((s, i) => {
      const y = prepared.labels[o]?.[i] === 1;
      const p = (s[o] ?? 0) >= (thresholds[o] ?? 0.5);
      if (y && p) tp += 1;
      else if (p) fp += 1;
      else if (y) fn += 1;
    });
    return round(tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
  });
  const positives = decided.filter((i) => prepared.labels[SAFEGUARDING_COLUMN]?.[i] === 1);
  const caught = decided.filter((i, k) => prepared.labels[SAFEGUARDING_COLUMN]?.[i] === 1 && (sgScores[k] ?? 0) >= sgThreshold);
  return { macroF1: round(perOutcomeF1.reduce((a, b) => a + b, 0) / OUTCOMES.length), perOutcomeF1, safeguardingRecall: round(positives.length === 0 ? 0 : caught.length / positives.length) };
}

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
