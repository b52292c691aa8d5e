/**
 * The trained model as data (one JSON document: codebook snapshot, vocabulary, weights, blend,
 * thresholds) and the compiled form that scores posts. A model carries the codebook it was trained
 * with, so its lexicon features always mean what they meant in training. Pure.
 */
import { createHash } from 'node:crypto';
import { OUTCOMES, parseCodebook, type Codebook } from './codebook';
import { FEATURE_VERSION, analyse, createAnalyser, toFeatures, type Analyser, type Analysis } from './features';
import { denseScore, logit, sigmoid } from './logistic';

export const MODEL_FORMAT = 'onevision-classifier';
/** Column of the safeguarding model in `weights` and `bias`, after the five outcomes. */
export const SAFEGUARDING_COLUMN = OUTCOMES.length;

export interface TrainOptions {
  readonly folds: number;
  readonly l2: number;
  readonly iterations: number;
  /** A person's label counts this many times a bundled row: it should move the model, not dominate it. */
  readonly humanWeight: number;
  readonly minCount: number;
  readonly seed: number;
  /** Safeguarding threshold is the highest that keeps out-of-fold recall at least this. */
  readonly safeguardingRecall: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { folds: 5, l2: 2e-3, iterations: 300, humanWeight: 2, minCount: 2, seed: 2017, safeguardingRecall: 0.98 };

export interface ModelFile {
  readonly format: typeof MODEL_FORMAT;
  readonly featureVersion: string;
  readonly modelVersion: string;
  readonly codebookVersion: string;
  readonly options: TrainOptions;
  readonly training: { readonly rows: number; readonly humanLabels: number; readonly digest: string };
  /** Out-of-fold figures from training (thresholds applied), for `train` to compare. */
  readonly crossValidation: { readonly macroF1: number; readonly perOutcomeF1: readonly number[]; readonly safeguardingRecall: number };
  readonly bias: readonly number[];
  /** Feature → one weight per outcome, then safeguarding. */
  readonly weights: Readonly<Record<string, readonly number[]>>;
  /** Per outcome: [learned-model logit, lexicon strength, parent's lexicon strength, intercept] → calibrated probability. */
  readonly blend: ReadonlyArray<readonly number[]>;
  readonly thresholds: readonly number[];
  /** [learned logit, harm, specific, resolved, harm×specific, child age, past, harm near a person, intercept]. */
  readonly safeguarding: {
    readonly blend: readonly number[];
    /** At or above: flagged (a concern at least). */
    readonly threshold: number;
    /** At or above: a disclosure (S4). Absent in older models: the higher of 0.5 and `threshold`. */
    readonly disclosureThreshold?: number;
  };
  readonly codebook: Codebook;
}

export interface CompiledModel {
  readonly file: ModelFile;
  readonly analyser: Analyser;
  /**
   * Feature → its first cell in `table`, where its weights sit side by side (outcomes, then
   * safeguarding). Looking features up is most of scoring; one flat array keeps a post's look-ups
   * and sums cheap, with the same products in the same order as `weights`.
   */
  readonly rows: ReadonlyMap<string, number>;
  readonly table: Float64Array;
  /** Weights per feature: the outcomes and safeguarding. */
  readonly columns: number;
}

export class ModelError extends Error {}

export function compileModel(value: unknown): CompiledModel {
  const file = value as ModelFile;
  if (typeof file !== 'object' || file === null || file.format !== MODEL_FORMAT) throw new ModelError('not a onevision classifier model');
  if (file.featureVersion !== FEATURE_VERSION) {
    throw new ModelError(`model was built for features ${file.featureVersion}, this onevision uses ${FEATURE_VERSION}`);
  }
  const codebook = parseCodebook(file.codebook);
  return { file, analyser: createAnalyser(codebook), ...toWeightTable(file) };
}

function toWeightTable(file: ModelFile): Pick<CompiledModel, 'rows' | 'table' | 'columns'> {
  const columns = file.bias.length;
  const entries = Object.entries(file.weights);
  const rows = new Map<string, number>();
  const table = new Float64Array(entries.length * columns);
  entries.forEach(([name, weights], k) => {
    rows.set(name, k * columns);
    for (let c = 0; c < columns; c += 1) table[k * columns + c] = weights[c] ?? 0;
  });
  return { rows, table, columns };
}

/** The post's features the model has weights for, in the post's order: name, first cell in the table, value. */
export interface LearnedFeatures {
  readonly names: readonly string[];
  readonly cells: readonly number[];
  readonly values: readonly number[];
}

export interface Scores {
  readonly analysis: Analysis;
  readonly features: Map<string, number>;
  readonly learned: LearnedFeatures;
  /** Learned-model logits: five outcomes, then safeguarding. */
  readonly logits: readonly number[];
  /** Calibrated probabilities per outcome. */
  readonly outcomes: readonly number[];
  readonly safeguarding: number;
}

export function scoreText(model: CompiledModel, text: string, context?: string): Scores {
  const analysis = analyse(text, model.analyser);
  const parent = context ? analyse(context, model.analyser) : undefined;
  const features = toFeatures(analysis, parent);
  const logits = [...model.file.bias];
  const learned = { names: [] as string[], cells: [] as number[], values: [] as number[] };
  const { rows, table, columns } = model;
  for (const [name, value] of features) {
    const cell = rows.get(name);
    if (cell === undefined) continue;
    for (let c = 0; c < columns; c += 1) logits[c] = (logits[c] as number) + (table[cell + c] as number) * value;
    learned.names.push(name);
    learned.cells.push(cell);
    learned.values.push(value);
  }
  const outcomes = OUTCOMES.map((_, i) => denseScore(model.file.blend[i] ?? [], blendInputs(logits[i] ?? 0, analysis, i, parent)));
  const safeguarding = denseScore(model.file.safeguarding.blend, safeguardingInputs(logits[SAFEGUARDING_COLUMN] ?? 0, analysis));
  return { analysis, features, learned, logits, outcomes, safeguarding };
}

/** [learned logit, the post's lexicon strength, its parent's lexicon strength (0 for a post that is not a reply)]. */
export function blendInputs(learnedLogit: number, analysis: Analysis, outcomeIndex: number, parent?: Analysis): number[] {
  return [learnedLogit, analysis.lexicon[outcomeIndex] ?? 0, parent?.lexicon[outcomeIndex] ?? 0];
}

export function safeguardingInputs(learnedLogit: number, analysis: Analysis): number[] {
  const { harm, specific, resolved, childAge, past, harmNearPerson } = analysis.cues;
  return [learnedLogit, harm, specific, resolved, Math.max(0, harm) * Math.max(0, specific), childAge, past, harmNearPerson];
}

/** A short, stable id for a model's content: same training, same id. */
export function modelDigest(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 12);
}

export { logit, sigmoid };
