/**
 * The trained model as data (one JSON document: codebook snapshot, vocabulary, weights, blend,
 * thresholds) and the compiled form that scores posts. A model carries the codebook it was trained
 * with, so its lexicon features always mean what they meant in training. Pure.
 */
import { createHash } from 'node:crypto';
import { OUTCOMES, parseCodebook, type Codebook } from './codebook';
import { CHAR_GRAM, CONTEXT_WEIGHT, FEATURE_VERSION, analyse, charGramCode, createAnalyser, forEachFeature, type Analyser, type Analysis, type FeaturePrefix } from './features';
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
   * Each feature's weights side by side (outcomes, then safeguarding), feature after feature in the
   * order of `names`: one flat array keeps a post's sums cheap, with the same products in the same order
   * as `weights`. A feature's first cell is its row times `columns`.
   */
  readonly table: Float64Array;
  /** Weights per feature: the outcomes and safeguarding. */
  readonly columns: number;
  /** Feature names by row (a feature's first cell ÷ `columns`). */
  readonly names: readonly string[];
  /** Prefix → the rest of the name → first cell: scoring finds a feature without building its name. */
  readonly cells: ReadonlyMap<FeaturePrefix, ReadonlyMap<string, number>>;
  /** Character grams by `charGramCode` → first cell: most of a post's features, found without a string each. */
  readonly gramCells: ReadonlyMap<number, number>;
  /** Scratch for one post at a time (scoring is synchronous): the post's mark per row, and where its value sits. */
  readonly scratch: { mark: number; readonly marked: Int32Array; readonly position: Int32Array };
}

const PREFIXES: readonly FeaturePrefix[] = ['word:', 'negated:', 'not-this:', 'pair:', 'phrase:', 'chr:', 'lexicon:', 'dismissed:', 'cue:'];

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

function toWeightTable(file: ModelFile): Omit<CompiledModel, 'file' | 'analyser'> {
  const columns = file.bias.length;
  const entries = Object.entries(file.weights);
  const cells = new Map<FeaturePrefix, Map<string, number>>([...PREFIXES, ''].map((prefix) => [prefix as FeaturePrefix, new Map<string, number>()]));
  const gramCells = new Map<number, number>();
  const table = new Float64Array(entries.length * columns);
  entries.forEach(([name, weights], k) => {
    const prefix = PREFIXES.find((p) => name.startsWith(p)) ?? '';
    cells.get(prefix)?.set(name.slice(prefix.length), k * columns);
    const code = prefix === 'chr:' && name.length === prefix.length + CHAR_GRAM ? charGramCode(name, prefix.length) : -1;
    if (code >= 0) gramCells.set(code, k * columns);
    for (let c = 0; c < columns; c += 1) table[k * columns + c] = weights[c] ?? 0;
  });
  const scratch = { mark: 0, marked: new Int32Array(entries.length), position: new Int32Array(entries.length) };
  return { table, columns, names: entries.map(([name]) => name), cells, gramCells, scratch };
}

/** The post's features the model has weights for, in the post's order: name, first cell in the table, value. */
export interface LearnedFeatures {
  readonly names: readonly string[];
  readonly cells: readonly number[];
  readonly values: readonly number[];
}

export interface Scores {
  readonly analysis: Analysis;
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
  const learned = learnedFeatures(model, analysis, parent);
  const logits = [...model.file.bias];
  const { table, columns } = model;
  for (let f = 0; f < learned.cells.length; f += 1) {
    const cell = learned.cells[f] as number;
    const value = learned.values[f] as number;
    for (let c = 0; c < columns; c += 1) logits[c] = (logits[c] as number) + (table[cell + c] as number) * value;
  }
  const outcomes = OUTCOMES.map((_, i) => denseScore(model.file.blend[i] ?? [], blendInputs(logits[i] ?? 0, analysis, i, parent)));
  const safeguarding = denseScore(model.file.safeguarding.blend, safeguardingInputs(logits[SAFEGUARDING_COLUMN] ?? 0, analysis));
  return { analysis, learned, logits, outcomes, safeguarding };
}

/**
 * The features of `toFeatures(analysis, parent)` that the model has weights for, in its order and with
 * its values, found without naming them: looking up names built for every post was most of scoring's
 * time. `test/classify/model.test.ts` checks both give the same features on every bundled text.
 */
export function learnedFeatures(model: CompiledModel, analysis: Analysis, parent?: Analysis): LearnedFeatures {
  const { cells: byPrefix, gramCells, columns, names: allNames, scratch } = model;
  const learned = { names: [] as string[], cells: [] as number[], values: [] as number[] };
  if (scratch.mark >= 0x3fffffff) {
    scratch.marked.fill(0);
    scratch.mark = 0;
  }
  scratch.mark += 1;
  const { mark, marked, position } = scratch;
  /** As `toFeatures` builds its map: a feature found again keeps its place and takes the new value; a parent's never replaces one. */
  const addCell = (cell: number | undefined, value: number, fromParent: boolean) => {
    if (cell === undefined) return;
    const row = cell / columns;
    if (marked[row] === mark) {
      if (!fromParent) learned.values[position[row] as number] = value;
      return;
    }
    marked[row] = mark;
    position[row] = learned.cells.length;
    learned.names.push(allNames[row] as string);
    learned.cells.push(cell);
    learned.values.push(fromParent ? CONTEXT_WEIGHT * value : value);
  };
  const add = (prefix: FeaturePrefix, key: string, value: number, fromParent: boolean) => addCell(byPrefix.get(prefix)?.get(key), value, fromParent);
  const gramCell = (sequence: string, start: number) => {
    const code = charGramCode(sequence, start);
    return code >= 0 ? gramCells.get(code) : byPrefix.get('chr:')?.get(sequence.slice(start, start + CHAR_GRAM));
  };
  forEachFeature(
    analysis,
    (prefix, key, value) => add(prefix, key, value, false),
    (sequence, start) => addCell(gramCell(sequence, start), 1, false),
  );
  if (!parent) return learned;
  forEachFeature(
    parent,
    (prefix, key, value) => {
      if (prefix !== 'cue:') add(prefix, key, value, true);
    },
    (sequence, start) => addCell(gramCell(sequence, start), 1, true),
  );
  add('', 'reply-with-context', 1, false);
  return learned;
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
