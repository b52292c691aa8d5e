/**
 * What one line of a twarc2 file is. twarc2 writes every command's API responses the same way (one
 * JSON response per line, `__twarc` added), so a file of counts, profiles or lists looks like a file of
 * posts until the objects in `data` are read. Pure.
 */
import type { XSearchPage, XTweet, XUser } from '../x/wire';

/** twarc2 flatten puts the author and the whole referenced posts inline. */
export type FlatTweet = XTweet & { author?: Partial<XUser> };

/** twarc2 outputs that hold no posts, by what they hold. */
export type NotPosts = 'counts' | 'users' | 'lists' | 'places' | 'compliance results' | 'compliance jobs';

export type TwarcLine =
  | { readonly kind: 'page'; readonly page: XSearchPage }
  | { readonly kind: 'tweet'; readonly tweet: FlatTweet }
  /** A page with no results, a stream keep-alive, or a response holding only API errors (a stream disconnect). */
  | { readonly kind: 'nothing'; readonly errors: boolean }
  | { readonly kind: 'not-posts'; readonly what: NotPosts }
  | { readonly kind: 'unknown'; readonly problem: string };

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

export function classifyTwarcLine(value: unknown): TwarcLine {
  if (typeof value === 'string') return { kind: 'nothing', errors: false };
  if (!isObject(value)) return { kind: 'unknown', problem: 'expected a JSON object (an X API response or a tweet)' };
  const data = value.data;
  // `twarc2 stream` and single lookups (`twarc2 tweet`) write one object in `data`, not a list.
  const items = Array.isArray(data) ? data : isObject(data) ? [data] : undefined;
  if (items) {
    const what = notPostsIn(items);
    if (what) return { kind: 'not-posts', what };
    if (items.every((t) => isObject(t) && typeof t.id === 'string' && typeof t.text === 'string')) {
      return { kind: 'page', page: { ...(value as XSearchPage), data: items as XTweet[] } };
    }
    return { kind: 'unknown', problem: 'an X API response whose "data" holds neither posts nor anything else twarc2 writes' };
  }
  if (typeof value.id === 'string' && typeof value.text === 'string') return { kind: 'tweet', tweet: value as FlatTweet };
  if (isComplianceResult(value)) return { kind: 'not-posts', what: 'compliance results' };
  if (isObject(value.meta) || Array.isArray(value.errors)) return { kind: 'nothing', errors: !isObject(value.meta) };
  return { kind: 'unknown', problem: 'neither an X API response nor a tweet (expected "data", or "id" and "text")' };
}

/** The kind of non-post objects in `data`, told apart by fields each always has. */
function notPostsIn(items: readonly unknown[]): NotPosts | undefined {
  const first = items.find(isObject);
  if (!first || typeof first.text === 'string') return undefined;
  if ('tweet_count' in first && 'start' in first) return 'counts';
  if (typeof first.username === 'string') return 'users';
  if (typeof first.upload_url === 'string' || typeof first.download_url === 'string') return 'compliance jobs';
  if (typeof first.full_name === 'string' && ('place_type' in first || 'country_code' in first)) return 'places';
  if (typeof first.name === 'string') return 'lists';
  return undefined;
}

/** A line of a batch compliance job's results: `{"id","action","created_at","redacted_at","reason"}`. */
export function isComplianceResult(value: Obj): boolean {
  return typeof value.id === 'string' && typeof value.action === 'string' && ('reason' in value || 'redacted_at' in value) && !('text' in value);
}

const NAMES: Readonly<Record<NotPosts, string>> = {
  counts: 'a twarc2 counts file',
  users: 'a twarc2 users file',
  lists: 'a twarc2 lists file',
  places: 'a twarc2 places file',
  'compliance results': 'an X compliance results file',
  'compliance jobs': 'a list of X compliance jobs',
};

const WHAT_INSTEAD: Readonly<Record<NotPosts, string>> = {
  counts: 'it holds how many posts matched per period; run twarc2 search with the same query for the posts',
  users: "it holds profiles (twarc2 users, followers, following, liking-users or retweeted-by); for an account's posts run twarc2 timeline",
  lists: "it holds lists (twarc2 lists owned, followed, memberships or lookup); for a list's posts run twarc2 lists tweets",
  places: 'it holds places (twarc2 places); for posts run twarc2 search',
  'compliance results': 'it lists posts or accounts X reports deleted, protected, suspended or deactivated; `onevision compliance` fetches and applies these itself',
  'compliance jobs': '`onevision compliance` runs the jobs itself',
};

/** A line that is not posts, in a file that also has posts. */
export function describeNotPostsLine(what: NotPosts): string {
  return `${NAMES[what].replace(/ file$/, ' response')}, not posts`;
}

/** What the whole file is, for a refusal: "this is a twarc2 counts file, not posts: …". */
export function describeNotPosts(what: NotPosts): string {
  return `this is ${NAMES[what]}, not posts: ${WHAT_INSTEAD[what]}`;
}
