/**
 * Training: one-vs-rest sparse logistic regression on the features, blended with the lexicon and
 * calibrated per outcome on out-of-fold predictions (so a score of 0.8 means about 80 %), thresholds
 * chosen on the same out-of-fold scores, then a final fit on everything. Pure and deterministic.
 *
 * Stable by construction, so one new label does not re-tag other posts: the fit is full-batch to a
 * convex optimum (no row order), each row's fold comes from a hash of its own text (adding a row moves
 * no other row), and thresholds stay where the previous model had them unless moving clearly helps.
 */
import { OUTCOMES, type Codebook, type OutcomeNumber, type SafeguardingLevel } from './codebook';
import { toFeatureTable, toVocabulary, vectorise, type FeatureTable, type Vocabulary } from './feature-table';
import { FEATURE_VERSION, analyse, createAnalyser, toFeatures, type Analyser, type Analysis, type FeatureMap } from './features';
import { fitDense, denseScore, sigmoid, sparseScore, trainSparse, type LinearModel, type SparseVector } from './logistic';
import { DEFAULT_TRAIN_OPTIONS, LEVEL_COLUMN, MODEL_FORMAT, SAFEGUARDING_COLUMN, blendInputs, modelDigest, recallTargetsOf, safeguardingInputs, type ModelFile, type TrainOptions } from './model';
import { foldOf } from './random';
import { disclosureThreshold, f1Threshold, levelledRecallThreshold, levelThreshold } from './thresholds';

export interface TrainingExample {
  readonly id: string;
  readonly text: string;
  /** The post a reply answers, when the reply needs it to make sense. */
  readonly context?: string;
  readonly outcomes: readonly OutcomeNumber[];
  /** null: nobody decided the flag for this row, so it does not train the detector. */
  readonly safeguarding: boolean | null;
  /** S4, for a flagged row whose writer said which: trains the level model (absent: it does not). */
  readonly level?: SafeguardingLevel;
  readonly human?: boolean;
  /** Who wrote or where it came from (a training file, a channel): evaluation can hold a whole group out. */
  readonly group?: string;
  /** tweet, facebook_comment, facebook_reply or survey, when known. */
  readonly channel?: string;
}

/** What a new model inherits from the one it replaces: thresholds, so they move only when it clearly helps. */
export interface PreviousThresholds {
  readonly thresholds: readonly number[];
  readonly safeguarding: { readonly threshold: number; readonly disclosureThreshold?: number; readonly level?: { readonly threshold: number } };
}

interface Prepared {
  readonly analyses: readonly Analysis[];
  readonly parents: ReadonlyArray<Analysis | undefined>;
  readonly rowWeights: readonly number[];
  readonly folds: readonly number[];
  readonly table: FeatureTable;
  /** Label columns: five outcomes, safeguarding, then the level (1 disclosure) when any row has one; -1 means "no decision, skip". */
  readonly labels: ReadonlyArray<readonly number[]>;
}

interface Fitted {
  readonly vocabulary: Vocabulary;
  readonly models: readonly LinearModel[];
}

export function trainModel(examples: readonly TrainingExample[], codebook: Codebook, options: TrainOptions = DEFAULT_TRAIN_OPTIONS, previous?: PreviousThresholds): ModelFile {
  const prepared = prepare(examples, codebook, options);
  const all = examples.map((_, i) => i);
  const oof = outOfFoldLogits(prepared, all, options);
  const inputs = (i: number, o: number) => blendInputs(oof[i]?.[o] ?? 0, prepared.analyses[i] as Analysis, o, prepared.parents[i]);
  const blend = OUTCOMES.map((_, o) => fitDense(all.map((i) => inputs(i, o)), column(prepared, o, all)));
  const oofScores = all.map((i) => OUTCOMES.map((_, o) => denseScore(blend[o] ?? [], inputs(i, o))));
  const thresholds = OUTCOMES.map((_, o) => f1Threshold(all.map((i) => oofScores[i]?.[o] ?? 0), column(prepared, o, all), previous?.thresholds[o]));
  const decided = all.filter((i) => (prepared.labels[SAFEGUARDING_COLUMN]?.[i] ?? -1) >= 0);
  const sgRows = decided.map((i) => safeguardingInputs(oof[i]?.[SAFEGUARDING_COLUMN] ?? 0, prepared.analyses[i] as Analysis, codebook));
  const sgLabels = column(prepared, SAFEGUARDING_COLUMN, decided);
  const sgBlend = fitDense(sgRows, sgLabels, 0.1);
  const sgScores = sgRows.map((r) => denseScore(sgBlend, r));
  const isConcern = decided.map((i) => examples[i]?.level === 'concern');
  const sgThreshold = levelledRecallThreshold(sgScores, sgLabels, isConcern, recallTargetsOf(options), previous?.safeguarding.threshold);
  const sgDisclosure = disclosureThreshold(sgScores, sgLabels, sgThreshold);
  const level = levelThresholdOf(prepared, oof, previous);
  const final = fit(prepared, all, options);
  const content = {
    format: MODEL_FORMAT,
    featureVersion: FEATURE_VERSION,
    codebookVersion: codebook.version,
    options,
    training: { rows: examples.length, humanLabels: examples.filter((e) => e.human).length, digest: modelDigest(examples.map((e) => [e.text, e.context ?? '', e.outcomes, e.safeguarding, Boolean(e.human)])) },
    crossValidation: summarise(prepared, oofScores, thresholds, sgScores, sgThreshold, decided),
    bias: final.models.map((m) => round(m.bias)),
    weights: toWeightTable(final),
    blend: blend.map((b) => b.map(round)),
    thresholds,
    safeguarding: { blend: sgBlend.map(round), threshold: sgThreshold, disclosureThreshold: sgDisclosure, ...(level ? { level } : {}) },
    codebook,
  } as const;
  return { ...content, modelVersion: `${codebook.version}+${modelDigest(content)}` } as ModelFile;
}

function prepare(examples: readonly TrainingExample[], codebook: Codebook, options: TrainOptions): Prepared {
  const read = examples.map(readerFor(codebook));
  const analyses = read.map((r) => r.analysis);
  const parents = read.map((r) => r.parent);
  const features = read.map((r) => r.features);
  const labels = [
    ...OUTCOMES.map((o) => examples.map((e) => (e.outcomes.includes(o) ? 1 : 0))),
    examples.map((e) => (e.safeguarding === null ? -1 : e.safeguarding ? 1 : 0)),
    // The level model tells disclosures from everything else: concerns, and rows that are not flags at
    // all (S2 near-misses the flag may still catch belong below a disclosure). Flags without a level
    // teach it nothing; with no levels anywhere there is no level model.
    ...(examples.some((e) => e.safeguarding === true && e.level) ? [examples.map(levelLabel)] : []),
  ];
  return {
    analyses,
    parents,
    rowWeights: examples.map((e) => (e.human ? options.humanWeight : 1)),
    folds: examples.map((e) => foldOf(e.text, options.folds, options.seed)),
    table: toFeatureTable(features),
    labels,
  };
}

/** What training reads from one example: the same for a given codebook, however often it is trained on. */
interface Reading {
  readonly analysis: Analysis;
  readonly parent?: Analysis;
  readonly features: FeatureMap;
}

/**
 * Readings remembered per codebook and example object: `train` and cross-validation train on subsets
 * of the same examples many times over (each held-out group, then everything), and reading the text is
 * the same work each time. Weak keys, so nothing outlives the examples.
 */
const readings = new WeakMap<Codebook, { readonly analyser: Analyser; readonly byExample: WeakMap<TrainingExample, Reading> }>();

function readerFor(codebook: Codebook): (example: TrainingExample) => Reading {
  let memo = readings.get(codebook);
  if (!memo) {
    memo = { analyser: createAnalyser(codebook), byExample: new WeakMap() };
    readings.set(codebook, memo);
  }
  const { analyser, byExample } = memo;
  return (example) => {
    const known = byExample.get(example);
    if (known) return known;
    const analysis = analyse(example.text, analyser);
    const parent = example.context ? analyse(example.context, analyser) : undefined;
    const reading = { analysis, ...(parent ? { parent } : {}), features: toFeatures(analysis, parent) };
    byExample.set(example, reading);
    return reading;
  };
}

function levelLabel(example: TrainingExample): number {
  if (example.safeguarding === false) return 0;
  if (example.safeguarding === true && example.level) return example.level === 'disclosure' ? 1 : 0;
  return -1;
}

function column(prepared: Prepared, c: number, rows: readonly number[]): number[] {
  return rows.map((i) => prepared.labels[c]?.[i] ?? 0);
}

/** Learned-model logits for every row, each from a model that never saw it. */
function outOfFoldLogits(prepared: Prepared, rows: readonly number[], options: TrainOptions): number[][] {
  const folds = rows.map((i) => prepared.folds[i] ?? 0);
  const out: number[][] = [];
  for (let f = 0; f < options.folds; f += 1) {
    const fitted = fit(
      prepared,
      rows.filter((_, k) => folds[k] !== f),
      options,
    );
    rows.forEach((i, k) => {
      if (folds[k] === f) out[i] = fitted.models.map((m) => sparseScore(m, vectorise(prepared.table.rows[i] as SparseVector, fitted.vocabulary)));
    });
  }
  return out;
}

function fit(prepared: Prepared, rows: readonly number[], options: TrainOptions): Fitted {
  const { table } = prepared;
  const vocabulary = toVocabulary(table, rows, options.minCount);
  const docs = rows.map((i) => vectorise(table.rows[i] as SparseVector, vocabulary));
  // Clause features help tell a specific child from a group (S1/S2) but only add noise to the outcomes.
  const outcomeDocs = rows.map((i) => vectorise(table.rows[i] as SparseVector, vocabulary, table.safeguarding));
  const labels = prepared.labels.map((col) => rows.map((i) => col[i] ?? 0));
  const weights = rows.map((i) => prepared.rowWeights[i] ?? 1);
  const dimension = vocabulary.names.length;
  const outcomes = trainSparse(outcomeDocs, labels.slice(0, SAFEGUARDING_COLUMN), dimension, options, weights);
  const safeguarding = trainSparse(docs, labels.slice(SAFEGUARDING_COLUMN, LEVEL_COLUMN), dimension, options, weights);
  // A few hundred disclosures against thousands of features: a stronger penalty than the flag's, or it learns the writers.
  const level = labels.length > LEVEL_COLUMN ? trainSparse(docs, labels.slice(LEVEL_COLUMN), dimension, { ...options, l2: LEVEL_L2 }, weights) : [];
  return { vocabulary, models: [...outcomes, ...safeguarding, ...level] };
}

/** The level model's penalty (see `fit`); chosen on rows held out by writer (`npm run eval:held-out`). */
const LEVEL_L2 = 0.01;

/** The disclosure threshold of the level model, on its out-of-fold scores of the rows with a level; undefined without a level model. */
function levelThresholdOf(prepared: Prepared, oof: readonly number[][], previous?: PreviousThresholds): { threshold: number } | undefined {
  const labels = prepared.labels[LEVEL_COLUMN];
  if (!labels) return undefined;
  const rows = labels.flatMap((y, i) => (y >= 0 ? [i] : []));
  const scores = rows.map((i) => sigmoid(oof[i]?.[LEVEL_COLUMN] ?? 0));
  return { threshold: levelThreshold(scores, rows.map((i) => labels[i] ?? 0), previous?.safeguarding.level?.threshold) };
}

function toWeightTable(fitted: Fitted): Record<string, number[]> {
  const table: Record<string, number[]> = {};
  for (const [index, name] of fitted.vocabulary.names.entries()) {
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
