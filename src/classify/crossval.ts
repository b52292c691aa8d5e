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

export function crossValidate(examples: readonly TrainingExample[], codebook: Codebook, options: TrainOptions = DEFAULT_TRAIN_OPTIONS, folds = 5): HeldOutJudgement[] {
  // A different salt from training's inner folds, so the outer held-out rows are not the inner ones.
  return heldOutBy(examples, codebook, options, (e) => String(foldOf(e.text, folds, options.seed + 1)));
}

/**
 * Each group (a writer, a channel, a fold) scored by a model trained on every other group: how the
 * recipe does on voices it has never seen.
 */
export function heldOutBy(examples: readonly TrainingExample[], codebook: Codebook, options: TrainOptions, groupOf: (example: TrainingExample) => string): HeldOutJudgement[] {
  const groups = examples.map(groupOf);
  const predictions: HeldOutJudgement[] = new Array<HeldOutJudgement>(examples.length);
  for (const group of [...new Set(groups)].sort()) {
    const model = compileModel(JSON.parse(JSON.stringify(trainModel(examples.filter((_, i) => groups[i] !== group), codebook, options))));
    examples.forEach((example, i) => {
      if (groups[i] !== group) return;
      const result = classify(model, example.text, example.context, undefined, NO_EVIDENCE);
      const { flagged, score, level, threshold } = result.safeguarding;
      predictions[i] = { outcomes: result.outcomes, safeguarding: flagged, level, flagRank: flagged && score < threshold ? Infinity : score / threshold };
    });
  }
  return predictions;
}
