/** The Facebook collector's pure parts, on the real fixtures. */
import { describe, expect, it } from 'vitest';
import { planRun, toCursor } from '../../src/collectors/facebook/cursor';
import { classifyGraphError, toCollectError } from '../../src/collectors/facebook/errors';
import { toCommentPost, toPagePost } from '../../src/collectors/facebook/normalise';
import { toFollowUrl } from '../../src/collectors/facebook/urls';
import { DEFAULT_TIMING, toRateLimitWaitMs, toThrottleMs, toUsage } from '../../src/collectors/facebook/usage';
import type { GraphComment, GraphErrorBody, GraphList, GraphPost } from '../../src/collectors/facebook/wire';
import { fixMojibake, hasMojibake } from '../../src/collectors/imports/facebook-export';
import { readFixture } from './facebook-helpers';

const headers = readFixture('headers.json') as Record<string, Record<string, string>>;

describe('paging.next', () => {
  const next = (readFixture('fb_comments_page1.json') as GraphList<GraphComment>).paging?.next as string;

  it('moves onto the configured base, keeping path, query and a base path prefix, and drops the token', () => {
    const url = toFollowUrl(next, { baseUrl: 'http://127.0.0.1:9999/graph/', version: 'v25.0' });
    expect(url.origin).toBe('http://127.0.0.1:9999');
    expect(url.pathname).toBe('/graph/v23.0/1022900000004998/comments');
    expect(url.searchParams.get('after')).toBe('WTI5dGJXVnVkRjlqZAFhKemIzSTZANVE13TURBd01EQXdNREF3TURBd016b3hOekkwTVRjMk1qQTNNRGM9');
    expect(url.searchParams.get('summary')).toBe('true');
    expect(url.href).not.toContain('EAAFAKEPAGETOKEN');
  });
});

describe('usage headers', () => {
  it('reads the highest percentage and the regain time from every header', () => {
    expect(toUsage(headers['fb_posts_page1.json'] ?? {})).toEqual({ percent: 4, regainMinutes: 0 });
    expect(toUsage(headers['fb_error_rate_limit_buc_80001.json'] ?? {})).toEqual({ percent: 102, regainMinutes: 7 });
    expect(toUsage(headers['fb_error_rate_limit_page_32.json'] ?? {})).toEqual({ percent: 100, regainMinutes: 12 });
    expect(toUsage({ 'x-app-usage': 'not json' })).toEqual({ percent: 0, regainMinutes: 0 });
  });

  it('pauses from 80% and waits what Facebook says when it says', () => {
    expect(toThrottleMs({ percent: 79, regainMinutes: 0 }, DEFAULT_TIMING)).toBe(0);
    expect(toThrottleMs({ percent: 80, regainMinutes: 0 }, DEFAULT_TIMING)).toBe(1000);
    expect(toThrottleMs({ percent: 90, regainMinutes: 0 }, DEFAULT_TIMING)).toBe(3000);
    expect(toThrottleMs({ percent: 50, regainMinutes: 7 }, DEFAULT_TIMING)).toBe(7 * 60_000);
    expect(toRateLimitWaitMs({ percent: 0, regainMinutes: 0 }, 3, DEFAULT_TIMING)).toBe(4 * DEFAULT_TIMING.rateLimitBaseMs);
  });
});

describe('Graph errors', () => {
  it.each([
    ['fb_error_190.json', 'token'],
    ['fb_error_190_invalid.json', 'token'],
    ['fb_error_rate_limit.json', 'rate-limit'],
    ['fb_error_rate_limit_page_32.json', 'rate-limit'],
    ['fb_error_rate_limit_613.json', 'rate-limit'],
    ['fb_error_rate_limit_buc_80001.json', 'rate-limit'],
    ['fb_error_permission_10.json', 'permission'],
    ['fb_error_invalid_100.json', 'unknown-page'],
    ['fb_error_nonexisting_field_100.json', 'other'],
  ])('%s is a %s error', (fixture, kind) => {
    expect(classifyGraphError(400, readFixture(fixture) as GraphErrorBody).kind).toBe(kind);
  });

  it('retries 5xx without a Graph body', () => {
    expect(classifyGraphError(503, undefined).kind).toBe('transient');
  });

  it('names the page tried and the permissions needed', () => {
    const unknown = toCollectError(classifyGraphError(400, readFixture('fb_error_invalid_100.json') as GraphErrorBody), '104857600999999');
    expect(unknown.hint).toContain('FB_PAGE_ID=104857600999999');
    const denied = toCollectError(classifyGraphError(400, { error: { code: 200, message: 'Permissions error' } }), 'x');
    expect(denied.hint).toContain('pages_read_engagement and pages_read_user_content');
    expect(denied.exitCode).toBe(3);
  });
});

describe('posts, comments and replies', () => {
  it('turns the fixtures into posts: text with attachments, unknown author without from', () => {
    const [, , shared] = (readFixture('fb_posts_page1.json') as GraphList<GraphPost>).data;
    const post = toPagePost(shared as GraphPost, 4);
    expect(post).toMatchObject({ kind: 'post', createdAt: '2026-08-19T11:30:00.000Z', url: 'https://www.facebook.com/104857600123456/posts/1022900000004990', metrics: { comments: 4 } });
    expect(post.text).toContain('Book a place at a SEND listening session near you.');
    expect(post.raw).not.toHaveProperty('comments');

    const [noFrom] = (readFixture('fb_comments_page2.json') as GraphList<GraphComment>).data;
    const comment = toCommentPost(noFrom as GraphComment & { id: string }, '104857600123456_1022900000004998', '104857600123456_1022900000004998');
    expect(comment).toMatchObject({ kind: 'comment', author: null, parentSourceId: '104857600123456_1022900000004998', metrics: { likes: 0, replies: 0 } });

    const [reply] = (readFixture('fb_comment_replies_page2.json') as GraphList<GraphComment>).data;
    expect(toCommentPost(reply as GraphComment & { id: string }, 'p', '1022900000004998_1300000000000002')).toMatchObject({ kind: 'reply', parentSourceId: '1022900000004998_1300000000000002', conversationId: 'p' });
  });
});

describe('the incremental plan', () => {
  const now = new Date('2026-09-01T00:00:00Z');

  it('reads everything on a first run, then down to the older of the window start and the last newest post', () => {
    expect(planRun(null, now, 30, {})).toEqual({ owed: [{ downTo: null, until: null }], sweepBefore: null });
    const cursor = toCursor({ version: 1, pageId: 'p', newestPostAt: '2026-08-30T00:00:00.000Z', owed: [], counts: {} }, 'p');
    expect(planRun(cursor, now, 30, {}).owed).toEqual([{ downTo: '2026-08-02T00:00:00.000Z', until: null }]);
    const stale = toCursor({ version: 1, pageId: 'p', newestPostAt: '2026-01-01T00:00:00.000Z', owed: [{ downTo: null, until: '2025-01-01T00:00:00.000Z' }], counts: {} }, 'p');
    expect(planRun(stale, now, 30, {})).toEqual({ owed: [{ downTo: '2026-01-01T00:00:00.000Z', until: null }, { downTo: null, until: '2025-01-01T00:00:00.000Z' }], sweepBefore: '2026-01-01T00:00:00.000Z' });
  });

  it('starts afresh when the page changed', () => {
    expect(toCursor({ version: 1, pageId: 'other', newestPostAt: null, owed: [], counts: {} }, 'p')).toBeNull();
  });
});

describe('mojibake', () => {
  it('is mended only when the text shows it', () => {
    expect(fixMojibake('free \u00e2\u0080\u0093 for')).toBe('free \u2013 for');
    expect(fixMojibake('Caf\u00e9')).toBe('Caf\u00e9');
    expect(hasMojibake(['Caf\u00e9 \u2013 ok', 'x \u00e2\u0080\u0093'])).toBe(false);
  });
});
