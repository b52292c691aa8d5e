/**
 * The worker thread behind classify-ahead.ts: takes the next free page of posts from the shared counter,
 * classifies it, posts its rows and counts it, until no page is left; the main thread takes pages from
 * the same counter. Counting lets the main thread wait for a page without returning to the event loop.
 */
import { workerData } from 'node:worker_threads';
import { compileModel } from '../classify/model';
import { AHEAD_PAGE, FAILED, FINISHED, NEXT_PAGE, PAGES_POSTED, WORKER_STATE, classifyAheadPage, type AheadWork } from './classify-ahead';

const { model, items, port, counters } = workerData as AheadWork;
const state = new Int32Array(counters);

function classifyAll(): void {
  const compiled = compileModel(model);
  for (let first = takePage(); first < items.length; first = takePage()) {
    port.postMessage({ first, rows: classifyAheadPage(compiled, items, first) });
    Atomics.add(state, PAGES_POSTED, 1);
    Atomics.notify(state, PAGES_POSTED);
  }
}

function takePage(): number {
  return Atomics.add(state, NEXT_PAGE, 1) * AHEAD_PAGE;
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
