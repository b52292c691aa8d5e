/**
 * Should a newly trained model replace the active one? Both training recipes (codebook and options)
 * are cross-validated on the same rows and folds, so the comparison is fair however the data grew. Pure.
 */
import { createHash } from 'node:crypto';
import type { Codebook } from './codebook';
import { crossValidate } from './crossval';
import { evaluate, type Evaluation, type Judgement } from './evaluate';
import { FEATURE_VERSION } from './features';
import { DEFAULT_TRAIN_OPTIONS, MODEL_FORMAT, type ModelFile, type TrainOptions } from './model';
import type { TrainingExample } from './train';

export interface Comparison {
  readonly candidate: Evaluation;
  /** null when the active model's recipe cannot be re-run (built for other features). */
  readonly active: Evaluation | null;
  readonly better: boolean;
  readonly reason: string;
}

/** Tolerance for "not worse": cross-validation noise on a few hundred rows is larger than this. */
const TOLERANCE = 0.002;

export function compareRecipes(examples: readonly TrainingExample[], codebook: Codebook, active: ModelFile | null, options: TrainOptions = DEFAULT_TRAIN_OPTIONS): Comparison {
  const rerun = activeRecipeToRun(codebook, active, options);
  return compareJudgements(examples, active, crossValidate(examples, codebook, options), rerun && crossValidate(examples, rerun.codebook, rerun.options));
}

/**
 * The active model's recipe when it must be cross-validated beside the candidate's; null when there is
 * nothing to compare with, or it is the candidate's own (training is deterministic, so the same recipe
 * on the same rows gives the same figures: no need to run it twice).
 */
export function activeRecipeToRun(codebook: Codebook, active: ModelFile | null, options: TrainOptions): { readonly codebook: Codebook; readonly options: TrainOptions } | null {
  if (!active || active.featureVersion !== FEATURE_VERSION) return null;
  const sameRecipe = JSON.stringify(active.codebook) === JSON.stringify(codebook) && JSON.stringify(active.options) === JSON.stringify(options);
  return sameRecipe ? null : { codebook: active.codebook, options: active.options };
}

/**
 * The comparison from the two recipes' cross-validated judgements of `examples`: the candidate's, and
 * the active recipe's when `activeRecipeToRun` named one to run (null: the same as the candidate's).
 */
export function compareJudgements(examples: readonly TrainingExample[], active: ModelFile | null, candidateJudged: readonly Judgement[], activeJudged: readonly Judgement[] | null): Comparison {
  const gold = examples.map((e) => ({ outcomes: e.outcomes, safeguarding: e.safeguarding }));
  const candidate = evaluate(gold, candidateJudged);
  if (!active || active.featureVersion !== FEATURE_VERSION) {
    return { candidate, active: null, better: true, reason: active ? 'the active model was built for other features' : 'there is no active model' };
  }
  const current = activeJudged ? evaluate(gold, activeJudged) : candidate;
  const macro = candidate.macroF1 - current.macroF1;
  const recall = (candidate.safeguarding?.recall ?? 0) - (current.safeguarding?.recall ?? 0);
  if (macro < -TOLERANCE) return { candidate, active: current, better: false, reason: `macro-F1 would fall from ${current.macroF1.toFixed(3)} to ${candidate.macroF1.toFixed(3)}` };
  if (recall < -TOLERANCE) return { candidate, active: current, better: false, reason: `safeguarding recall would fall from ${fmt(current)} to ${fmt(candidate)}` };
  return { candidate, active: current, better: true, reason: `macro-F1 ${current.macroF1.toFixed(3)} → ${candidate.macroF1.toFixed(3)}, safeguarding recall ${fmt(current)} → ${fmt(candidate)}` };
}

function fmt(e: Evaluation): string {
  return e.safeguarding?.recall === null || e.safeguarding?.recall === undefined ? 'n/a' : e.safeguarding.recall.toFixed(3);
}

/** Bundled rows plus human labels; a human label replaces a bundled row with the same text. */
export function mergeExamples(bundled: readonly TrainingExample[], human: readonly TrainingExample[]): TrainingExample[] {
  const byText = new Map<string, TrainingExample>();
  for (const e of bundled) byText.set(e.text.trim(), e);
  for (const e of human) byText.set(e.text.trim(), { ...e, human: true });
  return [...byText.values()];
}

/** A codebook whose content changed must carry a new version, or stored classifications would lie. */
export function codebookVersionProblem(codebook: Codebook, active: ModelFile | null): string | undefined {
  if (!active || active.codebookVersion !== codebook.version) return undefined;
  return JSON.stringify(active.codebook) === JSON.stringify(codebook) ? undefined : `the codebook changed but its version is still ${codebook.version}`;
}

/**
 * Names everything `compareRecipes` and `trainModel` read: the rows (text, labels, who decided), the
 * codebook, the options, the active model (its version is a digest of its content, thresholds
 * included) and the software that does the work. Training is deterministic, so the same digest means
 * the same comparison and the same candidate.
 */
export function recipeInputsDigest(software: string, examples: readonly TrainingExample[], codebook: Codebook, options: TrainOptions, active: ModelFile | null): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ software, features: FEATURE_VERSION, format: MODEL_FORMAT, active: active?.modelVersion ?? null, codebook, options }));
  for (const example of examples) hash.update(JSON.stringify(example));
  return hash.digest('hex');
}
