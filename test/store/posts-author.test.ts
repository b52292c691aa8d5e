/** A copy of a post that cannot tell its author (tweets.js without account.js) keeps the author stored. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Post } from '../../src/core/post';
import { openDatabase, type Db } from '../../src/store/database';
import { savePosts } from '../../src/store/posts';
import { makeTempDir } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
let db: Db;
beforeEach(() => {
  tmp = makeTempDir();
  db = openDatabase(tmp.file('ov.db'));
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

const NOW = '2026-12-04T17:00:00.000Z';
const tweet = (author: Post['author'], text = 'a skatepark in Helston please'): Post => ({
  source: 'x', sourceId: '845237972235190298', kind: 'post', createdAt: '2017-04-01T10:00:00.000Z', author, text,
  url: null, lang: 'en', parentSourceId: null, conversationId: '845237972235190298', metrics: null, raw: null,
});
const stored = () => db.prepare(`SELECT a.handle, p.revision FROM posts p LEFT JOIN authors a ON a.id = p.author_id`).all();

it('keeps the stored author when a later copy has none, and counts the copy unchanged', () => {
  savePosts(db, [tweet({ sourceAuthorId: '42', handle: 'CornwallCT', name: 'Cornwall CT' })], NOW);
  expect(savePosts(db, [tweet(null)], NOW)).toMatchObject({ new: 0, updated: 0, unchanged: 1 });
  expect(stored()).toEqual([{ handle: 'CornwallCT', revision: 1 }]);
  // A copy with new words and still no author: the text changes, the author stays.
  expect(savePosts(db, [tweet(null, 'a skatepark in Helston and Camborne please')], NOW)).toMatchObject({ updated: 1 });
  expect(stored()).toEqual([{ handle: 'CornwallCT', revision: 2 }]);
  // A copy that names an author is taken as it is.
  savePosts(db, [tweet({ sourceAuthorId: '43', handle: 'KernowKid', name: null }, 'a skatepark in Helston and Camborne please')], NOW);
  expect(stored()).toEqual([{ handle: 'KernowKid', revision: 2 }]);
});
