/**
 * The fake X API's search, over a data set in memory: the filtering, paging, field selection and
 * expansions of GET /2/tweets/search/{recent,all}, answered in the real shapes. Pure.
 */
import { compareIds as compare, type XProblem, type XSearchPage, type XTweet, type XUser } from '../collectors/x/wire';

/** The data set the fake serves: the shape of data/sample/x-search.json. */
export interface XDataSet {
  readonly query?: string;
  readonly users: readonly XUser[];
  /** Posts matching the query, newest first. */
  readonly tweets: readonly XTweet[];
  /** Posts that exist but do not match the query (quoted or replied-to posts), for includes.tweets. */
  readonly referencedTweets?: readonly XTweet[];
}

export type SearchAnswer = { readonly status: 200; readonly body: XSearchPage; readonly served: number } | { readonly status: 400; readonly body: unknown; readonly served: 0 };

const DEFAULT_TWEET_FIELDS = ['id', 'text', 'edit_history_tweet_ids'];
const DEFAULT_USER_FIELDS = ['id', 'name', 'username'];
const MAX_RESULTS = { recent: 100, all: 500 } as const;

export class XSearchIndex {
  private tweets: XTweet[] = [];
  private readonly byId = new Map<string, XTweet>();
  private readonly users = new Map<string, XUser>();
  private readonly usersByName = new Map<string, XUser>();

  constructor(data: XDataSet) {
    for (const t of data.referencedTweets ?? []) this.byId.set(t.id, t);
    this.publish(data.tweets, data.users);
  }

  /** New posts (and their authors) arrive, as between two nightly runs. */
  publish(tweets: readonly XTweet[], users: readonly XUser[] = []): void {
    this.tweets = [...this.tweets, ...tweets].sort((a, b) => compare(b.id, a.id));
    for (const t of tweets) this.byId.set(t.id, t);
    for (const u of users) {
      this.users.set(u.id, u);
      this.usersByName.set(u.username.toLowerCase(), u);
    }
  }

  search(endpoint: 'recent' | 'all', query: URLSearchParams): SearchAnswer {
    const invalid = validate(endpoint, query);
    if (invalid) return { status: 400, body: invalid, served: 0 };
    const size = Number(query.get('max_results') ?? '10');
    const matching = firstMatching(this.tweets, filterFor(query), size + 1);
    const page = matching.slice(0, size);
    const more = matching.length > size;
    const oldest = page[page.length - 1];
    if (page.length === 0 || !oldest) return { status: 200, body: { meta: { result_count: 0 } }, served: 0 };
    const tweetFields = fieldList(query.get('tweet.fields'), DEFAULT_TWEET_FIELDS);
    const expansions = new Set(fieldList(query.get('expansions'), []));
    const { users, tweets, errors } = this.expand(page, expansions);
    const userFields = fieldList(query.get('user.fields'), DEFAULT_USER_FIELDS);
    const includes: Record<string, unknown> = {};
    if (users.length > 0) includes.users = users.map((u) => pick(u, [...DEFAULT_USER_FIELDS, ...userFields]));
    if (tweets.length > 0) includes.tweets = tweets.map((t) => pick(t, [...DEFAULT_TWEET_FIELDS, ...tweetFields]));
    const body: Record<string, unknown> = { data: page.map((t) => pick(t, [...DEFAULT_TWEET_FIELDS, ...tweetFields])) };
    if (Object.keys(includes).length > 0) body.includes = includes;
    if (errors.length > 0) body.errors = errors;
    body.meta = { newest_id: page[0]?.id, oldest_id: oldest.id, result_count: page.length, ...(more ? { next_token: toToken(oldest.id) } : {}) };
    return { status: 200, body: body as XSearchPage, served: page.length };
  }

  /** includes.users: authors, then mentioned and replied-to users, each once per page, in order of appearance. */
  private expand(page: readonly XTweet[], expansions: ReadonlySet<string>): { users: XUser[]; tweets: XTweet[]; errors: XProblem[] } {
    const users = new Map<string, XUser>();
    const tweets = new Map<string, XTweet>();
    const errors: XProblem[] = [];
    const addUser = (user: XUser | undefined) => user && !users.has(user.id) && users.set(user.id, user);
    for (const tweet of page) {
      if (expansions.has('author_id')) addUser(this.users.get(tweet.author_id ?? ''));
      if (expansions.has('entities.mentions.username')) for (const m of tweet.entities?.mentions ?? []) addUser(this.usersByName.get(m.username.toLowerCase()));
      if (expansions.has('in_reply_to_user_id') && tweet.in_reply_to_user_id) addUser(this.users.get(tweet.in_reply_to_user_id));
      if (!expansions.has('referenced_tweets.id')) continue;
      for (const ref of tweet.referenced_tweets ?? []) {
        const found = this.byId.get(ref.id);
        if (!found) errors.push(notFound(ref.id));
        else if (!tweets.has(found.id)) tweets.set(found.id, found);
        if (found && expansions.has('referenced_tweets.id.author_id')) addUser(this.users.get(found.author_id ?? ''));
      }
    }
    return { users: [...users.values()], tweets: [...tweets.values()], errors };
  }
}

/** The first `count` tweets (newest first) that pass: a page never needs more than one past its size. */
function firstMatching(tweets: readonly XTweet[], passes: (tweet: XTweet) => boolean, count: number): XTweet[] {
  const out: XTweet[] = [];
  for (const tweet of tweets) {
    if (out.length >= count) break;
    if (passes(tweet)) out.push(tweet);
  }
  return out;
}

function filterFor(query: URLSearchParams): (tweet: XTweet) => boolean {
  const bound = (name: string) => (query.get(name) === null ? undefined : BigInt(query.get(name) ?? '0'));
  const since = bound('since_id');
  const until = bound('until_id');
  const token = query.get('next_token') ?? query.get('pagination_token');
  const below = token ? BigInt(fromToken(token) ?? '0') : undefined;
  const start = query.get('start_time') === null ? undefined : Date.parse(query.get('start_time') ?? '');
  const end = query.get('end_time') === null ? undefined : Date.parse(query.get('end_time') ?? '');
  return (t) => {
    const id = BigInt(t.id);
    const time = start === undefined && end === undefined ? 0 : Date.parse(t.created_at ?? '');
    return (
      (since === undefined || id > since) &&
      (until === undefined || id < until) &&
      (below === undefined || id < below) &&
      (start === undefined || time >= start) &&
      (end === undefined || time < end)
    );
  };
}

function validate(endpoint: 'recent' | 'all', query: URLSearchParams): unknown {
  const size = Number(query.get('max_results') ?? '10');
  const max = MAX_RESULTS[endpoint];
  if (!query.get('query')) return invalidRequest({ query: [''] }, 'The `query` query parameter can not be empty');
  if (!Number.isInteger(size) || size < 10 || size > max) {
    return invalidRequest({ max_results: [String(query.get('max_results'))] }, `The \`max_results\` query parameter value [${query.get('max_results')}] is not between 10 and ${max}`);
  }
  if (query.has('since_id') && query.has('start_time')) return invalidRequest({ since_id: [query.get('since_id') ?? ''] }, 'Only one of since_id and start_time may be given');
  if (query.has('until_id') && query.has('end_time')) return invalidRequest({ until_id: [query.get('until_id') ?? ''] }, 'Only one of until_id and end_time may be given');
  const token = query.get('next_token');
  if (token !== null && fromToken(token) === undefined) return invalidRequest({ next_token: [token] }, `The \`next_token\` query parameter value [${token}] is not valid`);
  return undefined;
}

function invalidRequest(parameters: Record<string, string[]>, message: string): unknown {
  return {
    errors: [{ parameters, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  };
}

function notFound(id: string): XProblem {
  return {
    value: id,
    detail: `Could not find tweet with referenced_tweets.id: [${id}].`,
    title: 'Not Found Error',
    resource_type: 'tweet',
    parameter: 'referenced_tweets.id',
    resource_id: id,
    type: 'https://api.twitter.com/2/problems/resource-not-found',
  };
}

/**
 * Paging that never ends, for the collector's loop guard. Each applies to requests that carry a
 * next_token, so the first page is always real:
 * - `repeat-token`: the token's page, with the same next_token the request sent (forever);
 * - `stale-pages`: the token's page again under a new next_token each time (nothing new);
 * - `empty-pages`: no posts, and a new next_token each time, as full-archive search sometimes
 *   does a few times in a row.
 */
export type XPagingFault = 'repeat-token' | 'stale-pages' | 'empty-pages';

/** The answer as a misbehaving X would give it. Pure: the new token is the old one spelled longer. */
export function withPagingFault(fault: XPagingFault | null, query: URLSearchParams, answer: SearchAnswer): SearchAnswer {
  const sent = query.get('next_token');
  if (!fault || !sent || answer.status !== 200) return answer;
  // A leading zero does not change where the token points, so each respelling is a fresh token for the same place.
  const respelled = `t0${sent.slice(1)}`;
  if (fault === 'empty-pages') return { status: 200, body: { meta: { result_count: 0, next_token: respelled } }, served: 0 };
  const meta = { ...(answer.body.meta ?? { result_count: 0 }), next_token: fault === 'repeat-token' ? sent : respelled };
  return { ...answer, body: { ...answer.body, meta } };
}

/** Opaque to clients, like X's; it encodes where the next page starts, so it never expires. */
function toToken(oldestId: string): string {
  return `t${BigInt(oldestId).toString(32)}`;
}

function fromToken(token: string): string | undefined {
  if (!/^t[0-9a-v]+$/.test(token)) return undefined;
  let value = 0n;
  for (const ch of token.slice(1)) value = value * 32n + BigInt(parseInt(ch, 32));
  return value.toString();
}

function fieldList(raw: string | null, defaults: readonly string[]): string[] {
  return raw ? raw.split(',').filter(Boolean) : [...defaults];
}

function pick<T extends object>(item: T, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (field in item) out[field] = (item as Record<string, unknown>)[field];
  return out as T;
}
