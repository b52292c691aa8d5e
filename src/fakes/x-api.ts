/**
 * A fake X API v2 on 127.0.0.1: recent and full-archive search over a data set, GET /2/usage/tweets,
 * batch compliance jobs with their upload and download transfers (x-compliance.ts), real
 * x-rate-limit-* headers (a real remaining count, reset = now + N s), and a fault script for tests.
 * It records every request so tests can assert what the client asked for and how often.
 * Bodies and headers follow the real responses (see test/fixtures/x/).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { XTweet, XUser } from '../collectors/x/wire';
import { FakeComplianceJobs, type FakeAnswer, type FakeComplianceOptions } from './x-compliance';
import { withPagingFault, XSearchIndex, type XDataSet, type XPagingFault } from './x-search';

export type { XPagingFault } from './x-search';

export type XFault =
  | { readonly kind: 'ok' }
  | { readonly kind: 'rate-limit'; readonly resetInSeconds: number }
  | { readonly kind: 'usage-cap' }
  | { readonly kind: 'credits-depleted' }
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'unavailable' }
  /** A 5xx as X's edge sends them: problem JSON for 500/503/504, an HTML page for 502. */
  | { readonly kind: 'server-error'; readonly status: 500 | 502 | 503 | 504 }
  | { readonly kind: 'malformed-json' }
  | { readonly kind: 'drop-mid-body' }
  /** Never answers (until the server closes): for killing a client mid-request. */
  | { readonly kind: 'hold' }
  /** Says nothing for `ms`, then resets the connection: a server that stopped answering. */
  | { readonly kind: 'stall'; readonly ms: number };

export interface FakeXApiOptions {
  readonly data: XDataSet;
  /** The bearer token to accept; any other gets a 401. Unset: any bearer token is accepted. */
  readonly token?: string;
  /** Requests per window, per endpoint family, like X's 450 per 15 minutes for recent search. */
  readonly rateLimit?: { readonly limit: number; readonly windowSeconds: number };
  /** Post reads already used this month, for GET /2/usage/tweets. */
  readonly usageBefore?: number;
  /** Delay before each search answer, so a client can be killed part-way through a run. */
  readonly latencyMs?: number;
  /** Batch compliance jobs: how long they take, how they end, where their transfers point. */
  readonly compliance?: FakeComplianceOptions;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
}

export interface FakeXApi {
  /** Base URL for X_API_BASE_URL, e.g. `http://127.0.0.1:4010/`. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Search requests only, in order. */
  searchRequests(): RecordedRequest[];
  /** Posts returned so far (what X would bill). */
  readonly postsServed: number;
  /** New posts appear in search results from now on. */
  publish(tweets: readonly XTweet[], users?: readonly XUser[]): void;
  /** From now on, search pages after the first loop this way (see XPagingFault); null to behave again. */
  misbehavePaging(fault: XPagingFault | null): void;
  /** Faults for the next search requests, in order; `ok` lets one through. */
  script(...faults: XFault[]): void;
  /** Resolves once this many search requests have arrived. */
  whenSearchRequests(count: number): Promise<void>;
  /** Batch compliance: the results downloads report (`setResults`), the ids uploaded, the jobs made. */
  readonly compliance: FakeComplianceJobs;
  /** Faults for the next compliance job requests (create, status), in order; `ok` lets one through. */
  scriptCompliance(...faults: XFault[]): void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json';

const BODIES = {
  rateLimited: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
  usageCapped: { account_id: 1530000000000000000, product_name: 'standard-basic', title: 'UsageCapExceeded', period: 'Monthly', scope: 'Product', detail: 'Usage cap exceeded: Monthly product cap', type: 'https://api.twitter.com/2/problems/usage-capped' },
  creditsDepleted: { title: 'Payment Required', detail: 'credits depleted', type: 'https://api.x.com/2/problems/credits-depleted' },
  unauthorized: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
  forbidden: {
    client_id: '29876543',
    detail: 'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.',
    registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
    title: 'Client Forbidden',
    required_enrollment: 'Appropriate Level of API Access',
    reason: 'client-not-enrolled',
    type: 'https://api.twitter.com/2/problems/client-forbidden',
  },
  unavailable: { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status: 503 },
  internalError: { title: 'Internal Server Error', detail: 'Internal Server Error', type: 'about:blank', status: 500 },
  gatewayTimeout: { title: 'Gateway Timeout', detail: 'Gateway Timeout', type: 'about:blank', status: 504 },
  notFound: { title: 'Not Found Error', detail: 'Not Found', type: 'about:blank', status: 404 },
} as const;

export async function startFakeXApi(options: FakeXApiOptions): Promise<FakeXApi> {
  const index = new XSearchIndex(options.data);
  const limit = options.rateLimit ?? { limit: 450, windowSeconds: 900 };
  const window = { remaining: limit.limit, resetAt: 0 };
  const requests: RecordedRequest[] = [];
  const faults: XFault[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const compliance = new FakeComplianceJobs(options.compliance);
  const complianceFaults: XFault[] = [];
  let served = 0;
  let pagingFault: XPagingFault | null = null;

  const rateHeaders = () => ({ 'x-rate-limit-limit': String(limit.limit), 'x-rate-limit-remaining': String(window.remaining), 'x-rate-limit-reset': String(window.resetAt) });
  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  };

  const answerSearch = (endpoint: 'recent' | 'all', query: URLSearchParams, res: http.ServerResponse) => {
    const fault = faults.shift();
    if (fault && fault.kind !== 'ok') return answerFault(fault, res);
    const now = Math.floor(Date.now() / 1000);
    if (now >= window.resetAt) Object.assign(window, { remaining: limit.limit, resetAt: now + limit.windowSeconds });
    if (window.remaining === 0) return send(res, 429, BODIES.rateLimited, rateHeaders());
    window.remaining -= 1;
    const answer = withPagingFault(pagingFault, query, index.search(endpoint, query));
    served += answer.served;
    send(res, answer.status, answer.body, answer.status === 200 ? rateHeaders() : {});
  };

  const answerFault = (fault: Exclude<XFault, { kind: 'ok' }>, res: http.ServerResponse) => {
    switch (fault.kind) {
      case 'rate-limit':
        Object.assign(window, { remaining: 0, resetAt: Math.floor(Date.now() / 1000) + fault.resetInSeconds });
        return send(res, 429, BODIES.rateLimited, rateHeaders());
      case 'usage-cap':
        return send(res, 429, BODIES.usageCapped, { ...rateHeaders(), 'content-type': PROBLEM_TYPE });
      case 'credits-depleted':
        return send(res, 402, BODIES.creditsDepleted);
      case 'unauthorized':
        return send(res, 401, BODIES.unauthorized, { 'content-type': PROBLEM_TYPE });
      case 'forbidden':
        return send(res, 403, BODIES.forbidden, { 'content-type': PROBLEM_TYPE });
      case 'unavailable':
        return send(res, 503, BODIES.unavailable);
      case 'server-error':
        return answerServerError(fault.status, res);
      case 'malformed-json': {
        const text = '{"data":[{"id":"1","text":"the body stops here';
        res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(text.length), ...rateHeaders() });
        return res.end(text);
      }
      case 'drop-mid-body': {
        const text = JSON.stringify({ data: [{ id: '1', text: 'x'.repeat(4000) }], meta: { result_count: 1 } });
        res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(text.length), ...rateHeaders() });
        res.write(text.slice(0, 1000));
        return setTimeout(() => res.socket?.destroy(), 20);
      }
      case 'hold':
        return undefined;
      case 'stall':
        return setTimeout(() => res.socket?.destroy(), fault.ms);
    }
  };

  const answerServerError = (status: 500 | 502 | 503 | 504, res: http.ServerResponse) => {
    if (status !== 502) return send(res, status, status === 500 ? BODIES.internalError : status === 503 ? BODIES.unavailable : BODIES.gatewayTimeout);
    const html = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';
    res.writeHead(502, { 'content-type': 'text/html', 'content-length': String(html.length) });
    return res.end(html);
  };

  const answer = (res: http.ServerResponse, reply: FakeAnswer) => {
    res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': String(Buffer.byteLength(reply.body)) });
    res.end(reply.body);
  };

  /** /2/compliance/jobs[/:id[/upload|/download]], after the bearer token was checked. */
  const answerCompliance = (req: http.IncomingMessage, url: URL, route: RegExpExecArray, res: http.ServerResponse) => {
    const [, id, transfer] = route;
    if (id && transfer) return void readBody(req).then((body) => answer(res, compliance.answerApiTransfer(id, transfer as 'upload' | 'download', req.method ?? 'GET', url.searchParams, body)));
    const fault = complianceFaults.shift();
    if (fault && fault.kind !== 'ok') return answerFault(fault, res);
    if (id && req.method === 'GET') return answer(res, compliance.get(id));
    if (!id && req.method === 'POST') return void readBody(req).then((body) => answer(res, compliance.create(body)));
    if (!id && req.method === 'GET') return answer(res, compliance.list(url.searchParams));
    return send(res, 404, BODIES.notFound, { 'content-type': PROBLEM_TYPE });
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: req.headers.authorization });
    // Pre-signed storage URLs carry their own signature and no bearer token.
    if (compliance.isStoragePath(url.pathname)) {
      return void readBody(req).then((body) => answer(res, compliance.answerStorage(req.method ?? 'GET', url.pathname, url.searchParams, req.headers, body)));
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const search = /^\/2\/tweets\/search\/(recent|all)$/.exec(url.pathname);
    if (search) notifyWaiters();
    if (!bearer || (options.token !== undefined && bearer !== options.token)) return send(res, 401, BODIES.unauthorized, { 'content-type': PROBLEM_TYPE });
    if (search && options.latencyMs) return void setTimeout(() => answerSearch(search[1] as 'recent' | 'all', url.searchParams, res), options.latencyMs);
    if (search) return answerSearch(search[1] as 'recent' | 'all', url.searchParams, res);
    const complianceRoute = /^\/2\/compliance\/jobs(?:\/(\d+)(?:\/(upload|download))?)?$/.exec(url.pathname);
    if (complianceRoute) return answerCompliance(req, url, complianceRoute, res);
    if (url.pathname === '/2/usage/tweets') return send(res, 200, usageBody((options.usageBefore ?? 0) + served), { 'x-rate-limit-limit': '50', 'x-rate-limit-remaining': '49', 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900) });
    return send(res, 404, BODIES.notFound, { 'content-type': PROBLEM_TYPE });
  });

  function notifyWaiters(): void {
    const count = requests.filter((r) => r.path.startsWith('/2/tweets/search/')).length;
    for (const waiter of waiters.filter((w) => w.count <= count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const searchRequests = () => requests.filter((r) => r.path.startsWith('/2/tweets/search/'));
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    searchRequests,
    get postsServed() {
      return served;
    },
    publish: (tweets, users) => index.publish(tweets, users),
    misbehavePaging: (fault) => {
      pagingFault = fault;
    },
    script: (...more) => void faults.push(...more),
    compliance,
    scriptCompliance: (...more) => void complianceFaults.push(...more),
    whenSearchRequests: (count) => (searchRequests().length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

/** GET /2/usage/tweets as X answers it: counts as strings. */
function usageBody(used: number): unknown {
  const today = `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;
  return {
    data: {
      cap_reset_day: 9,
      project_cap: '3000000',
      project_id: '1530000000000000000',
      project_usage: String(used),
      daily_project_usage: { project_id: '1530000000000000000', usage: [{ date: today, usage: String(used) }] },
    },
  };
}
