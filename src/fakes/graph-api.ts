/**
 * A fake Facebook Graph API on 127.0.0.1 serving a Page data set (data/sample/facebook-page.json's
 * shape) with the real shapes: `/{version}/{page}/feed`, `/{version}/{post-id}` and
 * `/{version}/{id}/comments` with field expansion, `filter=toplevel|stream`, `summary`, cursor paging
 * whose `paging.next` points at https://graph.facebook.com/ and carries the token, and Graph's `\/` and
 * `\uXXXX` escaping. Tests script faults (error bodies, usage headers, malformed JSON, dropped
 * connections, empty pages that still have `next`), change the data between runs (new posts and
 * comments, deleted ones, posts the feed leaves out), and count the requests received.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { commentListPage, DEFAULT_COMMENT_FIELDS, DEFAULT_POST_FIELDS, renderPost, repliesOf, streamOf, toplevelOf, type PlacedComment } from './graph-nodes';
import { FakeGraphError, parseFields, toFreshCursor, toListPage, toNextUrl, type FakeComment, type FakePageData, type FakePost, type RenderContext } from './graph-render';

export type { FakeComment, FakePageData, FakePost } from './graph-render';

export interface GraphFault {
  /** Which requests it applies to, by path (e.g. /feed$/); default: any. */
  readonly match?: RegExp;
  /**
   * `respond` (default): this status, body and headers. `usage`: the normal answer plus these headers.
   * `drop`: close the connection unanswered. `truncate`: start a 200 answer, then reset the connection
   * mid-body. `stall`: say nothing for `stallMs`, then reset. `malformed`: 200 with broken JSON.
   * `empty-next`: an empty page whose `next` leads back to the request's place (under a new cursor).
   * Paging loops, for the collector's guard: `repeat-next`: the normal page, whose `next` and `after`
   * are the request's own (the same page again); `stale-next`: the normal page, whose `next` leads back
   * to it under a new cursor each time (nothing new). With `times: Infinity` they never end.
   */
  readonly kind?: 'respond' | 'usage' | 'drop' | 'truncate' | 'stall' | 'malformed' | 'empty-next' | 'repeat-next' | 'stale-next';
  /** For `stall`: how long the server stays silent. */
  readonly stallMs?: number;
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** How many matching requests it answers; default 1. */
  readonly times?: number;
}

export interface RecordedRequest {
  readonly path: string;
  /** The query without the token. */
  readonly params: Readonly<Record<string, string>>;
  readonly tokenOk: boolean;
}

export interface FakeGraphApi {
  /** Base URL to use as FB_GRAPH_BASE_URL, e.g. http://127.0.0.1:40123/ */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Resolves once this many more requests have arrived, counted on arrival (before any latency). */
  whenMoreRequests(count: number): Promise<void>;
  readonly data: FakePageData;
  fail(fault: GraphFault): void;
  /** Headers sent with every answer from now on (e.g. x-app-usage near the limit); null to stop. */
  setUsageHeaders(headers: Readonly<Record<string, string>> | null): void;
  addPost(post: FakePost): void;
  /** Adds a comment to a post, or a reply when `parentCommentId` is given. */
  addComment(postId: string, comment: FakeComment, parentCommentId?: string): void;
  /** Removes a comment or reply (and a comment's replies); false if there was none. */
  deleteComment(id: string): boolean;
  /** Removes a post from the Page with its comments and replies, as deleting it on Facebook does; false if there was none. */
  deletePost(id: string): boolean;
  /**
   * Leaves a post out of the feed while it can still be read by id: Graph's feed lists only about 600
   * ranked posts a year, so a post missing from the feed is not necessarily deleted.
   */
  omitFromFeed(id: string): void;
  close(): Promise<void>;
}

export interface FakeGraphApiOptions {
  readonly data: FakePageData;
  readonly token: string;
  /** Largest page size served whatever `limit` asks, so small data sets still page. Default 100. */
  readonly maxLimit?: number;
  readonly port?: number;
  /** Delay before every answer, so a client can be killed part-way through a run. */
  readonly latencyMs?: number;
}

export async function startFakeGraphApi(options: FakeGraphApiOptions): Promise<FakeGraphApi> {
  const data: FakePageData = structuredClone(options.data);
  sortPosts(data);
  const requests: RecordedRequest[] = [];
  const faults: Array<GraphFault & { left: number }> = [];
  const omitted = new Set<string>();
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let arrived = 0;
  let usage: Readonly<Record<string, string>> | null = null;
  const maxLimit = options.maxLimit ?? 100;

  const server = http.createServer((req, res) => {
    notifyArrival();
    if (options.latencyMs) setTimeout(() => answer(req, res), options.latencyMs);
    else answer(req, res);
  });

  /** Counted on arrival, so a test can act (kill the client) while the answer is still held back. */
  function notifyArrival(): void {
    arrived += 1;
    for (const waiter of waiters.filter((w) => arrived >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  function answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const token = url.searchParams.get('access_token') ?? /^(?:Bearer|OAuth) (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const params = Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'access_token'));
    requests.push({ path: url.pathname, params, tokenOk: token === options.token });
    const fault = faults.find((f) => f.left > 0 && (!f.match || f.match.test(url.pathname)));
    if (fault) fault.left -= 1;
    if (fault?.kind === 'drop') return void req.socket.destroy();
    if (fault?.kind === 'stall') return void setTimeout(() => req.socket.destroy(), fault.stallMs ?? 1000);
    if (fault?.kind === 'truncate') return truncate(res);
    if (fault?.kind === 'malformed') return send(res, 200, '{"data": [{"id": "1234', usage);
    const version = /^\/(v\d+\.\d+)\//.exec(url.pathname)?.[1] ?? 'v25.0';
    if (fault?.kind === 'empty-next') return send(res, 200, encode({ data: [], paging: { cursors: {}, next: linkBack(url, version, true).next } }), usage);
    if (fault && fault.kind !== 'usage' && fault.kind !== 'repeat-next' && fault.kind !== 'stale-next') return send(res, fault.status ?? 400, typeof fault.body === 'string' ? fault.body : encode(fault.body ?? {}), { ...usage, ...fault.headers });
    if (token !== options.token) {
      return send(res, 400, encode(graphError(new FakeGraphError(190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException'))), usage);
    }
    try {
      const body = route(url, version, { version, token: options.token, maxLimit });
      const looping = fault?.kind === 'repeat-next' || fault?.kind === 'stale-next' ? relink(body, linkBack(url, version, fault.kind === 'stale-next')) : body;
      send(res, 200, encode(looping), { ...usage, ...fault?.headers, 'facebook-api-version': version });
    } catch (error) {
      if (!(error instanceof FakeGraphError)) throw error;
      send(res, 400, encode(graphError(error)), usage);
    }
  }

  /** A `next` link back to the request's own place: with its own cursor, or a new spelling of it. */
  function linkBack(url: URL, version: string, fresh: boolean): { next: string; after: string | undefined } {
    const sent = url.searchParams.get('after') ?? undefined;
    const after = fresh ? toFreshCursor(sent) : sent;
    const nextPath = url.pathname.replace(/^\/v\d+\.\d+\//, '');
    return { next: toNextUrl({ version, token: options.token, maxLimit }, { nextPath, nextParams: [...url.searchParams] }, after), after };
  }

  function route(url: URL, version: string, ctx: RenderContext): unknown {
    const parts = url.pathname.slice(version.length + 2).split('/').map(decodeURIComponent);
    const [node = '', edge] = parts;
    if (parts.length > 2 || (edge && edge !== 'feed' && edge !== 'posts' && edge !== 'comments')) throw new FakeGraphError(2500, 'Unknown path components: /' + parts.slice(1).join('/'));
    if (edge === 'feed' || edge === 'posts') return feedPage(node, edge, url, ctx);
    if (edge === 'comments') return commentsPage(node, url, ctx);
    if (node === data.page.id || node === data.page.username) return { id: data.page.id, name: data.page.name, username: data.page.username };
    // A post by id; a deleted one is an unknown object (code 100, subcode 33), as on Graph.
    const post = data.posts.find((p) => p.id === node);
    if (post) return renderPost(post, parseFields(url.searchParams.get('fields') ?? DEFAULT_POST_FIELDS), ctx);
    throw unknownObject(node);
  }

  function feedPage(node: string, edge: string, url: URL, ctx: RenderContext): unknown {
    if (node !== data.page.id && node !== data.page.username) throw unknownObject(node);
    const until = url.searchParams.get('until');
    const since = url.searchParams.get('since');
    const posts = data.posts.filter(
      (p) =>
        !omitted.has(p.id) &&
        (edge === 'feed' || p.from?.id === data.page.id) &&
        (until === null || Date.parse(p.created_time) / 1000 <= Number(until)) &&
        (since === null || Date.parse(p.created_time) / 1000 >= Number(since)),
    );
    const fields = parseFields(url.searchParams.get('fields') ?? DEFAULT_POST_FIELDS);
    return toListPage(posts, listOptions(url, `${node}/${edge}`, 25), ctx, (post) => renderPost(post, fields, ctx));
  }

  function commentsPage(node: string, url: URL, ctx: RenderContext): unknown {
    const post = data.posts.find((p) => p.id === node);
    const comment = post ? undefined : findComment(node);
    if (!post && !comment) throw unknownObject(node);
    let items: PlacedComment[];
    if (post) items = url.searchParams.get('filter') === 'stream' ? streamOf(post) : toplevelOf(post);
    else items = repliesOf((comment as PlacedComment).comment);
    const summary = url.searchParams.get('summary');
    const { limit, after, nextParams } = listOptions(url, `${node}/comments`, 25);
    return commentListPage(
      items,
      { limit, after, objectId: node, nextParams, summary: summary === 'true' || summary === '1', order: url.searchParams.get('order') ?? undefined, fields: parseFields(url.searchParams.get('fields') ?? DEFAULT_COMMENT_FIELDS) },
      ctx,
    );
  }

  function findComment(id: string): PlacedComment | undefined {
    for (const post of data.posts) {
      for (const top of post.comments ?? []) {
        if (top.id === id) return { comment: top, parentId: undefined };
        const reply = top.replies?.find((r) => r.id === id);
        if (reply) return { comment: reply, parentId: top.id };
      }
    }
    return undefined;
  }

  function unknownObject(id: string): FakeGraphError {
    return new FakeGraphError(
      100,
      `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      'GraphMethodException',
      33,
    );
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    whenMoreRequests: (count) => new Promise<void>((resolve) => waiters.push({ count: arrived + count, resolve })),
    data,
    fail: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    setUsageHeaders: (headers) => {
      usage = headers;
    },
    addPost: (post) => {
      data.posts.push(structuredClone(post));
      sortPosts(data);
    },
    addComment: (postId, comment, parentCommentId) => {
      const post = data.posts.find((p) => p.id === postId);
      if (!post) throw new Error(`no post ${postId}`);
      if (!parentCommentId) {
        (post.comments ??= []).push(structuredClone(comment));
        return;
      }
      // A comment added without replies gets its list with its first reply.
      const parent = post.comments?.find((c) => c.id === parentCommentId);
      if (!parent) throw new Error(`no comment ${parentCommentId} on ${postId}`);
      (parent.replies ??= []).push(structuredClone(comment));
    },
    deleteComment: (id) => {
      for (const post of data.posts) {
        const comments = post.comments ?? [];
        const at = comments.findIndex((c) => c.id === id);
        if (at >= 0) return comments.splice(at, 1).length === 1;
        for (const top of comments) {
          const r = (top.replies ?? []).findIndex((c) => c.id === id);
          if (r >= 0) return (top.replies ?? []).splice(r, 1).length === 1;
        }
      }
      return false;
    },
    deletePost: (id) => {
      const at = data.posts.findIndex((p) => p.id === id);
      return at >= 0 && data.posts.splice(at, 1).length === 1;
    },
    omitFromFeed: (id) => void omitted.add(id),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => undefined),
  };
}

function listOptions(url: URL, nextPath: string, defaultLimit: number) {
  const limitParam = url.searchParams.get('limit');
  return {
    limit: limitParam === null ? defaultLimit : Number(limitParam),
    after: url.searchParams.get('after') ?? undefined,
    nextPath,
    nextParams: [...url.searchParams].filter(([k]) => k !== 'access_token' && k !== 'after'),
  };
}

function relink(body: unknown, link: { next: string; after: string | undefined }): unknown {
  const list = body as { paging?: { cursors?: Record<string, string> } };
  return { ...list, paging: { ...list.paging, cursors: { ...list.paging?.cursors, after: link.after }, next: link.next } };
}

function graphError(error: FakeGraphError): unknown {
  return { error: { message: error.message, type: error.type, code: error.code, ...(error.subcode === undefined ? {} : { error_subcode: error.subcode }), fbtrace_id: 'AFakeTraceId0001' } };
}

/** Graph escapes `/` and everything outside ASCII. */
function encode(body: unknown): string {
  return JSON.stringify(body)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function send(res: http.ServerResponse, status: number, body: string, headers: Readonly<Record<string, string>> | null): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(body);
}

/** A 200 whose body stops part-way: the connection is reset after the first kilobyte. */
function truncate(res: http.ServerResponse): void {
  const text = encode({ data: [{ id: '1', message: 'x'.repeat(4000) }] });
  res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(text.length) });
  res.write(text.slice(0, 1000));
  setTimeout(() => res.socket?.destroy(), 20);
}

function sortPosts(data: FakePageData): void {
  data.posts.sort((a, b) => b.created_time.localeCompare(a.created_time));
}
