/**
 * twarc2 JSONL: one X API v2 response per line (`twarc2 search`, `timeline`, `stream`, `filter`), or one
 * tweet per line with its author and referenced posts inline (`twarc2 flatten`), or bare v2 tweets one
 * per line (`jq -c '.data[]'` of saved responses); or the same responses and tweets pretty-printed
 * (twarc-values.ts). Posts go through the
 * same normalisation as the API collector, so an import and a collection of the same post agree. Files
 * of other twarc2 commands (counts, users, lists…) are refused, naming what they are.
 */
import type { Post } from '../../core/post';
import { toPostFromTweet, toPostsFromPage, X_SOURCE } from '../x/normalise';
import { withoutPlaceholders } from '../x/placeholders';
import { compareIds, type XTweet, type XUser } from '../x/wire';
import { classifyTwarcLine, describeNotPosts, describeNotPostsLine, isComplianceResult, type FlatTweet, type NotPosts } from './twarc-lines';
import { looksLikeV2Document, readTwarcValues, V2_TWEET_FIELDS } from './twarc-values';
import type { ImportFormat, ParsedImport, RowProblem } from './types';
import { plural } from '../../core/words';

export const twarcFormat: ImportFormat = {
  name: 'twarc',
  description: 'twarc2 JSONL: API responses (twarc2 search, timeline, stream) or flattened tweets (twarc2 flatten); saved v2 responses, pretty-printed or not',
  ownSource: X_SOURCE,
  extensions: [],
  sniff: looksLikeTwarc,
  parse: parseTwarc,
};

function looksLikeTwarc(text: string): boolean {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (looksLikeV2Document(body)) return true;
  const first = body.split('\n', 1)[0] ?? '';
  if (!first.startsWith('{')) return false;
  if (first.includes('"__twarc"')) return true;
  // An X API v2 response saved by other means: `data` with what only X's responses carry beside it.
  if (/"data"\s*:\s*[[{]/.test(first) && /"(?:includes|meta|matching_rules|edit_history_tweet_ids)"\s*:/.test(first)) return true;
  // Bare v2 tweets, one a line (`jq -c '.data[]'`): a text beside fields only X's tweets have. Read as
  // the plain NDJSON import, they were stored as survey answers.
  if (/"text"\s*:/.test(first) && V2_TWEET_FIELDS.test(first)) return true;
  try {
    const value = JSON.parse(first) as unknown;
    return typeof value === 'object' && value !== null && isComplianceResult(value as Record<string, unknown>);
  } catch {
    return false;
  }
}

type FlatReference = { type: string; id: string; text?: string };

function parseTwarc(text: string): ParsedImport {
  const problems: RowProblem[] = [];
  const latest = new Map<string, { post: Post; versionId: string }>();
  const notPosts: Array<{ line: number; what: NotPosts }> = [];
  let rowsRead = 0;
  let errorLines = 0;
  const keep = (post: Post, versionId: string) => {
    rowsRead += 1;
    const seen = latest.get(post.sourceId);
    // The same post in two harvests, or two versions of an edited post: keep the latest version.
    if (!seen || compareIds(versionId, seen.versionId) >= 0) latest.set(post.sourceId, { post, versionId });
  };
  const body = text.replace(/^\uFEFF/, '');
  const { values, fatal } = readTwarcValues(body);
  if (fatal) return { format: 'twarc', rowsRead: 0, posts: [], problems: [], fatal };
  for (const read of values) {
    const { line } = read;
    if ('problem' in read) {
      problems.push({ line, problem: read.problem });
      continue;
    }
    const item = classifyTwarcLine(read.value);
    if (item.kind === 'page') {
      const { posts } = toPostsFromPage(item.page);
      posts.forEach((post, i) => keep(post, item.page.data?.[i]?.id ?? post.sourceId));
    } else if (item.kind === 'tweet') keep(toPostFromFlat(item.tweet), item.tweet.id);
    else if (item.kind === 'nothing') errorLines += item.errors ? 1 : 0;
    else if (item.kind === 'not-posts') {
      notPosts.push({ line, what: item.what });
      problems.push({ line, problem: describeNotPostsLine(item.what) });
    } else problems.push({ line, problem: item.problem });
  }
  const [first] = notPosts;
  if (latest.size === 0 && first) return { format: 'twarc', rowsRead: 0, posts: [], problems: [], fatal: { line: first.line, problem: describeNotPosts(first.what) } };
  const { posts, withoutText } = withoutPlaceholders([...latest.values()].map((v) => v.post));
  const notes = errorLines > 0 ? [`skipped ${plural(errorLines, 'line')} holding only X API errors (a stream disconnect, say)`] : undefined;
  return { format: 'twarc', rowsRead, posts, problems, ...(withoutText ? { withoutText } : {}), ...(notes ? { notes } : {}) };
}

function toPostFromFlat(flat: FlatTweet): Post {
  const author = flat.author?.id && flat.author.username ? (flat.author as XUser) : undefined;
  const inline = (flat.referenced_tweets ?? []) as readonly FlatReference[];
  const referenced = new Map(inline.filter((r) => typeof r.text === 'string').map((r) => [r.id, r as unknown as XTweet]));
  return toPostFromTweet(flat, author, referenced);
}
