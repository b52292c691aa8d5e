import { describe, expect, it } from 'vitest';
import { toPostsFromPage } from '../../src/collectors/x/normalise';
import { advanceWindow, emptyCursor, newPoll, toSearchParams, toXCursor, withWindow } from '../../src/collectors/x/cursor';
import { toXUsage } from '../../src/collectors/x/usage';
import type { XSearchPage } from '../../src/collectors/x/wire';
import { readFixture } from './x-setup';

describe('X pages → posts (pure)', () => {
  it('gives each post its author from includes.users, full note_tweet text and the original id', () => {
    const { posts, warnings } = toPostsFromPage(readFixture<XSearchPage>('x_search_page1.json'));
    expect(warnings).toEqual([]);
    expect(posts.map((p) => [p.sourceId, p.kind])).toEqual([
      ['2090728626189244971', 'reply'],
      ['2090711920276447666', 'post'],
      ['2090479258039349258', 'post'],
      ['2090036234679399364', 'post'],
      ['2089737445045421269', 'quote'],
    ]);
    const reply = posts[0];
    expect(reply).toMatchObject({
      source: 'x',
      createdAt: '2026-08-21T09:12:03.000Z',
      author: { sourceAuthorId: '86213327', handle: 'jesspascoe_pz', name: 'Jess Pascoe' },
      url: 'https://x.com/jesspascoe_pz/status/2090728626189244971',
      lang: 'en',
      parentSourceId: '2090711920276447666',
      conversationId: '2090711920276447666',
      metrics: { like_count: 3, reply_count: 1, impression_count: 211 },
    });
    // The raw JSON keeps the tweet, its author and the posts it references: enough to re-process.
    expect(reply?.raw).toMatchObject({ tweet: { id: '2090728626189244971' }, author: { username: 'jesspascoe_pz' }, referenced: [{ id: '2090711920276447666' }] });
  });

  it('turns partial errors into warnings and keeps the posts', () => {
    const { posts, warnings } = toPostsFromPage(readFixture<XSearchPage>('x_search_page2.json'));
    expect(posts).toHaveLength(3);
    expect(warnings).toEqual(['X partial error (skipped): Not Found Error: Could not find tweet with referenced_tweets.id: [2088928753873895151].']);
  });

  it('reads an empty result as no posts', () => {
    expect(toPostsFromPage(readFixture<XSearchPage>('x_search_empty.json'))).toEqual({ posts: [], warnings: [] });
  });
});

describe('X cursor (pure)', () => {
  it('keeps since_id while paging and moves newestId only when the poll completes', () => {
    const start = { ...emptyCursor('recent', '#CIoSOneVision'), newestId: '100' };
    const first = advanceWindow(newPoll(start), { newest_id: '300', oldest_id: '250', next_token: 'abc' });
    const mid = withWindow(start, 'poll', first);
    expect(mid).toMatchObject({ newestId: '100', pending: { sinceId: '100', nextToken: 'abc', untilId: '250', newestId: '300' } });
    expect(toSearchParams('#CIoSOneVision', 'recent', first, undefined)).toMatchObject({ since_id: '100', next_token: 'abc', max_results: '100' });
    const last = advanceWindow(first, { newest_id: '249', oldest_id: '101' });
    expect(withWindow(mid, 'poll', last)).toMatchObject({ newestId: '300', pending: null });
  });

  it('sizes pages to what --max-posts still allows, within the API bounds', () => {
    const poll = newPoll(emptyCursor('all', 'q'));
    expect(toSearchParams('q', 'all', poll, undefined).max_results).toBe('500');
    expect(toSearchParams('q', 'all', poll, 130).max_results).toBe('130');
    expect(toSearchParams('q', 'recent', poll, 3).max_results).toBe('10');
  });

  it('starts afresh, saying why, when X_QUERY changed', () => {
    const saved = { ...emptyCursor('recent', '#OldTag'), newestId: '5' };
    expect(toXCursor(saved, 'recent', '#CIoSOneVision')).toMatchObject({ cursor: { newestId: null }, warning: expect.stringContaining('X_QUERY changed') });
    expect(toXCursor(saved, 'all', '#OldTag').cursor.newestId).toBe('5');
  });
});

describe('X usage (pure)', () => {
  it('reads the counts X sends as strings', () => {
    expect(toXUsage(readFixture('x_usage.json'), new Date('2026-08-22T15:00:00Z'))).toEqual({ projectUsage: 2160, projectCap: 3000000, capResetDay: 9, today: 1210 });
  });
});
