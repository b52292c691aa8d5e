/**
 * Issue 15, item 5: a large import classifies its posts on a second thread while it saves them
 * (src/cli/classify-ahead.ts). What it stores must be exactly what classifying afterwards stores:
 * the same outcomes, scores, flags, levels, tone, explanation and screening for every post, including
 * replies whose parent is in the file or already stored, posts the file edits, and posts stored
 * earlier but never classified.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGES_POSTED, type AheadWorker, type ClassifyingAhead, type PostsAhead } from '../../src/cli/classify-ahead';
import type { CompiledModel } from '../../src/classify/model';
import type { ParsedImport } from '../../src/collectors/imports';
import { ROOT, makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { activateEditedModel, readDefaultModelFile, type EditableModel } from './model-fixture';

const tmp = makeTempDir('onevision-ahead-');
afterAll(() => tmp.cleanup());

/** Real-shaped responses to classify: the bundled training texts (their labels are not used). */
const TEXTS = (parse(fs.readFileSync(path.join(ROOT, 'data/training/train.csv'), 'utf8'), { columns: true }) as Array<{ text: string }>).map((row) => row.text);

interface Tweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  conversation_id: string;
  edit_history_tweet_ids: string[];
  referenced_tweets?: Array<{ type: 'replied_to'; id: string }>;
}

const idOf = (n: number) => String(1_800_000_000_000_000_000n + BigInt(n));

function tweet(n: number, text: string, replyTo?: number): Tweet {
  return {
    id: idOf(n),
    text,
    author_id: String(1000 + (n % 40)),
    created_at: new Date(Date.UTC(2017, 2, 1) + n * 60_000).toISOString(),
    conversation_id: idOf(replyTo ?? n),
    edit_history_tweet_ids: [idOf(n)],
    ...(replyTo === undefined ? {} : { referenced_tweets: [{ type: 'replied_to' as const, id: idOf(replyTo) }] }),
  };
}

/** twarc2 JSONL: one X API v2 search response per line, 100 tweets a page, their authors in `includes`. */
function writeTwarc(file: string, tweets: readonly Tweet[]): void {
  const lines: string[] = [];
  for (let at = 0; at < tweets.length; at += 100) {
    const data = tweets.slice(at, at + 100);
    const users = [...new Set(data.map((t) => t.author_id))].map((id) => ({ id, username: `resident${id}`, name: `Resident ${id}` }));
    lines.push(JSON.stringify({ data, includes: { users }, meta: { result_count: data.length, newest_id: data[0]?.id, oldest_id: data[data.length - 1]?.id } }));
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

// Stored before the large import: 0-199 classified, 200-299 saved with --no-classify.
const earlier = Array.from({ length: 200 }, (_, n) => tweet(n, TEXTS[n % TEXTS.length] as string));
const unclassified = Array.from({ length: 100 }, (_, k) => tweet(200 + k, TEXTS[(200 + k) % TEXTS.length] as string));

/**
 * The large file: 2,400 new posts, every fifth a reply to the post before it (its parent in the file),
 * every 97th a reply to an earlier stored post (its parent only in the database), every 13th the
 * text of another post (same text, other id); and 50 of the earlier posts again with new text.
 */
function largeFile(): Tweet[] {
  const fresh = Array.from({ length: 2_400 }, (_, k) => {
    const n = 1_000 + k;
    const text = k % 13 === 0 ? (TEXTS[7] as string) : `${TEXTS[(n * 7) % TEXTS.length] as string}${k % 3 === 0 ? ` #Truro${k}` : ''}`;
    if (k % 97 === 0) return tweet(n, `@resident1001 same here ${text}`, k % 200);
    return k % 5 === 4 ? tweet(n, `Yes! ${text}`, n - 1) : tweet(n, text);
  });
  const edited = earlier.slice(0, 50).map((t, k) => ({ ...t, text: `${TEXTS[(k * 11) % TEXTS.length] as string} (edited)` }));
  return [...fresh, ...edited];
}

const classificationsOf = (db: string) =>
  queryDb(
    db,
    `SELECT p.source_id, p.revision, c.post_revision, c.outcomes, c.scores, c.safeguarding, c.safeguarding_score, c.safeguarding_level,
            c.confidence, c.tone, c.explanation, c.codebook_version, c.model_version, s.state AS screening
       FROM posts p LEFT JOIN classifications c ON c.post_id = p.id LEFT JOIN screenings s ON s.post_id = p.id
      ORDER BY p.source_id`,
  );

async function ok(args: readonly string[]): Promise<void> {
  const result = await runCli(args);
  expect(result.stderr + result.stdout, `onevision ${args.join(' ')}`).not.toMatch(/error/i);
  expect(result.code).toBe(0);
}

describe('a large import classifies on a second thread and stores what classifying afterwards would', () => {
  const parallel = tmp.file('parallel.db');
  const afterwards = tmp.file('afterwards.db');

  beforeAll(async () => {
    writeTwarc(tmp.file('earlier.jsonl'), earlier);
    writeTwarc(tmp.file('unclassified.jsonl'), unclassified);
    writeTwarc(tmp.file('large.jsonl'), largeFile());
    for (const db of [parallel, afterwards]) {
      await ok(['--db', db, 'import', tmp.file('earlier.jsonl')]);
      await ok(['--db', db, 'import', '--no-classify', tmp.file('unclassified.jsonl')]);
    }
    await ok(['--db', parallel, 'import', tmp.file('large.jsonl')]);
    await ok(['--db', afterwards, 'import', '--no-classify', tmp.file('large.jsonl')]);
    await ok(['--db', afterwards, 'classify']);
  }, 240_000);

  it('classifies every post, at its current revision', () => {
    const rows = classificationsOf(parallel);
    expect(rows).toHaveLength(2_700);
    expect(rows.filter((row) => row.outcomes === null || row.post_revision !== row.revision)).toEqual([]);
    // The file really held what the comparison is about: edits, replies in the file and to stored posts, flags.
    expect(rows.filter((row) => row.revision === 2)).toHaveLength(50);
    const replies = largeFile().filter((t) => t.referenced_tweets);
    expect(queryDb(parallel, `SELECT count(*) AS n FROM posts WHERE parent_source_id IS NOT NULL`)[0]).toEqual({ n: replies.length });
    expect(replies.filter((t) => BigInt(t.referenced_tweets?.[0]?.id ?? 0) < BigInt(idOf(1_000))).length).toBeGreaterThan(10);
    expect(rows.filter((row) => row.safeguarding === 1).length).toBeGreaterThan(0);
  });

  it('stores the same classification and screening for every post as import --no-classify then classify', () => {
    expect(classificationsOf(parallel)).toEqual(classificationsOf(afterwards));
  });
});

/** A copy of the bundled model whose outcome thresholds are so low that it tags posts with outcomes the default would not. */
const lowerThresholds = (model: EditableModel) => {
  model.thresholds = model.thresholds.map(() => 0.02);
};

/** The compiled modules, as the CLI runs them. */
const loadCompiled = createRequire(__filename);

describe('the worker started before a large file is read classifies with the model the import uses', () => {
  const SUFFIX = 'edited-for-test';
  beforeAll(() => writeTwarc(tmp.file('large-again.jsonl'), largeFile()));

  it('a database with a trained model: every row is that model’s, as classifying afterwards makes them', async () => {
    const parallel = tmp.file('trained-parallel.db');
    const afterwards = tmp.file('trained-afterwards.db');
    expect(fs.statSync(tmp.file('large-again.jsonl')).size).toBeGreaterThan(128 * 1024);
    const versions = new Set<string>();
    for (const db of [parallel, afterwards]) {
      await ok(['--db', db, 'import', tmp.file('earlier.jsonl')]);
      versions.add(activateEditedModel(db, SUFFIX, lowerThresholds));
    }
    await ok(['--db', parallel, 'import', tmp.file('large-again.jsonl')]);
    await ok(['--db', afterwards, 'import', '--no-classify', tmp.file('large-again.jsonl')]);
    await ok(['--db', afterwards, 'classify']);

    const rows = classificationsOf(parallel).filter((row) => BigInt(row.source_id as string) >= BigInt(idOf(1_000)));
    expect(rows).toHaveLength(2_400);
    expect(new Set(rows.map((row) => row.model_version))).toEqual(versions);
    expect(classificationsOf(parallel)).toEqual(classificationsOf(afterwards));
  }, 240_000);

  // The compiled worker is what runs it (the TypeScript sources have none beside them), so its module is loaded from dist/.
  it('a model trained after the worker read the database: the rows are the import’s model’s, not the one the worker read', () => {
    const dist = (name: string) => loadCompiled(path.join(ROOT, 'dist', name)) as Record<string, unknown>;
    const { startAheadWorkerFor, sendPostsAhead, classifyingAhead } = dist('cli/classify-ahead.js') as {
      startAheadWorkerFor: (file: string, db: string) => AheadWorker | undefined;
      sendPostsAhead: (posts: ParsedImport['posts'], started?: AheadWorker) => PostsAhead | undefined;
      classifyingAhead: (model: CompiledModel, sent: PostsAhead, lastPostId: number) => ClassifyingAhead;
    };
    const { readDefaultModel } = dist('cli/classifier.js') as { readDefaultModel: () => CompiledModel };
    const { parseImportFile } = dist('cli/commands/import.js') as { parseImportFile: (file: string, flags: { source: string }) => ParsedImport };
    const { classify } = dist('classify/classify.js') as { classify: (model: CompiledModel, text: string) => { outcomes: readonly number[] } };
    const { compileModel } = dist('classify/model.js') as { compileModel: (file: unknown) => CompiledModel };
    const outcomesOf = (using: CompiledModel, text: string) => [...classify(using, text).outcomes].sort((a, b) => a - b).join(';');
    const db = tmp.file('changed-model.db');
    const file = tmp.file('large-again.jsonl');
    activateEditedModel(db, SUFFIX, lowerThresholds);

    const worker = startAheadWorkerFor(file, db);
    expect(worker).toBeDefined();
    const model = readDefaultModel();
    // Each post on its own (no parent in view): what is compared is which model made the rows.
    const posts = parseImportFile(file, { source: 'survey' }).posts.map((post) => ({ ...post, parentSourceId: null }));
    const sent = sendPostsAhead(posts, worker);
    expect(sent).toBeDefined();
    // The import's model reaches the worker only after it has posted pages made with the one it read.
    const state = sent?.worker.state as Int32Array;
    for (let posted = Atomics.load(state, PAGES_POSTED); posted < 3; posted = Atomics.load(state, PAGES_POSTED)) Atomics.wait(state, PAGES_POSTED, posted, 100);
    const ahead = sent && classifyingAhead(model, sent, 0);
    try {
      const rows = posts.map((post, i) => ahead?.take({ postId: i + 1, revision: 1, source: post.source, sourceId: post.sourceId, text: post.text, context: null, previousOutcomes: null, previousRevision: null, screening: null }, 'now'));
      // A row the worker made with the model it read is not given (the import classifies that post itself); every row given is the import model's.
      const given = posts.flatMap((post, i) => (rows[i] ? [{ post, row: rows[i] }] : []));
      expect(given.every(({ row }) => row?.modelVersion === model.file.modelVersion)).toBe(true);
      expect(given.map(({ row }) => row?.outcomes)).toEqual(given.map(({ post }) => outcomesOf(model, post.text)));
      // The worker changed to the import's model once it came: most posts have its rows.
      expect(given.length).toBeGreaterThan(posts.length / 2);
      // The two models disagree on these posts, so rows made with the one the worker read would show.
      const editedFile = readDefaultModelFile();
      lowerThresholds(editedFile);
      const edited = compileModel(editedFile);
      expect(posts.filter((post) => outcomesOf(edited, post.text) !== outcomesOf(model, post.text)).length).toBeGreaterThan(posts.length / 2);
    } finally {
      ahead?.stop();
    }
  }, 120_000);
});

describe('a large survey export classifies on a second thread too', () => {
  it('stores what import --no-classify then classify stores', async () => {
    const QUESTION = 'If you could change one thing for young people in Cornwall, what would it be?';
    const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
    const rows = Array.from({ length: 2_200 }, (_, k) => `R${k},${quote(`${TEXTS[(k * 5) % TEXTS.length] as string}${k % 4 === 0 ? ` (${k})` : ''}`)}`);
    const file = tmp.file('survey-large.csv');
    fs.writeFileSync(file, `ID,${quote(QUESTION)}\n${rows.join('\n')}\n`);
    expect(fs.statSync(file).size).toBeGreaterThan(128 * 1024);
    const columns = ['--id-column', 'ID', '--text-column', QUESTION];
    const parallel = tmp.file('survey-parallel.db');
    const afterwards = tmp.file('survey-afterwards.db');
    await ok(['--db', parallel, 'import', file, ...columns]);
    await ok(['--db', afterwards, 'import', '--no-classify', file, ...columns]);
    await ok(['--db', afterwards, 'classify']);

    const stored = classificationsOf(parallel);
    expect(stored).toHaveLength(2_200);
    expect(stored.filter((row) => row.outcomes === null)).toEqual([]);
    expect(stored).toEqual(classificationsOf(afterwards));
  }, 240_000);
});
