/**
 * Training on both cores. `train` cross-validates the new recipe (five models, each on four fifths of
 * the rows), sometimes the active one's too, then trains the model itself: six or eleven fits that do
 * not depend on one another, each taking seconds to a minute. Run one after another they used one core
 * of two; here the main thread and one worker take them from a shared counter, so the work is shared
 * without either waiting on a plan. Every piece is a pure function of the rows, the recipe and the
 * piece (src/classify), so whichever thread runs it, the result is the same, and the model is the same
 * byte for byte as one trained on one core (`test/cli/training-pool.test.ts`).
 *
 * The main thread runs its pieces synchronously, then waits for the worker's. A worker that fails, or
 * cannot start (the compiled worker is absent when running from the TypeScript sources, or the machine
 * has one core), leaves its pieces to the main thread: slower, never different.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Codebook } from '../classify/codebook';
import { groupsInOrder, scoreHeldOutGroup, type HeldOutJudgement } from '../classify/crossval';
import type { ModelFile, TrainOptions } from '../classify/model';
import { trainModel, type PreviousThresholds, type TrainingExample } from '../classify/train';

/** A codebook and options: what a model is trained with. */
export interface Recipe {
  readonly codebook: Codebook;
  readonly options: TrainOptions;
}

/** The rows and recipes the pieces refer to, sent once to the worker. */
export interface TrainingWork {
  readonly examples: readonly TrainingExample[];
  readonly recipes: readonly Recipe[];
  /** Ways of grouping the rows for holding out (cross-validation folds, writers): each row's group. */
  readonly groupings: ReadonlyArray<readonly string[]>;
  /** What a model trained by a `model` piece inherits from the active one. */
  readonly previous?: PreviousThresholds;
}

/** One independent piece: a model on every row, or one group's rows scored by a model trained on the rest. */
export type TrainingPiece = { readonly kind: 'model'; readonly recipe: number } | { readonly kind: 'held-out'; readonly recipe: number; readonly grouping: number; readonly group: string };

/** A `model` piece's model, or a `held-out` piece's rows (index into the examples, judgement). */
export type PieceResult = ModelFile | Array<[number, HeldOutJudgement]>;

/** What the worker is started with. */
export interface TrainingWorkerStart {
  readonly work: TrainingWork;
  readonly pieces: readonly TrainingPiece[];
  /** One cell: the next piece nobody has taken. */
  readonly counter: SharedArrayBuffer;
}

/** What the worker posts: a piece done, then that it has no more. */
export type TrainingWorkerMessage = { readonly piece: number; readonly result: PieceResult } | { readonly done: true };

/** Compiled beside this file; absent when running from the TypeScript sources, and then everything runs here. */
const WORKER_FILE = path.join(__dirname, 'training-worker.js');

export function runTrainingPiece(work: TrainingWork, piece: TrainingPiece): PieceResult {
  const recipe = work.recipes[piece.recipe];
  if (!recipe) throw new Error(`no recipe ${piece.recipe}`);
  if (piece.kind === 'model') return trainModel(work.examples, recipe.codebook, recipe.options, work.previous);
  const groups = work.groupings[piece.grouping];
  if (!groups) throw new Error(`no grouping ${piece.grouping}`);
  return scoreHeldOutGroup(work.examples, groups, piece.group, recipe.codebook, recipe.options);
}

/** The pieces' results in their order, and how many of them the worker ran (0: all ran here). */
export interface PiecesDone {
  readonly results: readonly PieceResult[];
  readonly byWorker: number;
}

/**
 * Runs every piece, on this thread and (when `threads` allows and the machine has a second core) one
 * worker. Put the largest pieces first: each thread takes the next one free, so the last to start
 * should be small.
 */
export async function runTrainingPieces(work: TrainingWork, pieces: readonly TrainingPiece[], threads = defaultThreads()): Promise<PiecesDone> {
  const counter = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const next = new Int32Array(counter);
  const fromWorker: Array<PieceResult | undefined> = new Array<PieceResult | undefined>(pieces.length);
  const helper = threads > 1 && pieces.length > 1 ? startHelper({ work, pieces, counter }, fromWorker) : undefined;
  const here: Array<PieceResult | undefined> = new Array<PieceResult | undefined>(pieces.length);
  for (let p = Atomics.add(next, 0, 1); p < pieces.length; p = Atomics.add(next, 0, 1)) here[p] = runTrainingPiece(work, pieces[p] as TrainingPiece);
  await helper;
  // Whatever a failed worker took and did not finish is run here.
  const results = pieces.map((piece, p) => here[p] ?? fromWorker[p] ?? runTrainingPiece(work, piece));
  return { results, byWorker: fromWorker.filter((result) => result !== undefined).length };
}

/**
 * One `held-out` piece per group of `groups` (each row's group), for the first recipe and grouping,
 * largest group first: each thread takes the next piece free, so the last either starts is a small one.
 */
export function heldOutPiecesLargestFirst(groups: readonly string[]): TrainingPiece[] {
  const sizes = new Map<string, number>();
  for (const group of groups) sizes.set(group, (sizes.get(group) ?? 0) + 1);
  return groupsInOrder(groups)
    .sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0))
    .map((group) => ({ kind: 'held-out', recipe: 0, grouping: 0, group }));
}

/** Two threads when the machine has two cores or more. */
function defaultThreads(): number {
  return Math.min(2, os.availableParallelism());
}

/** Starts the worker; the promise settles (never rejects) once it has stopped, with its results in `results`. */
function startHelper(start: TrainingWorkerStart, results: Array<PieceResult | undefined>): Promise<void> | undefined {
  if (!fs.existsSync(WORKER_FILE)) return undefined;
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_FILE, { workerData: start });
    } catch {
      resolve();
      return;
    }
    worker.on('message', (message: TrainingWorkerMessage) => {
      if ('piece' in message) results[message.piece] = message.result;
      else void worker.terminate();
    });
    // An error in the worker is not the training's: its unfinished pieces are run on the main thread.
    worker.on('error', () => undefined);
    worker.on('exit', () => resolve());
  });
}
