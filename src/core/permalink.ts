/**
 * A post's address on its platform, as people copy it from the browser, to what identifies the post
 * in the store. Pure. The stored `url` is tried first (src/cli/commands/post-ref.ts); this is for
 * the addresses that differ from it (twitter.com for x.com, a query string, a photo suffix).
 */

/** What an address says about a post: its whole source id, or (Facebook) the id it ends with. */
export interface PermalinkTarget {
  readonly source: 'x' | 'facebook';
  /** X: the status id, which is the stored source id. */
  readonly sourceId?: string;
  /** Facebook: the post's, comment's or reply's own id; stored ids are `<page or post id>_<this>`. */
  readonly idSuffix?: string;
}

const X_HOSTS = /^(?:www\.|mobile\.)?(?:x|twitter)\.com$/i;
const X_STATUS_PATH = /^\/(?:[^/]+|i\/web)\/status(?:es)?\/(\d{1,20})(?:\/|$)/i;
const FACEBOOK_HOSTS = /^(?:www\.|m\.|mobile\.|web\.)?facebook\.com$/i;
const FACEBOOK_POST_PATH = /\/(?:posts|videos|photos)\/(?:[^/]+\/)?(\d{1,25})\/?$/;
const NUMERIC_ID = /^\d{1,25}$/;

export function looksLikeUrl(text: string): boolean {
  return /^https?:\/\//i.test(text.trim());
}

export function parsePermalink(text: string): PermalinkTarget | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (X_HOSTS.test(url.hostname)) {
    const id = X_STATUS_PATH.exec(url.pathname)?.[1];
    return id === undefined ? undefined : { source: 'x', sourceId: id };
  }
  if (FACEBOOK_HOSTS.test(url.hostname)) {
    const id = facebookId(url);
    return id === undefined ? undefined : { source: 'facebook', idSuffix: id };
  }
  return undefined;
}

/** The most specific id in a Facebook address: a reply's, else a comment's, else the post's. */
function facebookId(url: URL): string | undefined {
  const q = url.searchParams;
  const candidates = [q.get('reply_comment_id'), q.get('comment_id'), q.get('story_fbid'), q.get('fbid'), FACEBOOK_POST_PATH.exec(url.pathname)?.[1]];
  return candidates.find((id): id is string => typeof id === 'string' && NUMERIC_ID.test(id));
}
