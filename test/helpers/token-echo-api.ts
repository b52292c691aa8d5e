/**
 * A careless API on 127.0.0.1 that refuses every request and echoes the caller's token in its error
 * body, the way some proxies and error pages do. Shapes follow X API v2's 401 problem JSON and the
 * Graph API's error 190 (see the shared reference apis.md, A4 and C4). It records the tokens it was
 * sent, so a test can prove the token really reached it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** `raw` echoes the token as sent; `encoded` echoes encodeURIComponent(token), as in a logged URL. */
export type Echo = 'raw' | 'encoded';

export interface TokenEchoApi {
  readonly url: string;
  /** Every token received, as sent. */
  readonly received: readonly string[];
  close(): Promise<void>;
}

type Api = 'x' | 'graph';

export async function startTokenEchoApi(api: Api, echo: Echo): Promise<TokenEchoApi> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    const token = tokenOf(req);
    if (token !== undefined) received.push(token);
    const shown = echo === 'encoded' ? encodeURIComponent(token ?? '') : (token ?? '');
    const [status, type, body] = api === 'x' ? xUnauthorized(shown) : graphMalformedToken(shown);
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** X sends the bearer token in the Authorization header; the Graph client sends access_token or an OAuth header. */
function tokenOf(req: http.IncomingMessage): string | undefined {
  const header = req.headers.authorization?.replace(/^(Bearer|OAuth)\s+/i, '');
  if (header) return header;
  return new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('access_token') ?? undefined;
}

function xUnauthorized(token: string): [number, string, unknown] {
  return [401, 'application/problem+json', { title: 'Unauthorized', type: 'about:blank', status: 401, detail: `Unauthorized token ${token}` }];
}

function graphMalformedToken(token: string): [number, string, unknown] {
  return [400, 'application/json; charset=UTF-8', { error: { message: `Malformed access token ${token}`, type: 'OAuthException', code: 190, fbtrace_id: 'A1b2' } }];
}
