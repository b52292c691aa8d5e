/** Cross-validation of the whole training recipe: each fold's model never sees its held-out rows. Pure. */
import type { Codebook } from './codebook';
import { classify } from './classify';
import type { Judgement } from './evaluate';
import { compileModel, DEFAULT_TRAIN_OPTIONS, type TrainOptions } from './model';
import { assignFolds } from './random';
import { trainModel, type TrainingExample } from './train';

export function crossValidate(examples: readonly TrainingExample[], codebook: Codebook, options: TrainOptions = DEFAULT_TRAIN_OPTIONS, folds = 5): Judgement[] {
  const keys = examples.map((e) => `${[...e.outcomes].sort().join('')}:${String(e.safeguarding)}`);
  const fold = assignFolds(keys, folds, options.seed + 1);
  const predictions: Judgement[] = new Array<Judgement>(examples.length);
  for (let f = 0; f < folds; f += 1) {
    const model = compileModel(JSON.parse(JSON.stringify(trainModel(examples.filter((_, i) => fold[i] !== f), codebook, options))));
    examples.forEach((example, i) => {
      if (fold[i] !== f) return;
      const result = classify(model, example.text);
      predictions[i] = { outcomes: result.outcomes, safeguarding: result.safeguarding.flagged };
    });
  }
  return predictions;
}
