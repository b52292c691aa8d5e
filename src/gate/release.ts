/**
 * The one gate: for a post and an audience, what may leave the database. Every output (CSV, pivot,
 * summary, report quotes and terms, explain, review, safeguarding) asks here; post text, links and
 * authors reach outputs only as this module releases them. Pure.
 *
 * Who sees what:
 * - `analyst` (exports, review, explain): text only when screened clear for this revision, else a
 *   notice with the reason and no link or author, and a stand-in for its id (they lead to the text, and to who wrote it); authors as pseudonyms, links without handles, and mentions, e-mail
 *   addresses, phone numbers and known people's handles and names in the text replaced — unless
 *   `includeAuthors` / `includeWithheld` were asked for.
 * - `public` (reports, summaries): like `analyst`, never with authors or withheld text, and links too
 *   are removed.
 * - `safeguarding-lead`: everything, as stored: the lead has to act on it.
 */
import { parsePermalink } from '../core/permalink';
import { pseudonymFor, withheldIdFor } from '../core/pseudonym';
import { findIdentifiers, indexPeople, NO_PEOPLE, replaceIdentifiers, type IdentifierMatch, type KnownPerson, type PeopleIndex } from './identifiers';
import { isOwnPost, type OwnAccounts } from './own';
import { unseal, type PostIdentity, type Sealed } from './sealed';
import { isClearState, isFlagState, type ScreeningState } from './screening';

export type Audience =
  | { readonly kind: 'analyst'; readonly includeAuthors?: boolean; readonly includeWithheld?: boolean }
  | { readonly kind: 'public' }
  | { readonly kind: 'safeguarding-lead' };

/** A post as the store hands it over: facts in the open, identity sealed. */
export interface HeldPost {
  readonly postId: number;
  readonly source: string;
  readonly sourceId: string;
  readonly kind: string;
  readonly createdAt: string | null;
  readonly conversationId: string | null;
  /** The state of the post's current revision. */
  readonly screening: ScreeningState;
  readonly sealed: Sealed;
}

export type WithheldReason = 'flagged' | 'awaiting-screening';

export interface ReleasedPost {
  /** The text as this audience may read it, or the notice in its place. */
  readonly text: string;
  readonly withheld: WithheldReason | null;
  /** Pseudonym, or the handle/name with `includeAuthors`; '' when the source gave no author or the text is withheld. */
  readonly author: string;
  /** The post's link ('' when its text is withheld: the link leads to the text). */
  readonly url: string;
  readonly own: boolean;
}

export const WITHHELD_NOTICES: Readonly<Record<WithheldReason, string>> = {
  flagged: '[text withheld: possible safeguarding disclosure, for the safeguarding lead only (`onevision safeguarding`)]',
  'awaiting-screening': '[text withheld: not yet screened for safeguarding; run `onevision classify`]',
};

export const PLACEHOLDERS = {
  mention: '@[user]',
  email: '[email removed]',
  phone: '[phone removed]',
  link: '[link removed]',
} as const;

/** What names a post and its thread in an export row, with the screening of each post named. */
export interface PostRefs {
  readonly source: string;
  readonly sourceId: string;
  readonly screening: ScreeningState;
  readonly parentSourceId: string | null;
  /** null when the database does not hold the parent (nothing it could withhold). */
  readonly parentScreening: ScreeningState | null;
  readonly conversationId: string | null;
  readonly conversationScreening: ScreeningState | null;
  /**
   * Whether the parent, or the thread's first post, was erased (`forget`): its id would lead to the
   * erased person's post on the platform, so it is released to nobody, the lead included.
   */
  readonly parentErased: boolean;
  readonly conversationErased: boolean;
}

/** The ids of `PostRefs` as an audience may read them. */
export interface ReleasedRefs {
  readonly sourceId: string;
  readonly parentSourceId: string | null;
  readonly conversationId: string | null;
}

export interface GateOptions {
  /** The database's pseudonym key (never leaves the database). */
  readonly pseudonymKey: string;
  /** Every author the database knows, so their handles and names in any text are replaced. */
  readonly people: Iterable<KnownPerson>;
  readonly own: OwnAccounts;
}

export interface Gate {
  release(post: HeldPost, audience: Audience): ReleasedPost;
  /**
   * A post's id, its parent's and its thread's as this audience may read them. The id of a post whose
   * text is withheld leads to that text on the platform as surely as its link (x.com/i/web/status/<id>),
   * so it is withheld with it: a stand-in, `withheld-` and a keyed hash, the same in every output of
   * this database, so rows and threads still join up. A clear reply keeps its own id but not a
   * withheld parent's.
   */
  releaseRefs(refs: PostRefs, audience: Audience): ReleasedRefs;
  /** Every id an output may have shown for this post: its own and its stand-in (to find its rows in a written file). */
  idsShownFor(source: string, sourceId: string): readonly string[];
  /**
   * A post as SOURCE:ID for this audience, as the desk and `changes` name it: a withheld post by its
   * stand-in, as in exports. `findPostByShownRef` (src/cli/shown-refs.ts) finds the post again from either.
   */
  shownRef(post: Pick<HeldPost, 'source' | 'sourceId' | 'screening'>, audience: Audience): string;
  /** The organisation's own voice (see own.ts). */
  isOwn(post: HeldPost): boolean;
  /** May be quoted in a report: screened clear for this revision, not a retweet, not the organisation. */
  isPublishable(post: HeldPost): boolean;
  /** Words for distinctive-term counting: publishable text with every identifier blanked, else null. */
  toTermsText(post: HeldPost): string | null;
  /**
   * What counts need and nobody reads: places named and an anonymous post's text, to count every
   * resident's post, withheld or not. Never printed.
   */
  toCountingFacts(post: HeldPost): { readonly placesText: string; readonly authorKey: string | null };
}

/** The key a KnownPerson carries: what the pseudonym is a hash of. */
export function personKey(source: string, sourceAuthorId: string): string {
  return `${source}\u0000${sourceAuthorId}`;
}

export function createGate(options: GateOptions): Gate {
  const people = indexPeople(options.people);
  const pseudonyms = new Map<string, string>();
  const pseudonymOf = (source: string, authorId: string): string => {
    const key = personKey(source, authorId);
    let name = pseudonyms.get(key);
    if (name === undefined) {
      name = pseudonymFor(options.pseudonymKey, source, authorId);
      pseudonyms.set(key, name);
    }
    return name;
  };
  const pseudonymOfPerson = (person: KnownPerson): string => {
    const at = person.key.indexOf('\u0000');
    return pseudonymOf(person.key.slice(0, at), person.key.slice(at + 1));
  };
  const isOwn = (post: HeldPost) => {
    const identity = unseal(post.sealed);
    // Spelled out, not spread: this runs for every row of an export or summary.
    const facts = { source: post.source, kind: post.kind, conversationId: post.conversationId, authorSourceId: identity.authorSourceId, authorHandle: identity.authorHandle, authorName: identity.authorName, text: identity.text };
    return isOwnPost(facts, options.own);
  };
  const isPublishable = (post: HeldPost) => isClearState(post.screening) && post.kind !== 'retweet' && !isOwn(post);
  const releaseId = (source: string, id: string, screening: ScreeningState | null, audience: Audience): string =>
    screening === null || showsText(screening, audience) ? id : withheldIdFor(options.pseudonymKey, source, id);

  return {
    release(post, audience) {
      const identity = unseal(post.sealed);
      const own = isOwn(post);
      if (audience.kind === 'safeguarding-lead') {
        return { text: identity.text, withheld: null, author: identity.authorHandle ?? identity.authorName ?? identity.authorSourceId ?? '', url: identity.url ?? '', own };
      }
      const includeAuthors = audience.kind === 'analyst' && audience.includeAuthors === true;
      const withheld = toWithheldReason(post.screening);
      const showText = showsText(post.screening, audience);
      const text = !showText ? WITHHELD_NOTICES[withheld ?? 'flagged'] : includeAuthors ? identity.text : redactText(identity.text, people, audience.kind === 'public', pseudonymOfPerson);
      return {
        text,
        withheld: showText ? null : withheld,
        // A withheld post's pseudonym would tie the possible disclosure to the person's other, readable
        // posts (and say who made it): withheld with the text, as the link is.
        author: !showText ? '' : toAuthor(post.source, identity, includeAuthors, pseudonymOf),
        // A withheld post's link leads straight to its text on the platform: withheld with it.
        url: !showText ? '' : includeAuthors ? (identity.url ?? '') : toHandleFreeUrl(post.source, identity.url, people),
        own,
      };
    },
    releaseRefs(refs, audience) {
      return {
        sourceId: releaseId(refs.source, refs.sourceId, refs.screening, audience),
        parentSourceId: refs.parentSourceId === null || refs.parentErased ? null : releaseId(refs.source, refs.parentSourceId, refs.parentScreening, audience),
        conversationId: refs.conversationId === null || refs.conversationErased ? null : releaseId(refs.source, refs.conversationId, refs.conversationScreening, audience),
      };
    },
    idsShownFor(source, sourceId) {
      return [sourceId, withheldIdFor(options.pseudonymKey, source, sourceId)];
    },
    shownRef(post, audience) {
      return `${post.source}:${releaseId(post.source, post.sourceId, post.screening, audience)}`;
    },
    isOwn,
    isPublishable,
    toTermsText(post) {
      if (!isPublishable(post)) return null;
      return replaceIdentifiers(unseal(post.sealed).text, people, () => ' ');
    },
    toCountingFacts(post) {
      const identity = unseal(post.sealed);
      return { placesText: identity.text, authorKey: identity.authorSourceId === null ? null : personKey(post.source, identity.authorSourceId) };
    },
  };
}

/** Whether an id is a withheld post's stand-in (`withheldIdFor`), not a platform's id. */
export function isStandIn(id: string): boolean {
  return /^withheld-[0-9a-f]{12}$/.test(id);
}

/**
 * Which of `ids` (a source's post ids) the stand-in `shown` stands for, or undefined: the way back from
 * an output's `withheld-…` to the post, for whoever holds the database. A keyed hash cannot be reversed,
 * so each id is hashed until one matches.
 */
export function findStandInOwner(pseudonymKey: string, source: string, shown: string, ids: Iterable<string>): string | undefined {
  for (const id of ids) if (withheldIdFor(pseudonymKey, source, id) === shown) return id;
  return undefined;
}

/** Whether this audience reads the text of a post in this state: the lead always, others once it is screened clear, analysts too when they asked for withheld text. */
function showsText(state: ScreeningState, audience: Audience): boolean {
  if (audience.kind === 'safeguarding-lead') return true;
  return toWithheldReason(state) === null || (audience.kind === 'analyst' && audience.includeWithheld === true);
}

export function toWithheldReason(state: ScreeningState): WithheldReason | null {
  if (isFlagState(state)) return 'flagged';
  return isClearState(state) ? null : 'awaiting-screening';
}

function toAuthor(source: string, identity: PostIdentity, includeAuthors: boolean, pseudonymOf: (source: string, id: string) => string): string {
  if (identity.authorSourceId === null) return '';
  if (includeAuthors) return identity.authorHandle ?? identity.authorName ?? identity.authorSourceId;
  return pseudonymOf(source, identity.authorSourceId);
}

/** Known people become their pseudonyms; other identifiers become placeholders. Links go only for the public. */
function redactText(text: string, people: PeopleIndex, dropLinks: boolean, pseudonymOfPerson: (person: KnownPerson) => string): string {
  return replaceIdentifiers(text, people, (match: IdentifierMatch) => {
    if (match.person) return pseudonymOfPerson(match.person);
    switch (match.kind) {
      case 'mention':
      case 'profile-link':
        return PLACEHOLDERS.mention;
      case 'email':
        return PLACEHOLDERS.email;
      case 'phone':
        return PLACEHOLDERS.phone;
      case 'link':
        return dropLinks ? PLACEHOLDERS.link : match.text;
      default:
        return match.text;
    }
  });
}

/**
 * A post's link with nobody's account in it. X links name the author's handle
 * (`x.com/<handle>/status/<id>`); the `i/web` form does not. Collected Facebook links are the
 * Page's own. A typed import's `url` is whatever the file said: it may be a handle-bearing X link or
 * a person's profile, e-mail or phone, which would name them beside their pseudonym.
 */
export function toHandleFreeUrl(source: string, url: string | null, people: PeopleIndex = NO_PEOPLE): string {
  if (url === null) return '';
  const xStatusId = source === 'x' ? /\/status(?:es)?\/(\d+)/.exec(url)?.[1] : toXStatusId(url);
  if (xStatusId) return `https://x.com/i/web/status/${xStatusId}`;
  if (source === 'x') return '';
  if (source === 'facebook') return url;
  return namesSomeone(url, people) ? '' : url;
}

function toXStatusId(url: string): string | undefined {
  const target = parsePermalink(url);
  return target?.source === 'x' ? target.sourceId : undefined;
}

/** True when the link is, or holds, anything but a plain link: a profile, a known person's handle, a mention, an e-mail address, a phone number. */
function namesSomeone(url: string, people: PeopleIndex): boolean {
  return findIdentifiers(url, people).some((span) => span.kind !== 'link');
}
