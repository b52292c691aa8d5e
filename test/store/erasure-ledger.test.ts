/** The ledger as writers see it: erased posts refused, forgotten people scrubbed from what arrives later. */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Post } from '../../src/core/post';
import { openDatabase, type Db } from '../../src/store/database';
import { savePlannedErasure } from '../../src/store/erasure-ledger';
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
const ELOWEN = { id: '70001', username: 'elowen_t', name: 'Elowen Treloar' };
const JACK = { id: '70002', username: 'jackp', name: 'Jack Pengelly' };

/** An X reply by Jack to Elowen, in the shape the X collector stores (tweet, author, referenced). */
function replyToElowen(id: string): Post {
  const tweet = { id, text: `@${ELOWEN.username} totally agree, a bus to Truro after 6 please`, author_id: JACK.id, in_reply_to_user_id: ELOWEN.id, entities: { mentions: [{ start: 0, end: 9, username: ELOWEN.username, id: ELOWEN.id }] } };
  const referenced = [{ id: '9001', text: 'there is no bus home from college after 6, Elowen Treloar here from Helston', author_id: ELOWEN.id }];
  return { source: 'x', sourceId: id, kind: 'reply', createdAt: NOW, author: { sourceAuthorId: JACK.id, handle: JACK.username, name: JACK.name }, text: tweet.text, url: null, lang: 'en', parentSourceId: '9001', conversationId: '9001', metrics: null, raw: { tweet, author: JACK, referenced } };
}

function postBy(person: typeof ELOWEN, id: string): Post {
  return { source: 'x', sourceId: id, kind: 'post', createdAt: NOW, author: { sourceAuthorId: person.id, handle: person.username, name: person.name }, text: `a skatepark in Helston ${id}`, url: null, lang: 'en', parentSourceId: null, conversationId: id, metrics: null, raw: { tweet: { id, text: 'x', author_id: person.id }, author: person } };
}

function forgetElowen(blockFuture: boolean): void {
  savePlannedErasure(db, { reason: 'forget-author', requestedAt: NOW, requestedBy: null, posts: [{ source: 'x', sourceId: '9001' }], authors: [{ source: 'x', sourceAuthorId: ELOWEN.id }], blockFuture, recall: [] });
}

describe('the erasure ledger, as writers consult it', () => {
  it('refuses an erased post, and a forgotten person\'s new posts when their future is blocked', () => {
    forgetElowen(true);
    const counts = savePosts(db, [postBy(ELOWEN, '9001'), postBy(ELOWEN, '9002'), postBy(JACK, '9003')], NOW);
    expect(counts).toMatchObject({ new: 1, refused: 2 });
    expect(db.prepare(`SELECT handle FROM authors`).all()).toEqual([{ handle: JACK.username }]);
  });

  it('without --block-future, stores their new posts as they are but still refuses the erased one', () => {
    forgetElowen(false);
    expect(savePosts(db, [postBy(ELOWEN, '9001'), postBy(ELOWEN, '9002')], NOW)).toMatchObject({ new: 1, refused: 1 });
    expect(db.prepare(`SELECT raw FROM posts`).get()).toEqual({ raw: expect.stringContaining(ELOWEN.username) });
  });

  it('scrubs a forgotten person out of a reply collected later: their post, id, handle and name', () => {
    forgetElowen(true);
    expect(savePosts(db, [replyToElowen('9100')], NOW)).toMatchObject({ new: 1 });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const row = db.prepare(`SELECT text, raw FROM posts WHERE source_id = '9100'`).get() as { text: string; raw: string };
    expect(row.text).toBe('[erased] totally agree, a bus to Truro after 6 please');
    for (const gone of [ELOWEN.id, ELOWEN.username, ELOWEN.name, 'no bus home from college']) {
      expect(row.raw).not.toContain(gone);
      expect(fs.readFileSync(tmp.file('ov.db')).includes(Buffer.from(gone))).toBe(false);
    }
    expect(row.raw).toContain(JACK.username);
  });

  it("refuses a hand-typed retweet of a forgotten person ('RT @them: …' with no references), however the handle is written", () => {
    savePlannedErasure(db, { reason: 'forget-author', requestedAt: NOW, requestedBy: null, posts: [], authors: [{ source: 'x', sourceAuthorId: ELOWEN.id }], identifiers: { handles: [ELOWEN.username], names: [ELOWEN.name] }, blockFuture: false, recall: [] });
    const typed = (id: string, text: string): Post => ({ ...postBy(JACK, id), text });
    const counts = savePosts(db, [typed('9301', `RT @${ELOWEN.username}: i can't tell anyone at home`), typed('9302', 'RT @elowen\u200b_t: the same again'), typed('9303', `RT @${JACK.username}: buses`)], NOW);
    expect(counts).toMatchObject({ new: 1, refused: 2 });
  });

  it("takes an erased post's id out of a link to it in a later post, so the link no longer leads there", () => {
    forgetElowen(false);
    const linking: Post = { ...postBy(JACK, '9400'), text: `so sad, please someone help https://x.com/${ELOWEN.username}/status/9001 and https://twitter.com/i/web/status/9001` };
    savePosts(db, [linking], NOW);
    const row = db.prepare(`SELECT text FROM posts WHERE source_id = '9400'`).get() as { text: string };
    expect(row.text).not.toContain('9001');
    expect(row.text).toContain('https://twitter.com/i/web/status/[erased]');
  });

  it('recognises people in Twitter API v1.1 statuses too (id_str, screen_name, in_reply_to_user_id_str)', () => {
    forgetElowen(true);
    const status = {
      id_str: '9200', full_text: `@${ELOWEN.username} yes! and a youth club`, in_reply_to_user_id_str: ELOWEN.id, in_reply_to_screen_name: ELOWEN.username,
      user: { id_str: JACK.id, screen_name: JACK.username, name: JACK.name },
      entities: { user_mentions: [{ id_str: ELOWEN.id, screen_name: ELOWEN.username, name: ELOWEN.name }] },
    };
    const post: Post = { ...postBy(JACK, '9200'), kind: 'reply', text: status.full_text, raw: status };
    savePosts(db, [post], NOW);
    const row = db.prepare(`SELECT text, raw FROM posts WHERE source_id = '9200'`).get() as { text: string; raw: string };
    for (const gone of [ELOWEN.id, ELOWEN.username, ELOWEN.name]) expect(`${row.text} ${row.raw}`).not.toContain(gone);
  });
});
