/**
 * The twitter-api-v2 client, pointed wherever X_API_BASE_URL says. The library has no base-URL
 * setting and always uses `https.request`, so a documented plugin hook (onBeforeRequestConfig)
 * rewrites every URL, and an `http.Agent` is passed only when the base is `http:` (a local fake):
 * Node takes the protocol from the agent, so the wrong agent breaks the other scheme.
 */
import http from 'node:http';
import { TwitterApi, type ITwitterApiClientPlugin, type TwitterRateLimit } from 'twitter-api-v2';
import type { XConfig, XSearch } from '../../config';
import type { XSearchPage } from './wire';

const X_ORIGIN = /^https:\/\/api\.(?:x|twitter)\.com\//;

export interface XResponse<T> {
  readonly data: T;
  readonly rateLimit: TwitterRateLimit | undefined;
}

export interface XClient {
  fetchSearchPage(endpoint: XSearch, params: Record<string, string>): Promise<XResponse<XSearchPage>>;
  fetchUsage(): Promise<XResponse<unknown>>;
}

export interface XClientOptions {
  /** Per request: a server that stops answering becomes a retryable error, not a hung run. */
  readonly timeoutMs: number;
}

export function createXClient(config: XConfig, options: XClientOptions): XClient {
  if (!config.bearerToken) throw new Error('createXClient needs a bearer token; check missingConfiguration first');
  const base = config.baseUrl;
  const redirect: ITwitterApiClientPlugin = {
    onBeforeRequestConfig({ params }) {
      params.url = params.url.replace(X_ORIGIN, base);
    },
  };
  const client = new TwitterApi(config.bearerToken.reveal(), {
    plugins: [redirect],
    ...(base.startsWith('http:') ? { httpAgent: new http.Agent({ keepAlive: true }) } : {}),
  });
  const get = <T>(path: string, params: Record<string, string>) =>
    client.v2.get<T>(path, params, { fullResponse: true, timeout: options.timeoutMs }).then((response) => ({ data: response.data, rateLimit: response.rateLimit }));
  return {
    fetchSearchPage: (endpoint, params) => get<XSearchPage>(`tweets/search/${endpoint}`, params),
    fetchUsage: () => get<unknown>('usage/tweets', { days: '30', 'usage.fields': 'cap_reset_day,project_cap,project_usage,daily_project_usage' }),
  };
}
