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
 * When the main thread catches the worker up, they share what is left: the main thread takes the
 * next few posts the worker has not started (MAIN_CLAIM) and the worker skips them, so neither waits
 * longer than one of the worker's pages for the other. A race between the two only means a post
 * classified twice, with the same result: a classification depends on the text, the parent's text and
 * the model only. On a machine whose other core is busy the worker gains little, and its rows waiting in
 * the port while the insert runs raise peak memory (BENCHMARKS.md).
 *
 * The main thread is inside synchronous database work when it needs a result, so it cannot wait on the
 * event loop: it reads the worker's port with `receiveMessageOnPort` and sleeps on a shared counter the
 * worker bumps after each page (`Atomics.wait`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { CompiledModel } from '../classify/model';
import type { Post } from '../core/post';
import type { ClassificationRow, PostToClassify } from '../store/classifications';

/** Below this many posts a worker's start-up (modules, the model) costs more than it saves. */
export const AHEAD_MIN_POSTS = 2_000;
/** Posts per message from the worker. */
export const AHEAD_PAGE = 50;
/** Posts the main thread takes for itself when it finds the worker has not reached them. */
const CLAIM = 20;

/** Cells of the shared counters. */
export const PAGES_POSTED = 0;
export const WORKER_STATE = 1;
/** The main thread classifies the posts before this index itself: the worker starts after it. */
export const MAIN_CLAIM = 2;
/** The page the worker is classifying: [from, to). */
export const WORKER_FROM = 3;
export const WORKER_TO = 4;
export const COUNTERS = 5;
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

export interface AheadWork {
  readonly model: unknown;
  readonly items: readonly AheadItem[];
  readonly port: MessagePort;
  readonly counters: SharedArrayBuffer;
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
 * Starts a worker on the posts about to be saved, or returns undefined for a small import. Only posts
 * stored after `lastPostId` (new in this import) are taken from it: they are saved in file order, so
 * the worker's results are read forward only and memory holds what is waiting in the port.
 */
export function startClassifyingAhead(model: CompiledModel, posts: readonly Post[], lastPostId: number): ClassifyingAhead | undefined {
  if (posts.length < AHEAD_MIN_POSTS || !fs.existsSync(WORKER_FILE)) return undefined;
  const { items, positions } = toItems(posts);
  const counters = new SharedArrayBuffer(COUNTERS * Int32Array.BYTES_PER_ELEMENT);
  const { port1, port2 } = new MessageChannel();
  const work: AheadWork = { model: model.file, items, port: port2, counters };
  const worker = new Worker(WORKER_FILE, { workerData: work, transferList: [port2] });
  const state = new Int32Array(counters);
  // An error in the worker is not the import's: the posts it did not classify are classified here.
  worker.on('error', () => Atomics.store(state, WORKER_STATE, FAILED));
  const reader = pageReader(port1, state);
  return {
    take: (post, now) => {
      const at = post.postId > lastPostId ? positions.get(postKey(post.source, post.sourceId)) : undefined;
      if (at === undefined || post.previousOutcomes !== null) return undefined;
      const item = items[at];
      const row = reader.rowAt(at);
      if (!item || !row || item.text !== post.text || item.context !== post.context) return undefined;
      return { ...row, postId: post.postId, postRevision: post.revision, classifiedAt: now };
    },
    stop: () => {
      port1.close();
      void worker.terminate();
    },
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

/**
 * Reads the worker's pages forward. A row the worker has not reached is claimed for the main thread
 * (undefined: classify it here); a row on the page the worker is classifying is waited for.
 */
function pageReader(port: MessagePort, state: Int32Array): { rowAt: (index: number) => AheadRow | undefined } {
  let page: AheadPage | undefined;
  let received = 0;
  let gone = false;
  const receive = (): boolean => {
    const message = receiveMessageOnPort(port);
    if (!message) return false;
    received += 1;
    page = message.message as AheadPage;
    return true;
  };
  /** Waits for the worker's current page; false when the worker has stopped or seems gone. */
  const awaitPage = (): boolean => {
    const since = Date.now();
    while (!receive()) {
      // State before count: the worker counts its last page before it says it has finished.
      const finished = Atomics.load(state, WORKER_STATE) !== RUNNING;
      const posted = Atomics.load(state, PAGES_POSTED);
      if (posted > received) continue;
      if (finished || Date.now() - since > GIVE_UP_MS) {
        gone = true;
        return false;
      }
      Atomics.wait(state, PAGES_POSTED, posted, 1_000);
    }
    return true;
  };
  return {
    rowAt: (index) => {
      while (!gone && (!page || page.first + page.rows.length <= index)) {
        if (receive()) continue;
        const working = Atomics.load(state, WORKER_FROM) <= index && index < Atomics.load(state, WORKER_TO);
        if (working && Atomics.load(state, WORKER_STATE) === RUNNING) {
          if (!awaitPage()) return undefined;
          continue;
        }
        // Not started: the main thread classifies the next CLAIM posts, the worker goes on after them.
        if (Atomics.load(state, MAIN_CLAIM) < index + CLAIM) Atomics.store(state, MAIN_CLAIM, index + CLAIM);
        return undefined;
      }
      return page && index >= page.first ? page.rows[index - page.first] : undefined;
    },
  };
}
