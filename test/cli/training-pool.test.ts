/**
 * `train` shares its independent pieces (the model, each fold of cross-validation) between the main
 * thread and a worker (src/cli/training-pool.ts). Which thread runs a piece must not matter: the
 * model and every held-out judgement must be what one core gives, and a model trained by the CLI must
 * be the bundled default when nothing was labelled (test/cli/classify-train.test.ts runs `train`).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCodebook, readTrainingData } from '../../src/cli/classifier';
import { crossValidate, foldGroupOf } from '../../src/classify/crossval';
import { DEFAULT_TRAIN_OPTIONS } from '../../src/classify/model';
import { trainModel } from '../../src/classify/train';
import type { PiecesDone, TrainingPiece, TrainingWork } from '../../src/cli/training-pool';
import { ROOT, TRAIN_TIMEOUT_MS } from '../helpers/cli';

// The compiled pool, which has its compiled worker beside it (the TypeScript sources have none, so from them everything runs on one thread).
const { runTrainingPieces } = createRequire(__filename)(path.join(ROOT, 'dist/cli/training-pool.js')) as {
  runTrainingPieces: (work: TrainingWork, pieces: readonly TrainingPiece[], threads?: number) => Promise<PiecesDone>;
};

// Every sixth bundled row: enough for each piece to take a second or more, so the worker has started before the main thread runs out.
const examples = readTrainingData().filter((_, i) => i % 6 === 0);
const codebook = readCodebook();
const options = DEFAULT_TRAIN_OPTIONS;
const folds = examples.map((e) => foldGroupOf(e, options));
const work: TrainingWork = { examples, recipes: [{ codebook, options }], groupings: [folds] };
const pieces: TrainingPiece[] = [{ kind: 'model', recipe: 0 }, ...[...new Set(folds)].sort().map((group): TrainingPiece => ({ kind: 'held-out', recipe: 0, grouping: 0, group }))];

describe('training on two cores', () => {
  it('gives the model and the held-out judgements one core gives, with the worker taking a share', async () => {
    const two = await runTrainingPieces(work, pieces, 2);
    // Six pieces of a second or more each: a worker that never ran (a missing file, a crash) would leave this 0.
    expect(two.byWorker).toBeGreaterThan(0);
    expect(two.byWorker).toBeLessThan(pieces.length);

    // What one core gives: the pure functions on their own, the model and cross-validation's judgements.
    expect(JSON.stringify(two.results[0])).toBe(JSON.stringify(trainModel(examples, codebook, options)));
    const judged = new Array<unknown>(examples.length);
    for (const rows of two.results.slice(1) as Array<Array<[number, unknown]>>) for (const [i, judgement] of rows) judged[i] = judgement;
    expect(JSON.stringify(judged)).toBe(JSON.stringify(crossValidate(examples, codebook, options)));
  }, TRAIN_TIMEOUT_MS);
});
