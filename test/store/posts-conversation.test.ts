/** A copy of a post that cannot tell its thread never erases the thread the store knows. */
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

const reply = (conversationId: string | null): Post => ({
  source: 'x', sourceId: '872003887668294700', kind: 'reply', createdAt: '2017-06-06T18:00:00.000Z', author: null,
  text: 'yes, and a later bus from Truro', url: null, lang: 'en', parentSourceId: '872003887668294609', conversationId, metrics: null, raw: { id_str: '872003887668294700' },
});

it('keeps the stored conversation when a later copy has none (a v1.1 reply without its chain), and counts no change', () => {
  savePosts(db, [reply('872003887668290000')], '2026-12-01T10:00:00.000Z');
  expect(savePosts(db, [reply(null)], '2026-12-01T11:00:00.000Z')).toMatchObject({ updated: 0, unchanged: 1 });
  expect(db.prepare('SELECT conversation_id AS c FROM posts').get()).toEqual({ c: '872003887668290000' });
  // A copy that does know the thread still corrects it.
  expect(savePosts(db, [reply('872003887668291111')], '2026-12-01T12:00:00.000Z')).toMatchObject({ updated: 1 });
  expect(db.prepare('SELECT conversation_id AS c FROM posts').get()).toEqual({ c: '872003887668291111' });
});
