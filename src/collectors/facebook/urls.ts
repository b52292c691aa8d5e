/**
 * Graph URLs, pure. A URL here never carries the access token: the client adds it at send time, and
 * `toFollowUrl` strips it from `paging.next` links, so nothing we keep, log or put in an error has it.
 */

export interface GraphTarget {
  /** Configured base, ending in `/` (FB_GRAPH_BASE_URL). */
  readonly baseUrl: string;
  readonly version: string;
}

export function toGraphUrl(target: GraphTarget, path: string, params: Readonly<Record<string, string>>): URL {
  const url = new URL(`${target.version}/${path.split('/').map(encodeURIComponent).join('/')}`, target.baseUrl);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
}

/**
 * `paging.next` points at graph.facebook.com: keep its path and query but move it onto the configured
 * base (a proxy or a local server), and drop the token it carries. A base with a path prefix
 * (https://proxy/graph/) keeps that prefix.
 */
export function toFollowUrl(next: string, target: GraphTarget): URL {
  const absolute = new URL(next);
  const base = new URL(target.baseUrl);
  const url = new URL(absolute.pathname.replace(/^\//, '') + absolute.search, base);
  url.searchParams.delete('access_token');
  return url;
}

/** For messages: the path only, never the query. */
export function describeUrl(url: URL): string {
  return url.pathname;
}

export function toUnixSeconds(iso: string): string {
  return String(Math.floor(Date.parse(iso) / 1000));
}
