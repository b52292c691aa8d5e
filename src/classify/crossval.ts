/** Cross-validation of the whole training recipe: each fold's model never sees its held-out rows. Pure. */
import type { Codebook, SafeguardingLevel } from './codebook';
import { NO_EVIDENCE, classify } from './classify';
import type { Judgement } from './evaluate';
import { compileModel, DEFAULT_TRAIN_OPTIONS, type TrainOptions } from './model';
import { foldOf } from './random';
import { trainModel, type TrainingExample } from './train';

/** A held-out row's judgement, with the level of its flag (S4). */
export interface HeldOutJudgement extends Judgement {
  readonly level: SafeguardingLevel | null;
  /** The flag's score over its own model's threshold (Infinity for a plain statement, flagged whatever its score): rows of different models ranked together (`flagPrecisionAt`). */
  readonly flagRank: number;
}

/** The folds cross-validation holds out, as each row's group. */
export const CROSS_VALIDATION_FOLDS = 5;

export function crossValidate(examples: readonly TrainingExample[], codebook: Codebook, options: TrainOptions = DEFAULT_TRAIN_OPTIONS): HeldOutJudgement[] {
  return heldOutBy(examples, codebook, options, (e) => foldGroupOf(e, options));
}

/** A row's cross-validation fold, named. A different salt from training's inner folds, so the outer held-out rows are not the inner ones. */
export function foldGroupOf(example: TrainingExample, options: TrainOptions): string {
  return String(foldOf(example.text, CROSS_VALIDATION_FOLDS, options.seed + 1));
}

/**
 * Each group (a writer, a channel, a fold) scored by a model trained on every other group: how the
 * recipe does on voices it has never seen.
 */
export function heldOutBy(examples: readonly TrainingExample[], codebook: Codebook, options: TrainOptions, groupOf: (example: TrainingExample) => string): HeldOutJudgement[] {
  const groups = examples.map(groupOf);
  return gatherHeldOut(examples.length, groupsInOrder(groups).map((group) => scoreHeldOutGroup(examples, groups, group, codebook, options)));
}

/** Groups scored by `scoreHeldOutGroup`, here or on another core, as one judgement per example in the examples' order. */
export function gatherHeldOut(count: number, scoredGroups: Iterable<ReadonlyArray<readonly [number, HeldOutJudgement]>>): HeldOutJudgement[] {
  const judgements = new Array<HeldOutJudgement>(count);
  for (const scored of scoredGroups) for (const [i, judgement] of scored) judgements[i] = judgement;
  return judgements;
}

/** The distinct groups, in the order `heldOutBy` scores them. */
export function groupsInOrder(groups: readonly string[]): string[] {
  return [...new Set(groups)].sort();
}

/**
 * One group's rows (`groups[i] === group`), each with its index, scored by a model trained on every
 * other row: one independent piece of `heldOutBy`, which `train` may run on another core.
 */
export function scoreHeldOutGroup(examples: readonly TrainingExample[], groups: readonly string[], group: string, codebook: Codebook, options: TrainOptions): Array<[number, HeldOutJudgement]> {
  const model = compileModel(JSON.parse(JSON.stringify(trainModel(examples.filter((_, i) => groups[i] !== group), codebook, options))));
  const scored: Array<[number, HeldOutJudgement]> = [];
  examples.forEach((example, i) => {
    if (groups[i] !== group) return;
    const result = classify(model, example.text, example.context, undefined, NO_EVIDENCE);
    const { flagged, score, level, threshold } = result.safeguarding;
    scored.push([i, { outcomes: result.outcomes, safeguarding: flagged, level, flagRank: flagged && score < threshold ? Infinity : score / threshold }]);
  });
  return scored;
}
