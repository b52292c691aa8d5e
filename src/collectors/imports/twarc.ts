/**
 * twarc2 JSONL: one X API v2 response page per line (`twarc2 search`), or one tweet per line with
 * its author and referenced posts inline (`twarc2 flatten`). Posts go through the same
 * normalisation as the API collector, so an import and a collection of the same post agree.
 */
import type { Post } from '../../core/post';
import { toPostFromTweet, toPostsFromPage } from '../x/normalise';
import { compareIds, type XSearchPage, type XTweet, type XUser } from '../x/wire';
import type { ImportFormat, ParsedImport, RowProblem } from './types';

export const twarcFormat: ImportFormat = {
  name: 'twarc',
  description: 'twarc2 JSONL: API response pages (twarc2 search) or flattened tweets (twarc2 flatten)',
  extensions: [],
  sniff: (text) => {
    const first = text.replace(/^\uFEFF/, '').trimStart().split('\n', 1)[0] ?? '';
    return first.startsWith('{') && (first.includes('"__twarc"') || (/"data"\s*:\s*\[/.test(first) && first.includes('"edit_history_tweet_ids"')));
  },
  parse: parseTwarc,
};

/** twarc2 flatten puts the author and the whole referenced posts inline. */
type FlatTweet = XTweet & { author?: Partial<XUser> };
type FlatReference = { type: string; id: string; text?: string };

function parseTwarc(text: string): ParsedImport {
  const problems: RowProblem[] = [];
  const latest = new Map<string, { post: Post; versionId: string }>();
  let rowsRead = 0;
  const keep = (post: Post, versionId: string) => {
    rowsRead += 1;
    const seen = latest.get(post.sourceId);
    // The same post in two harvests, or two versions of an edited post: keep the latest version.
    if (!seen || compareIds(versionId, seen.versionId) >= 0) latest.set(post.sourceId, { post, versionId });
  };
  text.replace(/^\uFEFF/, '').split('\n').forEach((content, index) => {
    if (content.trim() === '') return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      problems.push({ line, problem: `not valid JSON: ${(error as Error).message}` });
      return;
    }
    const item = value as Partial<XSearchPage> & Partial<FlatTweet>;
    if (Array.isArray(item.data) || (item.meta && typeof item.meta === 'object')) {
      const page = item as XSearchPage;
      const { posts } = toPostsFromPage(page);
      posts.forEach((post, i) => keep(post, page.data?.[i]?.id ?? post.sourceId));
    } else if (typeof item.id === 'string' && typeof item.text === 'string') {
      const flat = item as FlatTweet;
      const author = flat.author?.id && flat.author.username ? (flat.author as XUser) : undefined;
      const inline = (flat.referenced_tweets ?? []) as readonly FlatReference[];
      const referenced = new Map(inline.filter((r) => typeof r.text === 'string').map((r) => [r.id, r as unknown as XTweet]));
      keep(toPostFromTweet(flat, author, referenced), flat.id);
    } else {
      problems.push({ line, problem: 'neither an X API response page nor a tweet (expected "data" or "id" and "text")' });
    }
  });
  return { format: 'twarc', rowsRead, posts: [...latest.values()].map((v) => v.post), problems };
}
