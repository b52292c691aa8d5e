/**
 * Classifying a large import on the second core while the first saves it. An import saves every post
 * in one transaction and only then classifies what was new; on its own, classifying costs more than
 * saving, so the import took several times as long with classification as without. Here a worker
 * thread classifies the file's posts, in file order, from the moment the file is read; afterwards the
 * new posts, taken in id order (file order), use the worker's result for exactly their text and
 * parent's text, or are classified here as before. The rows saved are the ones the main thread would
 * have made: `test/cli/import-classify-ahead.test.ts` compares them with `import --no-classify` then
 * `classify`.
 *
 * The posts are cut into pages, and each thread takes the next page nobody has taken from a shared
 * counter. Once the insert is done the main thread reads the worker's pages in order; when it reaches a
 * page the worker is still classifying, it takes and classifies the next free page itself instead of
 * waiting, so both cores classify until the end. (Waiting there, as the first version did, kept the
 * main thread in step with the worker and idle for a quarter of the import.) Whichever thread classifies
 * a page, its rows are the same: a classification depends on the text, the parent's text and the model.
 * On a machine whose other core is busy the worker gains little, and its rows waiting in the port while
 * the insert runs raise peak memory (BENCHMARKS.md).
 *
 * For a large file the worker is started before the file is read (`startAheadWorkerFor`, given the
 * database's path): it loads and compiles the active model, about a fifth of a second, while the main
 * thread parses, and starts on the posts as soon as they are sent, while the main thread loads the
 * same model. Every row says which model made it, and a row of any other model than the main thread's
 * is classified again here: a model trained in between costs time, never a wrong row. A worker that
 * could not read the model waits for the main thread's.
 *
 * The main thread is inside synchronous database work when it needs a result, so it cannot wait on the
 * event loop: it reads the worker's port with `receiveMessageOnPort` and sleeps on a shared counter the
 * worker bumps after each page (`Atomics.wait`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { classify } from '../classify/classify';
import type { CompiledModel } from '../classify/model';
import type { Post } from '../core/post';
import type { ClassificationRow, PostToClassify } from '../store/classifications';
import { STORED_EVIDENCE, toClassificationRow } from './classifier';

/** Below this many posts a worker's start-up (modules, the model) costs more than it saves. */
export const AHEAD_MIN_POSTS = 2_000;
/** A file this large may hold `AHEAD_MIN_POSTS`, so a worker is started before it is read; a smaller one is read first. */
export const AHEAD_EARLY_BYTES = 128 * 1024;
/** Posts per page: what one thread takes at a time, and one message from the worker. */
export const AHEAD_PAGE = 50;

/** Cells of the shared counters. */
export const PAGES_POSTED = 0;
export const WORKER_STATE = 1;
/** The next page nobody has taken: each thread takes one with `Atomics.add`. */
export const NEXT_PAGE = 2;
export const COUNTERS = 3;
export const RUNNING = 0;
export const FINISHED = 1;
export const FAILED = 2;
/** Compiled beside this file; absent when running from the TypeScript sources (tests of the pure parts), then nothing runs ahead. */
const WORKER_FILE = path.join(__dirname, 'classify-ahead-worker.js');
/** With no page for this long the worker is taken to be gone, and the rest is classified here. */
const GIVE_UP_MS = 60_000;

/** What the worker classifies: a post's text and its parent's, as `loadPostsToClassify` will read them. */
export interface AheadItem {
  readonly text: string;
  readonly context: string | null;
}

/** A classification row before it belongs to a stored post. */
export type AheadRow = Omit<ClassificationRow, 'postId' | 'postRevision' | 'classifiedAt'>;

export interface AheadPage {
  readonly first: number;
  readonly rows: readonly AheadRow[];
}

/** What the worker starts with: where to read the active model while the file is parsed (null: wait for the work). */
export interface AheadStart {
  readonly dbPath: string | null;
  readonly port: MessagePort;
  readonly counters: SharedArrayBuffer;
}

/** What the worker is sent: the posts as soon as they are read, then the model the main thread classifies with. */
export type AheadMessage = { readonly items: readonly AheadItem[] } | { readonly model: unknown };

/** A started worker, not yet given posts: the port to it and the counters it shares. */
export interface AheadWorker {
  readonly port: MessagePort;
  readonly state: Int32Array;
  readonly stop: () => void;
}

/** A new post's classification row made by the worker, or undefined: classify it here. */
export type RowsAhead = (post: PostToClassify, now: string) => ClassificationRow | undefined;

export interface ClassifyingAhead {
  readonly take: RowsAhead;
  /** Ends the worker; results not taken are dropped. */
  readonly stop: () => void;
}

const postKey = (source: string, sourceId: string) => `${source}\u0000${sourceId}`;

/**
 * Starts the worker before a large file is read, so it loads the database's model (or the bundled
 * one) while the main thread parses; undefined for a small file. Stop it if the import goes no further.
 */
export function startAheadWorkerFor(file: string, dbPath: string): AheadWorker | undefined {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  return size >= AHEAD_EARLY_BYTES ? startAheadWorker(dbPath) : undefined;
}

function startAheadWorker(dbPath: string | null): AheadWorker | undefined {
  if (!fs.existsSync(WORKER_FILE)) return undefined;
  const counters = new SharedArrayBuffer(COUNTERS * Int32Array.BYTES_PER_ELEMENT);
  const { port1, port2 } = new MessageChannel();
  const start: AheadStart = { dbPath, port: port2, counters };
  const worker = new Worker(WORKER_FILE, { workerData: start, transferList: [port2] });
  // A worker left behind (an import stopped by a bad row) must not keep the process alive.
  worker.unref();
  const state = new Int32Array(counters);
  // An error in the worker is not the import's: the posts it did not classify are classified here.
  worker.on('error', () => Atomics.store(state, WORKER_STATE, FAILED));
  const stop = () => {
    port1.close();
    void worker.terminate();
  };
  return { port: port1, state, stop };
}

/** The posts a worker was given, where each is in the file, and the worker. */
export interface PostsAhead {
  readonly worker: AheadWorker;
  readonly items: readonly AheadItem[];
  readonly positions: ReadonlyMap<string, number>;
}

/**
 * Gives the posts about to be saved to `started` (or a worker started now), or returns undefined, and
 * stops `started`, for a small import. A worker that has its model starts on them at once.
 */
export function sendPostsAhead(posts: readonly Post[], started?: AheadWorker): PostsAhead | undefined {
  if (posts.length < AHEAD_MIN_POSTS) {
    started?.stop();
    return undefined;
  }
  const worker = started ?? startAheadWorker(null);
  if (!worker) return undefined;
  const { items, positions } = toItems(posts);
  worker.port.postMessage({ items } satisfies AheadMessage);
  return { worker, items, positions };
}

/**
 * Reads the worker's rows for the posts sent, made with `model`. Only posts stored after `lastPostId`
 * (new in this import) are taken from it: they are saved in file order, so the worker's results are
 * read forward only and memory holds what is waiting in the port.
 */
export function classifyingAhead(model: CompiledModel, sent: PostsAhead, lastPostId: number): ClassifyingAhead {
  const { worker, items, positions } = sent;
  worker.port.postMessage({ model: model.file } satisfies AheadMessage);
  const { modelVersion } = model.file;
  const reader = pageReader(worker.port, worker.state, (first) => (first < items.length ? classifyAheadPage(model, items, first) : undefined));
  return {
    take: (post, now) => {
      const at = post.postId > lastPostId ? positions.get(postKey(post.source, post.sourceId)) : undefined;
      if (at === undefined || post.previousOutcomes !== null) return undefined;
      const item = items[at];
      const row = reader.rowAt(at);
      if (!item || !row || row.modelVersion !== modelVersion || item.text !== post.text || item.context !== post.context) return undefined;
      return withPost(row, post, now);
    },
    stop: worker.stop,
  };
}

/** Each post's text and its parent's when the parent is in the same file (else null; the reply is then classified here if it has one stored). */
function toItems(posts: readonly Post[]): { items: AheadItem[]; positions: Map<string, number> } {
  const texts = new Map<string, string>();
  for (const post of posts) if (!texts.has(postKey(post.source, post.sourceId))) texts.set(postKey(post.source, post.sourceId), post.text);
  const positions = new Map<string, number>();
  const items = posts.map((post, i) => {
    const key = postKey(post.source, post.sourceId);
    if (!positions.has(key)) positions.set(key, i);
    const context = post.parentSourceId === null ? null : (texts.get(postKey(post.source, post.parentSourceId)) ?? null);
    return { text: post.text, context };
  });
  return { items, positions };
}

/** The worker's row as the stored post's, written out in full: spreading it cost about 0.35 s per 100k rows. */
function withPost(row: AheadRow, post: PostToClassify, now: string): ClassificationRow {
  return {
    postId: post.postId,
    postRevision: post.revision,
    outcomes: row.outcomes,
    scores: row.scores,
    safeguarding: row.safeguarding,
    safeguardingScore: row.safeguardingScore,
    safeguardingLevel: row.safeguardingLevel,
    confidence: row.confidence,
    tone: row.tone,
    explanation: row.explanation,
    codebookVersion: row.codebookVersion,
    modelVersion: row.modelVersion,
    classifiedAt: now,
  };
}

/** The rows of the page of posts from `first`: what the worker posts, and what the main thread makes when it takes a page. */
export function classifyAheadPage(model: CompiledModel, items: readonly AheadItem[], first: number): AheadRow[] {
  return items.slice(first, first + AHEAD_PAGE).map((item) => {
    const { postId: _id, postRevision: _revision, classifiedAt: _at, ...row } = toClassificationRow(0, 0, classify(model, item.text, item.context ?? undefined, undefined, STORED_EVIDENCE), '');
    return row;
  });
}

/**
 * Reads the pages forward. A page the worker has posted is read from the port; a page nobody has taken
 * is taken and classified here; while a page the worker is still classifying is awaited, the main
 * thread classifies the next free page. When none is free, it sleeps until the worker posts. A page
 * the worker took and never posted (it failed or stopped) is classified here. Exported for
 * `test/cli/classify-ahead-reader.test.ts`, which plays the worker's side of the port.
 */
export function pageReader(port: MessagePort, state: Int32Array, ownPage: (first: number) => AheadRow[] | undefined): { rowAt: (index: number) => AheadRow | undefined } {
  const pages = new Map<number, readonly AheadRow[]>();
  let received = 0;
  let current = -1;
  /**
   * Reads the port up to the page wanted. The worker posts in page order, so pages after it stay in
   * the port, serialised: compact, where all of them read at once would double the import's peak memory.
   */
  const receiveUpTo = (wanted: number) => {
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
      const page = message.message as AheadPage;
      pages.set(page.first, page.rows);
      received += 1;
      if (page.first >= wanted) return;
    }
  };
  const keep = (first: number, rows: readonly AheadRow[] | undefined) => {
    if (rows) pages.set(first, rows);
    return rows;
  };
  /** Takes the next free page and classifies it here; false when none is left. */
  const takeFreePage = (): boolean => {
    const first = Atomics.add(state, NEXT_PAGE, 1) * AHEAD_PAGE;
    return keep(first, ownPage(first)) !== undefined;
  };
  const rowsOf = (first: number): readonly AheadRow[] | undefined => {
    const since = Date.now();
    for (;;) {
      const ready = pages.get(first);
      if (ready) return ready;
      receiveUpTo(first);
      if (pages.has(first) || takeFreePage()) continue;
      // State before count: the worker counts its last page before it says it has stopped.
      const stopped = Atomics.load(state, WORKER_STATE) !== RUNNING;
      const posted = Atomics.load(state, PAGES_POSTED);
      if (posted > received) continue;
      // A worker that stopped without posting this page failed on it: classify it here, once for the whole page.
      if (stopped || Date.now() - since > GIVE_UP_MS) return keep(first, ownPage(first));
      Atomics.wait(state, PAGES_POSTED, posted, 1_000);
    }
  };
  return {
    rowAt: (index) => {
      const first = index - (index % AHEAD_PAGE);
      // Posts are read in file order, so a page left behind is done with.
      if (first !== current) pages.delete(current);
      current = first;
      return rowsOf(first)?.[index - first];
    },
  };
}
