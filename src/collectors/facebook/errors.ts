/** Graph API errors, classified (pure) and turned into messages a user can act on. */
import { UpstreamError } from '../../errors';
import type { GraphErrorBody } from './wire';

export type GraphFailureKind = 'token' | 'rate-limit' | 'transient' | 'permission' | 'unknown-page' | 'other';

export interface GraphFailure {
  readonly kind: GraphFailureKind;
  readonly status: number;
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly message: string;
  readonly traceId: string | undefined;
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001]);
const TOKEN_SUBCODES: Readonly<Record<number, string>> = {
  458: 'the app is not installed',
  459: 'the user is checkpointed',
  460: 'the password was changed or the session was invalidated',
  463: 'the token has expired',
  464: 'the user is unconfirmed',
  467: 'the token is invalid',
  492: 'the session is invalid',
};

export function classifyGraphError(status: number, body: GraphErrorBody | undefined): GraphFailure {
  const error = body?.error;
  const code = error?.code;
  const failure = (kind: GraphFailureKind): GraphFailure => ({
    kind,
    status,
    code,
    subcode: error?.error_subcode,
    message: error?.message ?? `HTTP ${status}`,
    traceId: error?.fbtrace_id,
  });
  if (code === 190 || code === 102) return failure('token');
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) return failure('rate-limit');
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) return failure('permission');
  if (code === 100 && error?.error_subcode === 33) return failure('unknown-page');
  if (code === 1 || code === 2 || error?.is_transient === true || status >= 500 || status === 429) return failure('transient');
  return failure('other');
}

const TOKEN_HOWTO = [
  'Get a new long-lived Page token (see "Collecting from Facebook" in the README):',
  '1) in the Graph API Explorer, pick your app and get a User token with pages_read_engagement and pages_read_user_content;',
  '2) exchange it for a long-lived user token (GET /oauth/access_token?grant_type=fb_exchange_token&client_id=APP_ID&client_secret=APP_SECRET&fb_exchange_token=USER_TOKEN);',
  '3) GET /me/accounts with that token and copy the Page\'s access_token into FB_PAGE_TOKEN.',
  'Everything collected so far is saved; the next run carries on.',
].join(' ');

const PERMISSIONS_HINT =
  'The Page token needs pages_read_engagement and pages_read_user_content, and its user must be able to moderate or create content on the Page. Get a new Page token with both permissions (see the README), then run again; what was collected is saved.';

/** The error the collect command reports: exit 3 for all of these. */
export function toCollectError(failure: GraphFailure, pageId: string): UpstreamError {
  const trace = failure.traceId ? ` (fbtrace_id ${failure.traceId})` : '';
  const codes = `code ${failure.code ?? '?'}${failure.subcode === undefined ? '' : `/${failure.subcode}`}`;
  switch (failure.kind) {
    case 'token': {
      const why = (failure.subcode !== undefined && TOKEN_SUBCODES[failure.subcode]) || 'the token was rejected';
      return new UpstreamError(`Facebook refused the Page access token: ${why} (${codes}): ${failure.message}${trace}`, TOKEN_HOWTO);
    }
    case 'permission':
      return new UpstreamError(`Facebook refused for lack of permission (${codes}): ${failure.message}${trace}`, PERMISSIONS_HINT);
    case 'unknown-page':
      return new UpstreamError(
        `Facebook has no Page "${pageId}" that this token can read (${codes}): ${failure.message}${trace}`,
        `Tried FB_PAGE_ID=${pageId}. Check the Page's id or username (Page → About → Page transparency shows the id), and that the token is that Page's token.`,
      );
    case 'rate-limit':
      return new UpstreamError(`Facebook rate limit (${codes}): ${failure.message}${trace}`, 'Progress is saved; run again later or raise --max-wait.');
    case 'transient':
      return new UpstreamError(`the Graph API kept failing (${codes}, HTTP ${failure.status}): ${failure.message}${trace}`, 'Progress is saved; run again later.');
    default:
      return new UpstreamError(`the Graph API refused the request (${codes}, HTTP ${failure.status}): ${failure.message}${trace}`, 'Check FB_GRAPH_VERSION and FB_PAGE_ID; if it persists, please report it with the fbtrace_id.');
  }
}
