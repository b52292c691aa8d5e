/**
 * Where an absolute URL X hands us (a compliance job's upload_url and download_url) is sent, and
 * whether the bearer token may go with it. Pure.
 *
 * X has given these URLs in two forms: pre-signed Google Cloud Storage URLs
 * (storage.googleapis.com/twttr-tweet-compliance/…?X-Goog-Signature=…), which must be used without
 * an Authorization header, and, in its newer documentation, signed paths on api.x.com
 * (/2/compliance/jobs/:id/upload?token=…), which want the app's bearer token as well. The rule that
 * covers both: the token only ever goes to X's own API host, never to any other.
 */

const X_API_HOSTS = new Set(['api.x.com', 'api.twitter.com']);

export interface TransferTarget {
  /** The URL to request: X's, or the same path and query moved onto the configured base. */
  readonly url: string;
  /** True only when X gave a URL on its own API host. */
  readonly withToken: boolean;
}

/** True when the URL is X's own API (the default X_API_BASE_URL), not a proxy or a local server. */
export function isXApiOrigin(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'https:' && X_API_HOSTS.has(parsed.hostname) && parsed.port === '';
}

/**
 * With the default base the URL is used as X gave it. With any other X_API_BASE_URL (a proxy, a local
 * test server) it is moved onto that base with its path and query, as every API call is, so nothing
 * leaves for a host the operator did not configure. A base with a path prefix keeps that prefix.
 */
export function toTransferTarget(absolute: string, baseUrl: string): TransferTarget {
  const given = new URL(absolute);
  const withToken = given.protocol === 'https:' && X_API_HOSTS.has(given.hostname);
  if (isXApiOrigin(baseUrl)) return { url: given.toString(), withToken };
  const moved = new URL(given.pathname.replace(/^\//, '') + given.search, baseUrl);
  return { url: moved.toString(), withToken };
}

/** For messages: the host and path, never the query, which carries the signature. */
export function describeTransferUrl(absolute: string): string {
  const url = new URL(absolute);
  return `${url.host}${url.pathname}`;
}
