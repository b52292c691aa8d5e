/**
 * What a failed X request means for the run. Pure: takes what twitter-api-v2 threw, returns a
 * decision. twitter-api-v2 never retries, so every case is decided here.
 */
import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { UpstreamError } from '../../errors';

export const PORTAL = 'https://developer.x.com/en/portal/dashboard';

/** X refused the request itself (400): a bad query or window, or a next_token it no longer accepts. */
export class XRequestRefused extends UpstreamError {}

export type Failure =
  /** Rate limited: wait until `resetAt` (epoch ms; undefined when the response did not say). */
  | { readonly kind: 'rate-limit'; readonly resetAt: number | undefined }
  /** Worth trying again soon: 5xx, timeouts, dropped connections, truncated or unparseable bodies. */
  | { readonly kind: 'transient'; readonly reason: string }
  /** Ends the X part of the run at once. */
  | { readonly kind: 'fatal'; readonly error: UpstreamError };

/** `command` is the one to run again once the problem is fixed (collect, compliance); hints name it. */
export function classifyFailure(error: unknown, endpoint: string, command: string): Failure {
  if (error instanceof ApiResponseError) return classifyResponse(error, endpoint, command);
  if (error instanceof ApiPartialResponseError) return { kind: 'transient', reason: describePartial(error) };
  if (error instanceof ApiRequestError) return { kind: 'transient', reason: `network error: ${describeRequestError(error)}` };
  throw error;
}

function classifyResponse(error: ApiResponseError, endpoint: string, command: string): Failure {
  const body = (typeof error.data === 'object' && error.data !== null ? error.data : {}) as { title?: string; detail?: string; type?: string; reason?: string };
  const problem = `${body.title ?? `HTTP ${error.code}`}${body.detail && body.detail !== body.title ? `: ${body.detail}` : ''}`;
  if (isUsageCapped(error.code, body)) {
    return fatal(`X usage cap reached (${problem}); stopped at once, progress is saved`, 'Collection carries on when the cap resets (see `onevision status` for the cap reset day), or raise the cap in the developer portal.');
  }
  if (isCreditsDepleted(error.code, body)) {
    return fatal(`X credits are used up (${problem}); stopped at once, progress is saved`, `Buy credits or raise the spending limit in the developer portal (${PORTAL}), then run \`onevision ${command}\` again.`);
  }
  if (error.code === 429 || error.code === 420) {
    const reset = error.rateLimit?.reset;
    return { kind: 'rate-limit', resetAt: reset ? reset * 1000 : undefined };
  }
  if (error.code === 401) {
    return fatal(`X rejected X_BEARER_TOKEN (401 ${problem})`, `Get a new app-only bearer token: ${PORTAL} → your project's app → Keys and tokens → Bearer Token (Regenerate), and set X_BEARER_TOKEN.`);
  }
  if (error.code === 403) {
    return fatal(
      `X_BEARER_TOKEN may not use ${endpoint} (403 ${problem})`,
      `The token's app must belong to a project with access to this endpoint (full-archive search needs pay-per-use or Enterprise). Check ${PORTAL}, or use X_SEARCH=recent.`,
    );
  }
  if (error.code >= 500) return { kind: 'transient', reason: `${error.code} ${problem}` };
  const detail = (error.data as { errors?: Array<{ message?: string }> } | undefined)?.errors?.[0]?.message;
  return { kind: 'fatal', error: new XRequestRefused(`X refused the request to ${endpoint} (${error.code} ${detail ?? problem})`, 'Check X_QUERY and the --since/--until window.') };
}

/** The body's type URL is matched on its suffix: real responses say api.twitter.com, the docs api.x.com. */
function isUsageCapped(code: number, body: { title?: string; type?: string }): boolean {
  return code === 429 && (body.title === 'UsageCapExceeded' || Boolean(body.type?.endsWith('/usage-capped')));
}

function isCreditsDepleted(code: number, body: { title?: string; detail?: string; type?: string }): boolean {
  return code === 402 || Boolean(body.type?.endsWith('/credits-depleted'));
}

/**
 * twitter-api-v2 (1.29) keeps the cause under `error` but its `requestError` getter reads another key,
 * so it is undefined for every network error (reset, refused, timeout); both are read here.
 */
function describeRequestError(error: ApiRequestError): string {
  const options = (error as unknown as { _options?: { error?: unknown } })._options;
  const cause = (error.requestError ?? options?.error) as { message?: unknown; code?: unknown } | undefined;
  const message = typeof cause?.message === 'string' ? cause.message : error.message;
  return typeof cause?.code === 'string' ? `${message} (${cause.code})` : message;
}

function describePartial(error: ApiPartialResponseError): string {
  return error.message.includes('abruptly closed') ? 'connection dropped mid-response' : 'unreadable response body';
}

function fatal(message: string, hint: string): Failure {
  return { kind: 'fatal', error: new UpstreamError(message, hint) };
}
