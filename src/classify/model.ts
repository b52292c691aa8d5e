/**
 * The trained model as data (one JSON document: codebook snapshot, vocabulary, weights, blend,
 * thresholds) and the compiled form that scores posts. A model carries the codebook it was trained
 * with, so its lexicon features always mean what they meant in training. Pure.
 */
import { createHash } from 'node:crypto';
import { OUTCOMES, parseCodebook, type Codebook } from './codebook';
import { CHAR_GRAM, CONTEXT_WEIGHT, FEATURE_VERSION, analyse, charGramCode, createAnalyser, forEachFeature, type Analyser, type Analysis, type FeaturePrefix } from './features';
import { denseScore, logit, sigmoid } from './logistic';
import type { RecallTargets } from './thresholds';
import type { Token } from './text';
import { idOfToken, vocabularyIdOf } from './vocabulary';

export const MODEL_FORMAT = 'onevision-classifier';
/** Column of the safeguarding model in `weights` and `bias`, after the five outcomes. */
export const SAFEGUARDING_COLUMN = OUTCOMES.length;
/** The level model's column (S4: disclosure against concern), in models trained with levels. */
export const LEVEL_COLUMN = SAFEGUARDING_COLUMN + 1;

export interface TrainOptions {
  readonly folds: number;
  readonly l2: number;
  readonly iterations: number;
  /** A person's label counts this many times a bundled row: it should move the model, not dominate it. */
  readonly humanWeight: number;
  readonly minCount: number;
  readonly seed: number;
  /** Safeguarding threshold is the highest that keeps out-of-fold recall at least this (of disclosures and unlevelled flags when `concernRecall` is set). */
  readonly safeguardingRecall: number;
  /**
   * Out-of-fold recall the threshold must keep on concerns (S4), set apart from disclosures; absent in
   * models trained before it, which held every flag to `safeguardingRecall`.
   */
  readonly concernRecall?: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { folds: 5, l2: 2e-3, iterations: 300, humanWeight: 2, minCount: 2, seed: 2017, safeguardingRecall: 0.985, concernRecall: 0.9 };

/**
 * The recipe a retrain uses: the defaults, with the safeguarding recall the active model was trained to
 * unless another is given. How much recall to buy with false flags is the safeguarding lead's choice
 * (BENCHMARKS.md gives what each costs), so once made it carries over from one retrain to the next, as
 * thresholds do. A model trained before concerns had a recall of their own chose nothing: the defaults apply.
 */
export function trainOptionsFor(active: Pick<ModelFile, 'options'> | null, chosen: Partial<RecallTargets> = {}): TrainOptions {
  const inherited = active?.options.concernRecall === undefined ? {} : { flags: active.options.safeguardingRecall, concerns: active.options.concernRecall };
  return {
    ...DEFAULT_TRAIN_OPTIONS,
    safeguardingRecall: chosen.flags ?? inherited.flags ?? DEFAULT_TRAIN_OPTIONS.safeguardingRecall,
    concernRecall: chosen.concerns ?? inherited.concerns ?? DEFAULT_TRAIN_OPTIONS.concernRecall,
  };
}

/**
 * The recall settings in `chosen` that are lower than the ones the next `train` would otherwise use (the
 * active model's, else the defaults), each as "--flag-recall 90 % (was 98 %)": lowering them flags fewer
 * posts, real ones among them, so `train` refuses it without --force. Empty when none is lower.
 */
export function loweredRecall(active: Pick<ModelFile, 'options'> | null, chosen: Partial<RecallTargets>): string[] {
  const before = recallTargetsOf(trainOptionsFor(active));
  const percent = (x: number) => `${+(x * 100).toFixed(1)} %`;
  const lowered = (flag: string, now: number | undefined, was: number | undefined) => (now !== undefined && was !== undefined && now < was ? [`${flag} ${percent(now)} (was ${percent(was)})`] : []);
  return [...lowered('--flag-recall', chosen.flags, before.flags), ...lowered('--concern-recall', chosen.concerns, before.concerns)];
}

/** The recall a recipe sets the flag threshold by; concerns have none of their own in models trained before they did. */
export function recallTargetsOf(options: TrainOptions): RecallTargets {
  return { flags: options.safeguardingRecall, ...(options.concernRecall === undefined ? {} : { concerns: options.concernRecall }) };
}

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
  /** Feature → one weight per outcome, then safeguarding, then the level model's when there is one. */
  readonly weights: Readonly<Record<string, readonly number[]>>;
  /** Per outcome: [learned-model logit, lexicon strength, parent's lexicon strength, intercept] → calibrated probability. */
  readonly blend: ReadonlyArray<readonly number[]>;
  readonly thresholds: readonly number[];
  /**
   * [learned logit, harm, specific, resolved, harm×specific, child age, past, harm near a person, adult,
   * denied, ended (codebooks with an `ended` list only), intercept].
   */
  readonly safeguarding: {
    readonly blend: readonly number[];
    /** At or above: flagged (a concern at least). */
    readonly threshold: number;
    /** At or above: a disclosure (S4), in models without a level model. Absent in older models: the higher of 0.5 and `threshold`. */
    readonly disclosureThreshold?: number;
    /**
     * The level model (weights' last column): a flag whose probability of being a disclosure is at or
     * above `threshold` is one, else a concern. Absent when the training rows gave no levels.
     */
    readonly level?: { readonly threshold: number };
  };
  readonly codebook: Codebook;
}

export interface CompiledModel {
  readonly file: ModelFile;
  readonly analyser: Analyser;
  /**
   * Each feature's weights side by side (outcomes, then safeguarding), feature after feature in the
   * order of `names`: one flat array keeps a post's sums cheap, with the same products in the same order
   * as `weights`. After its weights come two cells of scratch for the post being scored (scoring is
   * synchronous): its mark, and where the feature sits in the post's list. Kept in the feature's row, as
   * the weights are, so finding a feature touches one place in memory: with 140 features a post, found
   * at random in 2 MB, memory waits were the largest cost of scoring. A row is eight numbers, 64 bytes,
   * and the table starts on a 64-byte boundary (`toAlignedTable`), so a row is one cache line. A feature's
   * first cell is its row times `stride`.
   */
  readonly table: Float64Array;
  /** Weights per feature: the outcomes and safeguarding. */
  readonly columns: number;
  /**
   * The level model's weight per feature row, or null for a model without one. Kept out of `table`: it
   * is read only for a post that is flagged, and a row of eight numbers fills one cache line.
   */
  readonly levelWeights: Float64Array | null;
  /** Cells per feature: its weights, then the mark and place. */
  readonly stride: number;
  /** Feature names by row (a feature's first cell ÷ `stride`). */
  readonly names: readonly string[];
  /**
   * Prefix → the rest of the name → first cell: scoring finds a feature without building its name. Word
   * pairs are in `pairCells` only, and character grams in `gramCells` unless they have no code.
   */
  readonly cells: ReadonlyMap<FeaturePrefix, ReadonlyMap<string, number>>;
  /** Character grams by `charGramCode` → first cell: most of a post's features, found without a string each. */
  readonly gramCells: GramTable;
  /**
   * Features named by a token's stem ("word:", "negated:", "self:" …): prefix → the stem's number
   * (vocabulary.ts) → first cell, -1 where the model has none. A post's words are found by number,
   * not by comparing their text with the model's.
   */
  readonly stemCells: ReadonlyMap<FeaturePrefix, Int32Array>;
  /**
   * Word pairs by first stem's number → second stem's number → first cell. A pair's name joins its
   * stems with "_", which stems may hold too ("acr_camhs"), so a name is filed under every way of
   * cutting it there.
   */
  readonly pairCells: ReadonlyArray<ReadonlyMap<number, number> | undefined>;
  /**
   * Scoring's own memory, reused from one post to the next (scoring is synchronous): the mark of the post
   * being scored (a row whose mark cell holds it is already in the post's list), and room for its
   * learned features and their contributions. A new array of contributions for every post was a tenth
   * of scoring's time, and growing new arrays of features a tenth of the memory classifying a post took.
   */
  readonly scratch: { mark: number; cells: Int32Array; values: Float64Array; contributions: Float64Array };
}

const PREFIXES: readonly FeaturePrefix[] = ['word:', 'negated:', 'not-this:', 'pair:', 'phrase:', 'chr:', 'lexicon:', 'dismissed:', 'cue:', 'clause:', 'self:', 'relation:', 'group:'];

export class ModelError extends Error {}

/** Why a model built for `featureVersion` cannot be used by this onevision, or null when it can. */
export function featuresProblem(featureVersion: string): string | null {
  return featureVersion === FEATURE_VERSION ? null : `model was built for features ${featureVersion}, this onevision uses ${FEATURE_VERSION}`;
}

export function compileModel(value: unknown): CompiledModel {
  const file = value as ModelFile;
  if (typeof file !== 'object' || file === null || file.format !== MODEL_FORMAT) throw new ModelError('not a onevision classifier model');
  const problem = featuresProblem(file.featureVersion);
  if (problem) throw new ModelError(problem);
  const codebook = parseCodebook(file.codebook, { asTrained: true });
  const analyser = createAnalyser(codebook);
  // A blend with more or fewer weights than this code gives it inputs would be scored wrongly, silently.
  const expected = safeguardingInputs(0, analyse('', analyser), codebook).length + 1;
  if (file.safeguarding.blend.length !== expected) {
    throw new ModelError(`the model's flag blend has ${file.safeguarding.blend.length} weights where this onevision reads ${expected} for codebook ${codebook.version}: train a model with this version (onevision train)`);
  }
  return { file, analyser, ...toWeightTable(file) };
}

function toWeightTable(file: ModelFile): Omit<CompiledModel, 'file' | 'analyser'> {
  const withLevel = file.safeguarding.level !== undefined && file.bias.length > LEVEL_COLUMN;
  const columns = withLevel ? LEVEL_COLUMN : file.bias.length;
  const entries = Object.entries(file.weights);
  const levelWeights = withLevel ? new Float64Array(entries.length) : null;
  const cells = new Map<FeaturePrefix, Map<string, number>>([...PREFIXES, ''].map((prefix) => [prefix as FeaturePrefix, new Map<string, number>()]));
  const grams: Array<[code: number, cell: number]> = [];
  const pairCells: Array<Map<number, number> | undefined> = [];
  const stride = columns + 2;
  const table = toAlignedTable(entries.length * stride);
  entries.forEach(([name, weights], k) => {
    const prefix = PREFIXES.find((p) => name.startsWith(p)) ?? '';
    const code = prefix === 'chr:' && name.length === prefix.length + CHAR_GRAM ? charGramCode(name, prefix.length) : -1;
    if (code >= 0) grams.push([code, k * stride]);
    else if (prefix === 'pair:') fileWordPair(pairCells, name.slice(prefix.length), k * stride);
    else cells.get(prefix)?.set(name.slice(prefix.length), k * stride);
    for (let c = 0; c < columns; c += 1) table[k * stride + c] = weights[c] ?? 0;
    if (levelWeights) levelWeights[k] = weights[LEVEL_COLUMN] ?? 0;
  });
  const stemCells = new Map(STEM_PREFIXES.map((prefix) => [prefix, toStemCells(cells.get(prefix) ?? new Map<string, number>())]));
  return { table, columns, levelWeights, stride, names: entries.map(([name]) => name), cells, stemCells, gramCells: toGramTable(grams), pairCells, scratch: { mark: 0, cells: new Int32Array(256), values: new Float64Array(256), contributions: new Float64Array(0) } };
}

/** Features named by a token's stem: scoring finds them by the stem's number (`stemCells`). */
const STEM_PREFIXES: readonly FeaturePrefix[] = ['word:', 'negated:', 'not-this:', 'self:', 'relation:', 'group:'];

function toStemCells(byStem: ReadonlyMap<string, number>): Int32Array {
  const numbered = [...byStem].map(([stem, cell]) => [vocabularyIdOf(stem), cell] as const);
  const cells = new Int32Array(numbered.reduce((most, [id]) => Math.max(most, id + 1), 0)).fill(-1);
  for (const [id, cell] of numbered) cells[id] = cell;
  return cells;
}

/**
 * A zeroed table of `length` numbers starting on a cache line. An ordinary typed array starts where
 * the allocator puts it (glibc's large blocks begin 16 bytes past a page), so each 64-byte row lay across
 * two lines: finding a feature (its mark) and reading its weights were two memory waits, not one. On a
 * busy machine the second wait was about a sixth of classifying a post. WebAssembly memory is the one
 * buffer JavaScript can get whose start is on a page.
 */
function toAlignedTable(length: number): Float64Array {
  const pages = Math.max(1, Math.ceil((length * Float64Array.BYTES_PER_ELEMENT) / WASM_PAGE));
  return new Float64Array(new WebAssembly.Memory({ initial: pages }).buffer, 0, length);
}

const WASM_PAGE = 65_536;
declare const WebAssembly: { Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer } };

function fileWordPair(pairCells: Array<Map<number, number> | undefined>, pair: string, cell: number): void {
  for (let cut = pair.indexOf('_'); cut >= 0; cut = pair.indexOf('_', cut + 1)) {
    const first = vocabularyIdOf(pair.slice(0, cut));
    const seconds = pairCells[first] ?? new Map<number, number>();
    pairCells[first] = seconds;
    seconds.set(vocabularyIdOf(pair.slice(cut + 1)), cell);
  }
}

/**
 * Gram codes → first cells, open addressing in two typed arrays. A post has a gram for nearly every
 * character, and this finds one in a third of the time a `Map` takes. Codes are never 0, so 0 is empty.
 */
export interface GramTable {
  /** Per slot, the code then its first cell side by side, so a look-up reads one place in memory, not two. */
  readonly slots: Int32Array;
  /** Slots minus one (a power of two minus one). */
  readonly mask: number;
  /** 32 minus the bits of a slot number: the hash's top bits pick the slot. */
  readonly shift: number;
}

function toGramTable(grams: ReadonlyArray<readonly [number, number]>): GramTable {
  const bits = Math.max(4, Math.ceil(Math.log2(grams.length * 2 + 1)));
  const table: GramTable = { slots: new Int32Array(2 << bits), mask: (1 << bits) - 1, shift: 32 - bits };
  for (const [code, cell] of grams) {
    let slot = gramSlot(table, code);
    while (table.slots[2 * slot] !== 0) slot = (slot + 1) & table.mask;
    table.slots[2 * slot] = code;
    table.slots[2 * slot + 1] = cell;
  }
  return table;
}

const gramSlot = (table: GramTable, code: number) => Math.imul(code, 0x9e3779b1) >>> table.shift;

/** The first cell of the gram with this code, or undefined. */
export function findGramCell(table: GramTable, code: number): number | undefined {
  const { slots, mask } = table;
  for (let slot = gramSlot(table, code); ; slot = (slot + 1) & mask) {
    const found = slots[2 * slot];
    if (found === code) return slots[2 * slot + 1];
    if (found === 0) return undefined;
  }
}

/**
 * The post's features the model has weights for, in the post's order: first cell in the table (its name
 * is `names[cell / stride]`), value. Views of the model's scratch: read them before it scores another post.
 */
export interface LearnedFeatures {
  readonly cells: Int32Array;
  readonly values: Float64Array;
}

export interface Scores {
  readonly analysis: Analysis;
  readonly learned: LearnedFeatures;
  /** Learned-model logits: five outcomes, then safeguarding. */
  readonly logits: Float64Array;
  /**
   * What each learned feature added to each logit: feature after feature in `learned`'s order, `columns`
   * to a feature. Kept from the sums so the evidence is read in order, not looked up in the weight table again.
   * It is the model's scratch: read it before the model scores another post.
   */
  readonly contributions: Float64Array;
  /** Calibrated probabilities per outcome. */
  readonly outcomes: readonly number[];
  readonly safeguarding: number;
}

export function scoreText(model: CompiledModel, text: string, context?: string): Scores {
  const analysis = analyse(text, model.analyser);
  const parent = context ? analyse(context, model.analyser) : undefined;
  const learned = learnedFeatures(model, analysis, parent);
  const { table, columns } = model;
  const logits = Float64Array.from(model.file.bias);
  const contributions = scratchContributions(model, learned.cells.length * columns);
  for (let f = 0; f < learned.cells.length; f += 1) {
    const cell = learned.cells[f] as number;
    const value = learned.values[f] as number;
    for (let c = 0; c < columns; c += 1) {
      const contribution = (table[cell + c] as number) * value;
      contributions[f * columns + c] = contribution;
      logits[c] = (logits[c] as number) + contribution;
    }
  }
  const outcomes = OUTCOMES.map((_, i) => denseScore(model.file.blend[i] ?? [], blendInputs(logits[i] ?? 0, analysis, i, parent)));
  const safeguarding = denseScore(model.file.safeguarding.blend, safeguardingInputs(logits[SAFEGUARDING_COLUMN] ?? 0, analysis, model.analyser.codebook));
  return { analysis, learned, logits, contributions, outcomes, safeguarding };
}

/** Room for `length` contributions in the model's scratch, grown when a post needs more. */
function scratchContributions(model: CompiledModel, length: number): Float64Array {
  const { scratch } = model;
  if (scratch.contributions.length < length) scratch.contributions = new Float64Array(Math.max(length, 2 * scratch.contributions.length));
  return scratch.contributions.subarray(0, length);
}

/**
 * The level model's probability that a post is a disclosure (S4), or null for a model without one
 * (then `file.safeguarding.level` is absent too). Asked only of a flagged post.
 */
export function disclosureOf(model: CompiledModel, learned: LearnedFeatures): number | null {
  const { levelWeights, stride } = model;
  if (!levelWeights) return null;
  let z = model.file.bias[LEVEL_COLUMN] ?? 0;
  for (let f = 0; f < learned.cells.length; f += 1) z += (levelWeights[(learned.cells[f] as number) / stride] as number) * (learned.values[f] as number);
  return sigmoid(z);
}

/**
 * The features of `toFeatures(analysis, parent)` that the model has weights for, in its order and with
 * its values, found without naming them: looking up names built for every post was most of scoring's
 * time. `test/classify/model.test.ts` checks both give the same features on every bundled text.
 */
export function learnedFeatures(model: CompiledModel, analysis: Analysis, parent?: Analysis): LearnedFeatures {
  const { cells: byPrefix, stemCells, gramCells, pairCells, table, columns, stride, scratch } = model;
  let count = 0;
  if (scratch.mark >= 0x3fffffff) {
    for (let cell = columns; cell < table.length; cell += stride) table[cell] = 0;
    scratch.mark = 0;
  }
  scratch.mark += 1;
  const { mark } = scratch;
  /** As `toFeatures` builds its map: a feature found again keeps its place and takes the new value; a parent's never replaces one. */
  const addCell = (cell: number | undefined, value: number, fromParent: boolean) => {
    if (cell === undefined) return;
    if (table[cell + columns] === mark) {
      if (!fromParent) scratch.values[table[cell + columns + 1] as number] = value;
      return;
    }
    if (count === scratch.cells.length) growLearned(scratch);
    table[cell + columns] = mark;
    table[cell + columns + 1] = count;
    scratch.cells[count] = cell;
    scratch.values[count] = fromParent ? CONTEXT_WEIGHT * value : value;
    count += 1;
  };
  const learned = () => ({ cells: scratch.cells.subarray(0, count), values: scratch.values.subarray(0, count) });
  const featureCell = (prefix: FeaturePrefix, key: string, stemId: number | undefined) => {
    const byNumber = stemId === undefined ? undefined : stemCells.get(prefix);
    if (byNumber === undefined) return byPrefix.get(prefix)?.get(key);
    const cell = byNumber[idOfToken(stemId as number, key)] ?? -1;
    return cell >= 0 ? cell : undefined;
  };
  const add = (prefix: FeaturePrefix, key: string, value: number, fromParent: boolean, stemId?: number) => addCell(featureCell(prefix, key, stemId), value, fromParent);
  const gramCell = (sequence: string, start: number, code: number) =>
    code >= 0 ? findGramCell(gramCells, code) : byPrefix.get('chr:')?.get(sequence.slice(start, start + CHAR_GRAM));
  const pairCell = (first: Token, second: Token) => pairCells[idOfToken(first.stemId, first.stem)]?.get(idOfToken(second.stemId, second.stem));
  forEachFeature(
    analysis,
    (prefix, key, value, stemId) => add(prefix, key, value, false, stemId),
    (sequence, start, code, value) => addCell(gramCell(sequence, start, code), value, false),
    (first, second) => addCell(pairCell(first, second), 1, false),
  );
  if (!parent) return learned();
  forEachFeature(
    parent,
    (prefix, key, value, stemId) => {
      if (prefix !== 'cue:') add(prefix, key, value, true, stemId);
    },
    (sequence, start, code, value) => addCell(gramCell(sequence, start, code), value, true),
    (first, second) => addCell(pairCell(first, second), 1, true),
  );
  add('', 'reply-with-context', 1, false);
  return learned();
}

/** Twice the room for a post's learned features, keeping those found so far. */
function growLearned(scratch: CompiledModel['scratch']): void {
  const cells = new Int32Array(2 * scratch.cells.length);
  const values = new Float64Array(2 * scratch.values.length);
  cells.set(scratch.cells);
  values.set(scratch.values);
  scratch.cells = cells;
  scratch.values = values;
}

/** [learned logit, the post's lexicon strength, its parent's lexicon strength (0 for a post that is not a reply)]. */
export function blendInputs(learnedLogit: number, analysis: Analysis, outcomeIndex: number, parent?: Analysis): number[] {
  return [learnedLogit, analysis.lexicon[outcomeIndex] ?? 0, parent?.lexicon[outcomeIndex] ?? 0];
}

/**
 * The flag blend's inputs. Ended harm is one only for a codebook that lists it, so a model trained before
 * that list scores exactly as it did (its blend has no weight for it).
 */
export function safeguardingInputs(learnedLogit: number, analysis: Analysis, codebook: Codebook): number[] {
  const { harm, specific, resolved, ended, childAge, past, harmNearPerson, adult, denied } = analysis.cues;
  const inputs = [learnedLogit, harm, specific, resolved, Math.max(0, harm) * Math.max(0, specific), childAge, past, harmNearPerson, adult, denied];
  if (codebook.safeguarding.ended !== undefined) inputs.push(ended);
  return inputs;
}

/** A short, stable id for a model's content: same training, same id. */
export function modelDigest(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 12);
}

export { logit, sigmoid };
