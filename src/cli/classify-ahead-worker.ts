/**
 * The worker thread behind classify-ahead.ts: classifies its posts in order, a page at a time, skipping
 * those the main thread has claimed; posts each page's rows and counts it in the shared counters, so
 * the main thread can wait for a page without returning to the event loop.
 */
import { workerData } from 'node:worker_threads';
import { classify } from '../classify/classify';
import { compileModel } from '../classify/model';
import { AHEAD_PAGE, FAILED, FINISHED, MAIN_CLAIM, PAGES_POSTED, WORKER_FROM, WORKER_STATE, WORKER_TO, type AheadRow, type AheadWork } from './classify-ahead';
import { toClassificationRow } from './classifier';

const { model, items, port, counters } = workerData as AheadWork;
const state = new Int32Array(counters);

function classifyAll(): void {
  const compiled = compileModel(model);
  let first = 0;
  while (first < items.length) {
    first = Math.max(first, Atomics.load(state, MAIN_CLAIM));
    if (first >= items.length) break;
    const to = Math.min(first + AHEAD_PAGE, items.length);
    Atomics.store(state, WORKER_FROM, first);
    Atomics.store(state, WORKER_TO, to);
    const rows: AheadRow[] = items.slice(first, to).map((item) => {
      const { postId: _id, postRevision: _revision, classifiedAt: _at, ...row } = toClassificationRow(0, 0, classify(compiled, item.text, item.context ?? undefined), '');
      return row;
    });
    port.postMessage({ first, rows });
    Atomics.add(state, PAGES_POSTED, 1);
    Atomics.notify(state, PAGES_POSTED);
    first = to;
  }
}

try {
  classifyAll();
  Atomics.store(state, WORKER_STATE, FINISHED);
} catch {
  // The main thread classifies whatever this did not.
  Atomics.store(state, WORKER_STATE, FAILED);
} finally {
  Atomics.notify(state, PAGES_POSTED);
}
