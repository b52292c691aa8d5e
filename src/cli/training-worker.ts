/**
 * The worker thread behind training-pool.ts: takes the next free piece from the shared counter, runs
 * it, posts its result, until none is left.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runTrainingPiece, type TrainingPiece, type TrainingWorkerMessage, type TrainingWorkerStart } from './training-pool';

const { work, pieces, counter } = workerData as TrainingWorkerStart;
const next = new Int32Array(counter);
const post = (message: TrainingWorkerMessage) => parentPort?.postMessage(message);
for (let p = Atomics.add(next, 0, 1); p < pieces.length; p = Atomics.add(next, 0, 1)) post({ piece: p, result: runTrainingPiece(work, pieces[p] as TrainingPiece) });
post({ done: true });
