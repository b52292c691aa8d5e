/**
 * Migration 12's full-text index: filled from the posts already stored, kept in step with every write,
 * and emptied of an erased post's words, down to the bytes of the file.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/collectors/clock';
import { carryOutErasure, finishPendingWipes } from '../../src/cli/erasure';
import type { Post } from '../../src/core/post';
import { toSearchStem } from '../../src/gate/search';
import { openDatabase, type Db } from '../../src/store/database';
import { deletePostRows, loadAuthors, loadPostsOfAuthors } from '../../src/store/erasure';
import { savePosts } from '../../src/store/posts';
import { makeTempDir } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
let db: Db;
beforeEach(() => {
  tmp = makeTempDir();
  file = tmp.file('ov.db');
});
afterEach(() => {
  db?.close();
  tmp.cleanup();
});

const NOW = '2026-12-01T10:00:00.000Z';
const KERENZA = { sourceAuthorId: '70001', handle: 'kerenzaqxvo', name: 'Kerenza Vosper' };
const JACK = { sourceAuthorId: '70002', handle: 'jackp', name: 'Jack Pengelly' };
/** Words that occur nowhere else, each its own Porter stem, so the file's bytes can be searched for them. */
const CANARY = 'zyqueltrip';
const OTHER_CANARY = 'zyxorbund';

function post(sourceId: string, text: string, author = JACK, extra: Partial<Post> = {}): Post {
  return { source: 'x', sourceId, kind: 'post', createdAt: NOW, author, text, url: null, lang: 'en', parentSourceId: null, conversationId: sourceId, metrics: null, raw: { id: sourceId }, ...extra };
}

/** The source ids the index finds for a word. */
function found(word: string): string[] {
  const rows = db.prepare(`SELECT p.source_id AS id FROM posts_fts f JOIN posts p ON p.id = f.rowid WHERE posts_fts MATCH ? ORDER BY p.source_id`).all(`"${word}"`) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Throws when the index and the posts disagree. */
function checkIndex(): void {
  db.prepare(`INSERT INTO posts_fts (posts_fts, rank) VALUES ('integrity-check', 1)`).run();
}

function inIndexTerms(stem: string): boolean {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab (main, posts_fts, 'row')`);
  return db.prepare(`SELECT count(*) AS n FROM temp.fts_terms WHERE term = ?`).pluck().get(stem) !== 0;
}

function inIndexBytes(stem: string): boolean {
  return db.prepare(`SELECT count(*) FROM posts_fts_data WHERE instr(block, CAST(? AS BLOB)) > 0`).pluck().get(stem) !== 0;
}

function inFileBytes(word: string): boolean {
  return ['', '-wal', '-shm'].some((suffix) => fs.existsSync(`${file}${suffix}`) && fs.readFileSync(`${file}${suffix}`).includes(Buffer.from(word, 'utf8')));
}

describe('the full-text index (migration 12)', () => {
  it('indexes the posts a database already held when it is upgraded', () => {
    db = openDatabase(file, { upToVersion: 10 });
    savePosts(db, [post('1', `a ${CANARY} for the youth club`), post('2', 'buses to Truro')], NOW);
    db.close();
    db = openDatabase(file);
    expect(found(CANARY)).toEqual(['1']);
    expect(found('buses')).toEqual(['2']);
    checkIndex();
  });

  it('follows every write: new posts, revised text, deletion', () => {
    db = openDatabase(file);
    savePosts(db, [post('1', `first words ${CANARY}`), post('2', 'other words')], NOW);
    expect(found(CANARY)).toEqual(['1']);
    // An edit (a re-import with new words) replaces the words; a changed count alone leaves them.
    savePosts(db, [post('1', `edited words ${OTHER_CANARY}`)], NOW);
    expect(found(CANARY)).toEqual([]);
    expect(found(OTHER_CANARY)).toEqual(['1']);
    savePosts(db, [post('1', `edited words ${OTHER_CANARY}`, JACK, { metrics: { like_count: 3 } })], NOW);
    expect(found(OTHER_CANARY)).toEqual(['1']);
    const { id } = db.prepare(`SELECT id FROM posts WHERE source_id = '1'`).get() as { id: number };
    deletePostRows(db, [id]);
    expect(found(OTHER_CANARY)).toEqual([]);
    expect(found('words')).toEqual(['2']);
    checkIndex();
  });

  it('is set to remove a deleted post\'s words from its pages, not only mark them deleted', () => {
    db = openDatabase(file);
    expect(db.prepare(`SELECT v FROM posts_fts_config WHERE k = 'secure-delete'`).pluck().get()).toBe(1);
    expect(toSearchStem(CANARY)).toBe(CANARY);
    expect(toSearchStem(OTHER_CANARY)).toBe(OTHER_CANARY);
    expect(toSearchStem(KERENZA.handle)).toBe(KERENZA.handle);
  });
});

describe('erasure and the index', () => {
  /** Kerenza's post holds one canary; Jack's reply names her handle, which forget scrubs from it. */
  function seed(): void {
    db = openDatabase(file);
    savePosts(
      db,
      [
        post('1', `the ${CANARY} at the youth club is great`, KERENZA),
        post('2', `@${KERENZA.handle} agreed, and ${OTHER_CANARY} too`, JACK, { kind: 'reply', parentSourceId: '1' }),
        ...Array.from({ length: 200 }, (_, i) => post(`${100 + i}`, `a later post about buses and parks number ${i}`)),
      ],
      NOW,
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(inIndexTerms(CANARY) && inIndexBytes(CANARY) && inIndexTerms(KERENZA.handle)).toBe(true);
  }

  function forgetKerenza(waitMs: number) {
    const authors = loadAuthors(db).filter((a) => a.handle === KERENZA.handle);
    return carryOutErasure(db, { reason: 'forget-author', requestedBy: null, targets: loadPostsOfAuthors(db, authors), authors, blockFuture: true }, { dbFile: file, clock: systemClock, waitMs });
  }

  it('forget leaves none of the erased post\'s words, nor the forgotten handle, in the index or the file', async () => {
    seed();
    const outcome = await forgetKerenza(0);
    expect(outcome).toMatchObject({ status: 'wiped', problem: null, posts: 1 });
    expect(inIndexTerms(CANARY)).toBe(false);
    expect(inIndexTerms(KERENZA.handle)).toBe(false);
    // Jack's reply keeps its own words, now with the handle scrubbed.
    expect(found(OTHER_CANARY)).toEqual(['2']);
    expect(inFileBytes(CANARY)).toBe(false);
    expect(inFileBytes(KERENZA.handle)).toBe(false);
    checkIndex();
  });

  it('forget --finish: a wipe a reader held up leaves no word once finished', async () => {
    seed();
    const reader = new Database(file, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM posts_fts_data').get();
    const outcome = await forgetKerenza(0);
    expect(outcome.status).toBe('erased');
    reader.exec('COMMIT');
    reader.close();
    const finished = await finishPendingWipes(db, [outcome.erasureId], { dbFile: file, clock: systemClock, waitMs: 0 });
    expect(finished.problem).toBeNull();
    expect(inFileBytes(CANARY)).toBe(false);
    expect(inFileBytes(KERENZA.handle)).toBe(false);
  });

  it('control: without secure-delete the same erasure would leave the words in the file', async () => {
    seed();
    db.prepare(`INSERT INTO posts_fts (posts_fts, rank) VALUES ('secure-delete', 0)`).run();
    await forgetKerenza(0);
    expect(inIndexTerms(CANARY)).toBe(false);
    expect(inFileBytes(CANARY)).toBe(true);
  });
});
