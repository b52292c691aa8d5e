/**
 * Finding links, and telling the profile links among them. A link starts with http(s):// or www., or
 * is a bare x.com / twitter.com / facebook.com / fb.com / instagram.com / tiktok.com address with a path
 * ("x.com/jenny_p99"; "x.com" alone is not a link). Trailing punctuation and an unbalanced closing
 * bracket are not part of it. It is a profile link when it names an account: the first path segment
 * on x.com or twitter.com (any of www., mobile., m.; old links put it after a hash-bang) when that is
 * a handle and not a site path (x.com/jenny_p99/status/1 is a profile link, x.com/hashtag/kernow is
 * not); a first segment on facebook.com or instagram.com that is not a site path; any `/@name`
 * segment (tiktok, youtube, threads, medium); an X link whose query names an account (intent links:
 * `twitter.com/intent/user?screen_name=jenny_p99`, `?user_id=`). X's other front ends (nitter, the
 * embed fixers) are X; a host is read without a login part, port or trailing dot (`user:pw@x.com.`). A
 * Facebook link whose query gives an `id` names that account; so do other sites' profile paths
 * (reddit's `/user/`, LinkedIn's `/in/`, `t.me/`, Snapchat's `/add/`, Bluesky's `/profile/`). Any
 * other link with a known person's distinctive handle as a path segment or query value
 * (`nitter.example/jenny_p99`, `?ref=jenny_p99`) names them too. Pure.
 */

import type { Index } from './people';
import { span, type IdentifierSpan } from './spans';

/** A cheap first look: most posts hold no link, and the full pattern is costly to try everywhere. */
const MAY_HOLD_LINK = /:\/\/|www\.|\.com\//i;
const URL_CHAR = "[\\p{L}\\p{N}\\-._~:/?#\\[\\]@!$&'()*+,;=%]";
const NOT_BEFORE_BARE = '(?<![\\p{L}\\p{N}_.@/-])';
const LINK = new RegExp(
  `https?://${URL_CHAR}+|${NOT_BEFORE_BARE}(?:www\\.(?=[\\p{L}\\p{N}])|(?:(?:mobile|m)\\.)?(?:(?:x|twitter|facebook|instagram|tiktok)\\.com|fb\\.com)/(?=[\\p{L}\\p{N}_@]))${URL_CHAR}*`,
  'giu',
);
/** An account named in an X link's query (intent and follow links): the handle, or the numeric id. */
const ACCOUNT_QUERY = /[?&](screen_name|user_id)=(\w{1,30})/i;
const X_HOSTS = new Set(['x.com', 'twitter.com', 'nitter.net', 'xcancel.com', 'vxtwitter.com', 'fxtwitter.com', 'fixupx.com', 'fixvx.com', 'twittpr.com']);
const PROFILE_HOSTS = new Set(['facebook.com', 'fb.com', 'instagram.com']);
/** A Facebook link's query naming an account by number (`story.php?story_fbid=1&id=100012345678`). */
const FACEBOOK_ACCOUNT_QUERY = /[?&]id=(\d{5,})/i;
/** Other sites' profile paths: the host, and the path that names an account on it. */
const PROFILE_PATHS: ReadonlyArray<readonly [host: RegExp, path: RegExp]> = [
  [/^(?:old\.)?reddit\.com$/, /^\/(?:u|user)\/[\w-]+/i],
  [/^(?:[a-z]{2}\.)?linkedin\.com$/, /^\/in\/[^/?#]+/i],
  [/^(?:t\.me|telegram\.me|m\.me|wa\.me|twitch\.tv|pinterest\.(?:com|co\.uk))$/, /^\/[\w.-]+/],
  [/^snapchat\.com$/, /^\/add\/[\w.-]+/i],
  [/^bsky\.app$/, /^\/profile\/[^/?#]+/i],
  [/^threads\.net$/, /^\/@?[\w.]+/],
  [/^fb\.me$/, /^\/[\w.]+/],
  [/^instagram\.com$/, /^\/stories\/[\w.]+/i],
  // X's link to an account by its number.
  [/^(?:x|twitter)\.com$/, /^\/i\/user\/\d+/i],
];
const SITE_PATHS = new Set(
  `i home search hashtag explore intent share settings notifications messages login logout signup tos privacy about
  download compose account groups events watch photo photo.php photos story.php permalink.php sharer sharer.php reel
  reels marketplace gaming pages notes ads business help policies p tv accounts direct stories legal`.split(/\s+/),
);

export function findLinks(text: string, index: Index, found: IdentifierSpan[]): void {
  if (!MAY_HOLD_LINK.test(text)) return;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    const end = start + toTrimmedUrl(match[0]).length;
    const url = text.slice(start, end);
    // Old links put the path after a hash-bang: twitter.com/#!/jenny_p99.
    const [, host = '', path = ''] = /^(?:https?:\/\/)?([^/?#]*)([^?#]*)/i.exec(url.replace('/#!/', '/')) ?? [];
    const site = toSite(host);
    const segment = path.split('/')[1] ?? '';
    const isSitePath = SITE_PATHS.has(segment.toLowerCase());
    const queried = X_HOSTS.has(site) ? ACCOUNT_QUERY.exec(url) : null;
    if (queried) {
      const handle = queried[1]?.toLowerCase() === 'screen_name' ? (queried[2] ?? '') : undefined;
      const person = handle === undefined ? undefined : index.byHandle.get(handle.toLowerCase());
      found.push(span(text, start, end, 'profile-link', handle === undefined ? {} : person ? { handle, person } : { handle }));
    } else if (/^@[\w.]+$/.test(segment)) {
      found.push(span(text, start, end, 'profile-link', { handle: segment.slice(1) }));
    } else if (X_HOSTS.has(site) && /^\w{1,30}$/.test(segment) && !isSitePath) {
      const person = index.byHandle.get(segment.toLowerCase());
      found.push(span(text, start, end, 'profile-link', person ? { handle: segment, person } : { handle: segment }));
    } else if (PROFILE_HOSTS.has(site) && (/^[\w.]+$/.test(segment) || segment === 'profile.php') && !isSitePath) {
      found.push(span(text, start, end, 'profile-link', segment === 'profile.php' ? {} : { handle: segment }));
    } else if ((PROFILE_HOSTS.has(site) && FACEBOOK_ACCOUNT_QUERY.test(url)) || PROFILE_PATHS.some(([h, p]) => h.test(site) && p.test(path))) {
      found.push(span(text, start, end, 'profile-link'));
    } else {
      const person = knownHandleIn(url, index);
      found.push(span(text, start, end, person ? 'profile-link' : 'link', person ?? {}));
    }
  }
}

/** The host as a site: lower case, without a login part, port, trailing dot or www./mobile./m. */
function toSite(host: string): string {
  const site = host.toLowerCase().replace(/^[^@]*@/, '').replace(/:\d*$/, '').replace(/\.+$/, '').replace(/^(?:www|mobile|m)\./, '');
  // nitter runs under many hosts: nitter.net, nitter.poast.org, nitter.privacydev.net.
  return site.startsWith('nitter.') ? 'nitter.net' : site;
}

/**
 * A known person whose distinctive handle is a whole path segment or query value of the link (read
 * percent-decoded: `x.com/%6Aenny_p99`), or a label of its host (`jennyp2006.tumblr.com`).
 */
function knownHandleIn(url: string, index: Index): { handle: string; person: NonNullable<IdentifierSpan['person']> } | undefined {
  const [, host = '', rest = ''] = /^(?:https?:\/\/)?([^/?#]*)(.*)$/is.exec(url) ?? [];
  for (const part of [...host.split('.'), ...rest.split(/[/?#&=]+/).map(percentDecoded)]) {
    const handle = part.replace(/^@/, '');
    const person = handle.length >= 4 ? index.bareHandles.get(handle.toLowerCase()) : undefined;
    if (person) return { handle, person };
  }
  return undefined;
}

function percentDecoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part; // a stray % is no encoding
  }
}

/** The URL without trailing punctuation or closing brackets it did not open. */
function toTrimmedUrl(url: string): string {
  const unopened = { ')': count(url, ')') - count(url, '('), ']': count(url, ']') - count(url, '[') };
  let end = url.length;
  for (;;) {
    const last = url[end - 1] ?? '';
    if (last === ')' || last === ']') {
      if (unopened[last] <= 0) break;
      unopened[last] -= 1;
    } else if (!".,;:!?'*".includes(last) || last === '') break;
    end -= 1;
  }
  return url.slice(0, end);
}

function count(text: string, char: string): number {
  let n = 0;
  for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) n += 1;
  return n;
}
