/**
 * The main thread's side of classify-ahead.ts (`pageReader`) when the worker is slow or does not
 * finish: whatever the worker posted is used, a page it took and never posted is classified here, and
 * so is every page nobody took, each exactly once. The worker's side is played by this test on a real
 * MessageChannel and shared counters, as the worker thread uses them; a page's rows are made by a
 * stand-in that records which thread made them.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { AHEAD_PAGE, COUNTERS, FAILED, FINISHED, NEXT_PAGE, PAGES_POSTED, WORKER_STATE, pageReader, type AheadRow } from '../../src/cli/classify-ahead';

/** Seven pages, the last one short. */
const POSTS = AHEAD_PAGE * 6 + 7;
const EVERY_POST = Array.from({ length: POSTS }, (_, i) => `${i}`);

/** A row that says which post it is for (in `outcomes`) and which thread made it (in `tone`). */
const rowFor = (index: number, by: 'main' | 'worker') => ({ outcomes: `${index}`, tone: by }) as unknown as AheadRow;
const pageRows = (first: number, by: 'main' | 'worker') => Array.from({ length: Math.min(AHEAD_PAGE, POSTS - first) }, (_, k) => rowFor(first + k, by));

let ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports) port.close();
  ports = [];
});

/** The reader, and the worker's moves: take the next free page, post a page's rows. */
function setUp() {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const state = new Int32Array(new SharedArrayBuffer(COUNTERS * Int32Array.BYTES_PER_ELEMENT));
  const worker = {
    take: () => Atomics.add(state, NEXT_PAGE, 1) * AHEAD_PAGE,
    post: (first: number) => {
      port2.postMessage({ first, rows: pageRows(first, 'worker') });
      Atomics.add(state, PAGES_POSTED, 1);
    },
    stop: (how: typeof FINISHED | typeof FAILED) => Atomics.store(state, WORKER_STATE, how),
    /** What the worker gets done each time the main thread classifies a page. */
    meanwhile: () => undefined as void,
  };
  const madeHere: number[] = [];
  const reader = pageReader(port1, state, (first) => {
    if (first >= POSTS) return undefined;
    madeHere.push(first);
    worker.meanwhile();
    return pageRows(first, 'main');
  });
  const readAll = () => Array.from({ length: POSTS }, (_, i) => reader.rowAt(i));
  const makers = (rows: ReadonlyArray<AheadRow | undefined>) => Array.from({ length: 7 }, (_, page) => rows[page * AHEAD_PAGE]?.tone);
  return { worker, madeHere, readAll, makers };
}

describe('reading the worker’s pages', () => {
  it('uses the pages a failed worker posted, and classifies here the page it took and never posted, and every page after, once each', () => {
    const { worker, madeHere, readAll, makers } = setUp();
    worker.post(worker.take());
    worker.post(worker.take());
    worker.take();
    worker.stop(FAILED);

    const rows = readAll();

    expect(rows.map((row) => row?.outcomes)).toEqual(EVERY_POST);
    expect(makers(rows)).toEqual(['worker', 'worker', 'main', 'main', 'main', 'main', 'main']);
    expect(madeHere).toEqual([3, 4, 5, 6, 2].map((page) => page * AHEAD_PAGE));
  });

  it('classifies everything here when the worker fails on its first page', () => {
    const { worker, madeHere, readAll, makers } = setUp();
    worker.take();
    worker.stop(FAILED);

    const rows = readAll();

    expect(rows.map((row) => row?.outcomes)).toEqual(EVERY_POST);
    expect(makers(rows).every((maker) => maker === 'main')).toBe(true);
    expect([...madeHere].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6].map((page) => page * AHEAD_PAGE));
  });

  it('while the worker is on a page, classifies the next free one here, then takes the worker’s: none made twice, none missed', () => {
    const { worker, madeHere, readAll, makers } = setUp();
    worker.post(worker.take());
    worker.post(worker.take());
    let onPage = worker.take();
    // In the time the main thread classifies a page, the worker finishes the one it is on and, if any
    // is left, the next, and takes another. (It never leaves the main thread waiting: this test has one thread.)
    worker.meanwhile = () => {
      for (let k = 0; k < 2 && onPage < POSTS; k += 1) {
        worker.post(onPage);
        onPage = worker.take();
      }
      if (onPage >= POSTS) worker.stop(FINISHED);
    };

    const rows = readAll();

    expect(rows.map((row) => row?.outcomes)).toEqual(EVERY_POST);
    expect(makers(rows)).toEqual(['worker', 'worker', 'worker', 'main', 'worker', 'worker', 'main']);
    expect(madeHere).toEqual([3, 6].map((page) => page * AHEAD_PAGE));
  });
});
