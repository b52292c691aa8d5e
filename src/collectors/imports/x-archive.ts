/**
 * An X account archive's `data/tweets.js` (`window.YTD.tweets.part0 = [...]`), with the full text of
 * long posts from `note-tweet.js` and the owner from `account.js` when they sit beside it. Keys
 * match the API collector's (the original id of an edited post), so both kinds of row merge.
 */
import type { AuthorRef, Post } from '../../core/post';
import { X_SOURCE } from '../x/normalise';
import { compareIds } from '../x/wire';
import type { ImportFormat, ImportOptions, ParsedImport, RowProblem } from './types';

interface ArchiveTweet {
  id_str?: string;
  id?: string;
  full_text?: string;
  created_at?: string;
  lang?: string;
  favorite_count?: string;
  retweet_count?: string;
  in_reply_to_status_id_str?: string;
  quoted_status_id_str?: string;
  edit_info?: { initial?: { editTweetIds?: string[] }; edit?: { initialTweetId?: string } };
}

interface NoteTweet {
  noteTweet?: { createdAt?: string; core?: { text?: string } };
}

interface Account {
  account?: { accountId?: string; username?: string; accountDisplayName?: string };
}

const YTD = /^\s*window\.YTD\.(\w+)\.part\d+\s*=/;

export const xArchiveFormat: ImportFormat = {
  name: 'x-archive',
  description: 'X account archive data/tweets.js (note-tweet.js and account.js beside it are read too)',
  extensions: [],
  sniff: (text) => YTD.exec(text.replace(/^\uFEFF/, ''))?.[1] === 'tweets',
  parse: parseArchive,
};

function parseArchive(text: string, options: ImportOptions): ParsedImport {
  const entries = readYtd<{ tweet?: ArchiveTweet }>(text);
  if (!entries) return { format: 'x-archive', rowsRead: 0, posts: [], problems: [], fatal: { line: 1, problem: 'not an X archive tweets file: expected window.YTD.tweets.part0 = [ … ]' } };
  const notes = readYtd<NoteTweet>(options.readBeside?.('note-tweet.js') ?? '') ?? [];
  const owner = toOwner(readYtd<Account>(options.readBeside?.('account.js') ?? '')?.[0]);
  const problems: RowProblem[] = [];
  const latest = new Map<string, { post: Post; versionId: string }>();
  entries.forEach((entry, index) => {
    const tweet = entry.tweet;
    const id = tweet?.id_str ?? tweet?.id;
    if (!tweet || !id || typeof tweet.full_text !== 'string') {
      problems.push({ line: 1, problem: `entry ${index + 1} has no tweet id or full_text` });
      return;
    }
    const post = toPostFromArchive(tweet, id, owner, notes);
    const seen = latest.get(post.sourceId);
    // Each version of an edited post is its own entry: keep the latest.
    if (!seen || compareIds(id, seen.versionId) > 0) latest.set(post.sourceId, { post, versionId: id });
  });
  return { format: 'x-archive', rowsRead: entries.length, posts: [...latest.values()].map((v) => v.post), problems };
}

function toPostFromArchive(tweet: ArchiveTweet, id: string, owner: AuthorRef | null, notes: readonly NoteTweet[]): Post {
  const createdMs = Date.parse(tweet.created_at ?? '');
  const createdAt = Number.isNaN(createdMs) ? null : new Date(createdMs).toISOString();
  const text = tweet.full_text ?? '';
  const parent = tweet.in_reply_to_status_id_str ?? null;
  // A note has no tweet id: its creation time is the only link, and only an unambiguous one counts.
  const matchingNotes = createdAt ? notes.filter((n) => n.noteTweet?.createdAt && Date.parse(n.noteTweet.createdAt) === createdMs) : [];
  const note = matchingNotes.length === 1 ? matchingNotes[0] : undefined;
  return {
    source: X_SOURCE,
    sourceId: tweet.edit_info?.edit?.initialTweetId ?? tweet.edit_info?.initial?.editTweetIds?.[0] ?? id,
    // The archive's `retweeted` flag is false even for retweets; the text says it.
    kind: text.startsWith('RT @') ? 'retweet' : parent ? 'reply' : tweet.quoted_status_id_str ? 'quote' : 'post',
    createdAt,
    author: owner,
    text: note?.noteTweet?.core?.text ?? text,
    url: owner?.handle ? `https://x.com/${owner.handle}/status/${id}` : `https://x.com/i/status/${id}`,
    lang: tweet.lang ?? null,
    parentSourceId: parent,
    conversationId: null,
    metrics: { like_count: Number(tweet.favorite_count ?? 0), retweet_count: Number(tweet.retweet_count ?? 0) },
    raw: note ? { tweet, noteTweet: note.noteTweet } : { tweet },
  };
}

function toOwner(entry: Account | undefined): AuthorRef | null {
  const account = entry?.account;
  if (!account?.accountId) return null;
  return { sourceAuthorId: account.accountId, handle: account.username ?? null, name: account.accountDisplayName ?? null };
}

/** `window.YTD.<name>.partN = [ … ];` → the array, or undefined when the text is not one. */
function readYtd<T>(text: string): T[] | undefined {
  const body = text.replace(/^\uFEFF/, '');
  const match = YTD.exec(body);
  if (!match) return undefined;
  try {
    const value = JSON.parse(body.slice(match[0].length).trim().replace(/;\s*$/, '')) as unknown;
    return Array.isArray(value) ? (value as T[]) : undefined;
  } catch {
    return undefined;
  }
}
