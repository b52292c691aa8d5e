/**
 * The worker thread behind classify-ahead.ts. Started before a large file is read, it first loads the
 * database's active model (or the bundled one), then waits for the posts. Given them, it takes the
 * next free page of posts from the shared counter, classifies it, posts its rows and counts it, until
 * no page is left; the main thread takes pages from the same counter. Counting lets the main thread
 * wait for a page without returning to the event loop.
 */
import fs from 'node:fs';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { compileModel, type CompiledModel, type ModelFile } from '../classify/model';
import { openDatabase } from '../store/database';
import { AHEAD_PAGE, FAILED, FINISHED, NEXT_PAGE, PAGES_POSTED, WORKER_STATE, classifyAheadPage, type AheadItem, type AheadMessage, type AheadStart } from './classify-ahead';
import { loadModel } from './classifier';

const { dbPath, port, counters } = workerData as AheadStart;
const state = new Int32Array(counters);
const loadedEarly = dbPath === null ? undefined : activeModelOf(dbPath);
let items: readonly AheadItem[] | undefined;
let sentModel: unknown;

// The posts come first, then the main thread's model; the worker starts as soon as it has posts and a model.
port.on('message', (message: AheadMessage) => {
  if ('items' in message) items = message.items;
  else sentModel ??= message.model;
  if (!items || (!loadedEarly && sentModel === undefined)) return;
  port.removeAllListeners('message');
  run(items, () => loadedEarly ?? compileModel(sentModel));
});

/**
 * Classifies the pages nobody has taken. With the model read early, the first pages are another
 * model's if one was trained in between: each row names its model, the main thread uses only its own
 * model's, and the worker changes to it when it comes.
 */
function run(posts: readonly AheadItem[], model: () => CompiledModel): void {
  try {
    classifyAll(model(), posts);
    Atomics.store(state, WORKER_STATE, FINISHED);
  } catch {
    // The main thread classifies whatever this did not.
    Atomics.store(state, WORKER_STATE, FAILED);
  } finally {
    Atomics.notify(state, PAGES_POSTED);
    port.close();
  }
}

/** The model an import into `dbPath` will classify with, read without writing; undefined when it cannot be read (it is then sent). */
function activeModelOf(file: string): CompiledModel | undefined {
  try {
    if (!fs.existsSync(file)) return loadModel(undefined).model;
    const db = openDatabase(file, { readonly: true });
    try {
      return loadModel(db).model;
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

function classifyAll(early: CompiledModel, posts: readonly AheadItem[]): void {
  let model = early;
  for (let first = takePage(); first < posts.length; first = takePage()) {
    model = theMainThreadsModel(model);
    port.postMessage({ first, rows: classifyAheadPage(model, posts, first) });
    Atomics.add(state, PAGES_POSTED, 1);
    Atomics.notify(state, PAGES_POSTED);
  }
}

/** The model sent by the main thread, once it has come, when it is not the one in use (a model was trained after this one was read). */
function theMainThreadsModel(inUse: CompiledModel): CompiledModel {
  const message = receiveMessageOnPort(port)?.message as AheadMessage | undefined;
  if (!message || !('model' in message) || (message.model as ModelFile).modelVersion === inUse.file.modelVersion) return inUse;
  return compileModel(message.model);
}

function takePage(): number {
  return Atomics.add(state, NEXT_PAGE, 1) * AHEAD_PAGE;
}
