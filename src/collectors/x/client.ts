/**
 * The twitter-api-v2 client, pointed wherever X_API_BASE_URL says. The library has no base-URL
 * setting and always uses `https.request`, so a documented plugin hook (onBeforeRequestConfig)
 * rewrites every URL, and an `http.Agent` is passed only when the base is `http:` (a local fake):
 * Node takes the protocol from the agent, so the wrong agent breaks the other scheme.
 */
import http from 'node:http';
import { TwitterApi, type ITwitterApiClientPlugin, type TwitterRateLimit } from 'twitter-api-v2';
import type { XConfig, XSearch } from '../../config';
import type { XComplianceJob } from './compliance-results';
import { toTransferTarget } from './urls';
import type { XSearchPage } from './wire';

const X_ORIGIN = /^https:\/\/api\.(?:x|twitter)\.com\//;

export interface XResponse<T> {
  readonly data: T;
  readonly rateLimit: TwitterRateLimit | undefined;
}

export interface XClient {
  fetchSearchPage(endpoint: XSearch, params: Record<string, string>): Promise<XResponse<XSearchPage>>;
  fetchUsage(): Promise<XResponse<unknown>>;
  /** POST /2/compliance/jobs: a new `tweets` batch compliance job. */
  createComplianceJob(name: string): Promise<XResponse<{ data: XComplianceJob }>>;
  fetchComplianceJob(id: string): Promise<XResponse<{ data: XComplianceJob }>>;
  /** GET /2/compliance/jobs?type=tweets: the app's recent tweets jobs. */
  fetchComplianceJobs(): Promise<XResponse<{ data?: XComplianceJob[] }>>;
  /** PUT the ids, one per line, to the job's upload_url (see urls.ts for where it goes and with what). */
  uploadComplianceIds(uploadUrl: string, ids: readonly string[]): Promise<XResponse<unknown>>;
  /** GET the job's download_url: newline-delimited JSON, as text. */
  fetchComplianceResults(downloadUrl: string): Promise<XResponse<string>>;
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
  const toXResponse = <T>(response: { data: T; rateLimit?: TwitterRateLimit }) => ({ data: response.data, rateLimit: response.rateLimit });
  // The same requests twitter-api-v2's sendComplianceJob and complianceJobResult make, one step at a
  // time, so the job id is saved before the upload and polling can be resumed, timed and stopped.
  return {
    fetchSearchPage: (endpoint, params) => get<XSearchPage>(`tweets/search/${endpoint}`, params),
    fetchUsage: () => get<unknown>('usage/tweets', { days: '30', 'usage.fields': 'cap_reset_day,project_cap,project_usage,daily_project_usage' }),
    createComplianceJob: (name) =>
      client.v2.post<{ data: XComplianceJob }>('compliance/jobs', { type: 'tweets', name }, { fullResponse: true, timeout: options.timeoutMs }).then(toXResponse),
    fetchComplianceJob: (id) =>
      client.v2.get<{ data: XComplianceJob }>('compliance/jobs/:id', undefined, { params: { id }, fullResponse: true, timeout: options.timeoutMs }).then(toXResponse),
    fetchComplianceJobs: () =>
      client.v2.get<{ data?: XComplianceJob[] }>('compliance/jobs', { type: 'tweets' }, { fullResponse: true, timeout: options.timeoutMs }).then(toXResponse),
    uploadComplianceIds: (uploadUrl, ids) => {
      const target = toTransferTarget(uploadUrl, base);
      return client.v2
        .put<unknown>(target.url, Buffer.from(ids.join('\n')), {
          prefix: '',
          forceBodyMode: 'raw',
          forceParseMode: 'text',
          enableAuth: target.withToken,
          headers: { 'Content-Type': 'text/plain' },
          fullResponse: true,
          timeout: options.timeoutMs,
        })
        .then(toXResponse);
    },
    fetchComplianceResults: (downloadUrl) => {
      const target = toTransferTarget(downloadUrl, base);
      return client.v2
        .get<string>(target.url, undefined, { prefix: '', forceParseMode: 'text', enableAuth: target.withToken, fullResponse: true, timeout: options.timeoutMs })
        .then(toXResponse);
    },
  };
}
