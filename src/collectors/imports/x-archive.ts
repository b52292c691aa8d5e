/**
 * An X account archive's posts: `data/tweets.js` (`window.YTD.tweets.part0 = [...]`, with
 * `tweets-part1.js` … in large archives), or `data/tweet.js` (`window.YTD.tweet.part0`) in archives
 * from 2019 to 2022. The full text of long posts comes from `note-tweet.js` and the owner from
 * `account.js` when they sit beside it. Keys match the API collector's (the original id of an edited
 * post), so both kinds of row merge. The archive's other files are refused, naming what they are.
 */
import type { AuthorRef, Post } from '../../core/post';
import { X_SOURCE } from '../x/normalise';
import { withoutPlaceholders } from '../x/placeholders';
import { unescapeXText } from '../x/text';
import { compareIds } from '../x/wire';
import { describeOtherArchiveFile, describeUnreadableYtd, POST_FILES, readParts, readYtd, ytdName } from './x-archive-files';
import { matchNotes, toNoteText, type ArchiveNote, type CutPost } from './x-archive-notes';
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
  entities?: { urls?: Array<{ expanded_url?: string }> };
  edit_info?: { initial?: { editTweetIds?: string[] }; edit?: { initialTweetId?: string } };
}

interface Account {
  account?: { accountId?: string; username?: string; accountDisplayName?: string };
}

/** An entry is `{"tweet": {…}}`; archives from 2019 have the tweet itself. */
type Entry = { tweet?: ArchiveTweet } & ArchiveTweet;

export const xArchiveFormat: ImportFormat = {
  name: 'x-archive',
  description: 'X account archive data/tweets.js or tweet.js (note-tweet.js and account.js beside it are read too)',
  ownSource: X_SOURCE,
  extensions: [],
  // Any archive file, so that one that holds no posts is refused by name rather than misread.
  sniff: (text) => ytdName(text) !== undefined,
  parse: parseArchive,
};

function parseArchive(text: string, options: ImportOptions): ParsedImport {
  const file = readYtd<Entry>(text);
  if (!file) return refuse(describeUnreadableYtd(text));
  if (!POST_FILES.has(file.name)) return refuse({ line: 1, problem: describeOtherArchiveFile(file.name) });
  const accountText = options.readBeside?.('account.js');
  const owner = toOwner(readYtd<Account>(accountText ?? '')?.entries[0]);
  const problems: RowProblem[] = [];
  const tweets: Array<{ tweet: ArchiveTweet; id: string }> = [];
  file.entries.forEach((entry, index) => {
    const tweet = entry?.tweet ?? entry;
    const id = tweet?.id_str ?? tweet?.id;
    if (!tweet || typeof id !== 'string' || !/^[1-9]\d{0,19}$/.test(id) || typeof tweet.full_text !== 'string') {
      problems.push({ line: 1, problem: `entry ${index + 1} has no tweet id or full_text` });
    } else tweets.push({ tweet, id });
  });
  const { notes, unreadable } = readNotes(options);
  const matches = matchNotes(tweets.map(toCutPost), notes);
  const latest = new Map<string, { post: Post; versionId: string }>();
  for (const { tweet, id } of tweets) {
    const note = matches.byPost.get(id);
    const post = toPostFromArchive(tweet, id, owner, note);
    const seen = latest.get(post.sourceId);
    // Each version of an edited post is its own entry: keep the latest.
    if (!seen || compareIds(id, seen.versionId) > 0) latest.set(post.sourceId, { post, versionId: id });
  }
  const { posts, withoutText } = withoutPlaceholders([...latest.values()].map((v) => v.post));
  const notesSaid = [
    ...(owner === null ? [describeNoOwner(accountText)] : []),
    ...(unreadable ? [`${unreadable} beside it could not be read: long posts keep their cut text`] : []),
    ...(matches.ambiguous > 0 ? [`${matches.ambiguous} long post${matches.ambiguous === 1 ? ' keeps its' : 's keep their'} cut text: note-tweet.js has more than one full text that could be ${matches.ambiguous === 1 ? 'its' : 'theirs'} (same second, same opening words)`] : []),
  ];
  return { format: 'x-archive', rowsRead: file.entries.length, posts, problems, ...(withoutText ? { withoutText } : {}), ...(notesSaid.length > 0 ? { notes: notesSaid } : {}) };
}

/**
 * Without account.js the posts are stored with no author, so a campaign account's archive cannot be
 * told from a resident's (X_OWN_ACCOUNTS matches handles) and its posts would count as residents' voices.
 */
function describeNoOwner(accountText: string | undefined): string {
  const why = accountText === undefined ? 'account.js is not beside it' : 'account.js beside it could not be read';
  return `${why}, so the posts are stored without their author: if this is one of the campaign's own accounts (X_OWN_ACCOUNTS), they will count as residents' posts. Put the archive's data/account.js beside it and import again to add the author.`;
}

function refuse(fatal: RowProblem): ParsedImport {
  return { format: 'x-archive', rowsRead: 0, posts: [], problems: [], fatal };
}

/** Every note-tweet.js part beside the file; a part that is not an archive file is named, not guessed at. */
function readNotes(options: ImportOptions): { notes: ArchiveNote[]; unreadable?: string } {
  const notes: ArchiveNote[] = [];
  for (const text of readParts(options.readBeside, 'note-tweet')) {
    const part = readYtd<{ noteTweet?: ArchiveNote }>(text);
    if (!part) return { notes, unreadable: 'note-tweet.js' };
    for (const entry of part.entries) if (entry?.noteTweet) notes.push(entry.noteTweet);
  }
  return { notes };
}

function toCutPost({ tweet, id }: { tweet: ArchiveTweet; id: string }): CutPost {
  const self = new RegExp(`/i/web/status/${id}$`);
  return {
    id,
    createdMs: Date.parse(tweet.created_at ?? ''),
    text: tweet.full_text ?? '',
    linksToItself: (tweet.entities?.urls ?? []).some((u) => typeof u?.expanded_url === 'string' && self.test(u.expanded_url)),
  };
}

function toPostFromArchive(tweet: ArchiveTweet, id: string, owner: AuthorRef | null, note: ArchiveNote | undefined): Post {
  const createdMs = Date.parse(tweet.created_at ?? '');
  const written = tweet.full_text ?? '';
  const parent = tweet.in_reply_to_status_id_str ?? null;
  return {
    source: X_SOURCE,
    sourceId: tweet.edit_info?.edit?.initialTweetId ?? tweet.edit_info?.initial?.editTweetIds?.[0] ?? id,
    // The archive's `retweeted` flag is false even for retweets; the text says it.
    kind: written.startsWith('RT @') ? 'retweet' : parent ? 'reply' : tweet.quoted_status_id_str ? 'quote' : 'post',
    createdAt: Number.isNaN(createdMs) ? null : new Date(createdMs).toISOString(),
    author: owner,
    text: note ? toNoteText(toCutPost({ tweet, id }), note) : unescapeXText(written),
    url: owner?.handle ? `https://x.com/${owner.handle}/status/${id}` : `https://x.com/i/status/${id}`,
    lang: tweet.lang ?? null,
    parentSourceId: parent,
    conversationId: null,
    metrics: { like_count: Number(tweet.favorite_count ?? 0), retweet_count: Number(tweet.retweet_count ?? 0) },
    raw: note ? { tweet, noteTweet: note } : { tweet },
    version: id,
  };
}

function toOwner(entry: Account | undefined): AuthorRef | null {
  const account = entry?.account;
  if (!account?.accountId) return null;
  return { sourceAuthorId: account.accountId, handle: account.username ?? null, name: account.accountDisplayName ?? null };
}
