/** What the classifier is given for each post: a reply comes with its parent's text, when the store holds it. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Post } from '../../src/core/post';
import { loadPostsToClassify } from '../../src/store/classifications';
import { openDatabase, type Db } from '../../src/store/database';
import { markMissingDeleted } from '../../src/store/deletions';
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

const NOW = '2026-12-01T10:00:00.000Z';

function post(source: string, sourceId: string, text: string, parentSourceId: string | null = null): Post {
  return {
    source, sourceId, kind: parentSourceId ? 'reply' : 'post', createdAt: '2017-06-06T18:00:00.000Z', author: null,
    text, url: null, lang: 'en', parentSourceId, conversationId: parentSourceId ? 'root' : null, metrics: null, raw: { id: sourceId },
  };
}

const contexts = () => Object.fromEntries(loadPostsToClassify(db, { all: true, afterId: 0, limit: 100 }).map((p) => [p.text, p.context]));

it("gives a reply its parent's text, and a post that replies to nothing none", () => {
  savePosts(db, [post('x', 'root', 'CAMHS waiting list is two years'), post('x', 'r1', 'same here', 'root'), post('x', 'r2', 'and us', 'r1')], NOW);
  expect(contexts()).toEqual({ 'CAMHS waiting list is two years': null, 'same here': 'CAMHS waiting list is two years', 'and us': 'same here' });
});

it('gives no context when the parent was never stored, is from another source, or is deleted', () => {
  savePosts(db, [post('x', 'root', 'youth club shut'), post('x', 'gone', 'the bus is too dear', 'root'), post('x', 'r1', 'this!', 'gone'), post('x', 'r2', 'agreed', 'elsewhere'), post('facebook', 'r3', 'yes', 'root')], NOW);
  markMissingDeleted(db, 'x', { conversationId: 'root', sourceIds: ['r1', 'r2'] }, NOW);
  expect(contexts()).toEqual({ 'youth club shut': null, 'this!': null, agreed: null, yes: null });
});

it('pages by id without repeating or skipping a post', () => {
  savePosts(db, Array.from({ length: 25 }, (_, i) => post('x', `p${i}`, `post ${i}`, i > 0 ? `p${i - 1}` : null)), NOW);
  const seen: string[] = [];
  for (let afterId = 0; ; ) {
    const page = loadPostsToClassify(db, { all: true, afterId, limit: 10 });
    if (page.length === 0) break;
    seen.push(...page.map((p) => `${p.text}<${p.context ?? ''}`));
    afterId = page[page.length - 1]?.postId ?? afterId;
  }
  expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `post ${i}<${i > 0 ? `post ${i - 1}` : ''}`));
});
