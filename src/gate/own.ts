/**
 * The organisation's own voice: posts by the campaign's accounts (the Facebook page itself, the X
 * accounts in X_OWN_ACCOUNTS) and retweets of them. They are kept and exported, marked, but are not
 * residents' voices: summaries, reports and the review queue leave them out unless asked. Pure.
 */

export interface OwnAccounts {
  /** X handles, lower-case, without @. */
  readonly xHandles: ReadonlySet<string>;
  /** FB_PAGE_ID: the Page's id or username. */
  readonly facebookPage: string;
}

export interface OwnFacts {
  readonly source: string;
  readonly kind: string;
  /** The thread a comment belongs to: on Facebook the feed post's id, `<page id>_<post id>`. */
  readonly conversationId: string | null;
  readonly authorSourceId: string | null;
  readonly authorHandle: string | null;
  readonly authorName: string | null;
  readonly text: string;
}

const RETWEET_OF = /^RT @([A-Za-z0-9_]{1,30}):/;

export function isOwnPost(post: OwnFacts, own: OwnAccounts): boolean {
  if (post.source === 'x') return isOwnXPost(post, own.xHandles);
  if (post.source === 'facebook') return isPageItself(post, own.facebookPage);
  return false;
}

function isOwnXPost(post: OwnFacts, handles: ReadonlySet<string>): boolean {
  if (post.authorHandle !== null && handles.has(post.authorHandle.toLowerCase())) return true;
  const retweeted = post.kind === 'retweet' ? RETWEET_OF.exec(post.text)?.[1] : undefined;
  return retweeted !== undefined && handles.has(retweeted.toLowerCase());
}

/**
 * The Page posts and comments as itself. Graph feed ids are `<page id>_<post id>`, so the page's
 * numeric id is known from any of its threads even when FB_PAGE_ID is its username.
 */
function isPageItself(post: OwnFacts, page: string): boolean {
  const author = post.authorSourceId;
  if (author === null) return false;
  const threadOwner = post.conversationId?.split('_')[0];
  if (author === threadOwner || author === page) return true;
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return post.authorName !== null && squash(post.authorName) === squash(page);
}
