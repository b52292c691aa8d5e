/**
 * Invented people and posts for the erasure tests, in the real shapes: twarc2 search pages (X API v2
 * pages with `includes.users`, `includes.tweets` and `__twarc`), a Facebook Page behind the fake
 * Graph API, and survey CSV rows. Nobody here is real.
 */
import type { FakeComment, FakePageData, FakePost } from '../../src/fakes/graph-api';

export interface XPerson {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly description: string;
  readonly location: string;
}

export const TAMSIN: XPerson = {
  id: '1587204936120483841',
  username: 'tamsin_kernow',
  name: 'Tamsin Trevorrow',
  description: 'Year 12 at Penwith College. Youth councillor. she/her',
  location: 'St Ives, Cornwall',
};
export const JORY: XPerson = { id: '2874561093', username: 'jorypascoe_sa', name: 'Jory Pascoe', description: 'Sixth form, St Austell. Mates with @tamsin_kernow. Views my own.', location: 'St Austell' };
export const WENNA: XPerson = { id: '1345098712233445566', username: 'wenna_hicks', name: 'Morwenna Hicks', description: 'Camborne. Netball, art, too much tea.', location: 'Camborne, England' };
export const KENSA: XPerson = { id: '988776655443322110', username: 'kensarowe', name: 'Kensa Rowe', description: 'Falmouth. Surf when I can.', location: 'Falmouth' };
export const PIRAN: XPerson = { id: '77665544', username: 'piran_nance', name: 'Piran Nance', description: 'Youth worker, Bodmin.', location: 'Bodmin' };
export const KYLE_X: XPerson = { id: '1460022334455667788', username: 'kyle_r_redruth', name: 'Kyle Richards', description: 'Redruth. Skater.', location: 'Redruth' };

interface TweetSpec {
  readonly id: string;
  readonly author: XPerson;
  readonly text: string;
  readonly createdAt: string;
  readonly conversationId?: string;
  readonly inReplyTo?: XPerson;
  readonly references?: ReadonlyArray<{ readonly type: 'replied_to' | 'quoted' | 'retweeted'; readonly id: string }>;
  readonly mentions?: readonly XPerson[];
  /** t.co links in the text and where they lead. */
  readonly urls?: ReadonlyArray<{ readonly url: string; readonly expanded: string }>;
}

/** A tweet with every field twarc2's default expansions ask for. Offsets are in code points, as X counts. */
export function xTweet(spec: TweetSpec): Record<string, unknown> {
  const chars = [...spec.text];
  const at = (needle: string, from = 0) => {
    const index = spec.text.indexOf(needle, from);
    if (index < 0) throw new Error(`"${needle}" is not in "${spec.text}"`);
    return [...spec.text.slice(0, index)].length;
  };
  const hashtags = [...spec.text.matchAll(/#(\w+)/g)].map((m) => ({ start: at(m[0]), end: at(m[0]) + [...m[0]].length, tag: m[1] }));
  const mentions = (spec.mentions ?? []).map((p) => ({ start: at(`@${p.username}`), end: at(`@${p.username}`) + p.username.length + 1, username: p.username, id: p.id }));
  const urls = (spec.urls ?? []).map((u) => ({ start: at(u.url), end: at(u.url) + u.url.length, url: u.url, expanded_url: u.expanded, display_url: `${u.expanded.replace(/^https:\/\//, '').slice(0, 24)}…` }));
  const entities: Record<string, unknown> = {};
  if (hashtags.length) entities.hashtags = hashtags;
  if (mentions.length) entities.mentions = mentions;
  if (urls.length) entities.urls = urls;
  const tweet: Record<string, unknown> = {
    id: spec.id,
    text: spec.text,
    edit_history_tweet_ids: [spec.id],
    created_at: spec.createdAt,
    author_id: spec.author.id,
    conversation_id: spec.conversationId ?? spec.id,
    lang: 'en',
    possibly_sensitive: false,
    reply_settings: 'everyone',
    public_metrics: { retweet_count: 0, reply_count: 0, like_count: chars.length % 7, quote_count: 0, bookmark_count: 0, impression_count: 0 },
    entities,
    edit_controls: { edits_remaining: 5, is_edit_eligible: false, editable_until: new Date(Date.parse(spec.createdAt) + 3_600_000).toISOString() },
    source: 'Twitter for iPhone',
  };
  if (spec.inReplyTo) tweet.in_reply_to_user_id = spec.inReplyTo.id;
  if (spec.references) tweet.referenced_tweets = spec.references;
  return tweet;
}

export function xUser(person: XPerson): Record<string, unknown> {
  return {
    id: person.id,
    name: person.name,
    username: person.username,
    created_at: '2019-04-02T17:21:08.000Z',
    description: person.description,
    location: person.location,
    protected: false,
    verified: false,
    verified_type: 'none',
    profile_image_url: `https://pbs.twimg.com/profile_images/1633400900112283649/${person.username.slice(0, 6)}_normal.jpg`,
    public_metrics: { followers_count: 211, following_count: 340, tweet_count: 1022, listed_count: 0, like_count: 4107, media_count: 37 },
  };
}

/** One line of `twarc2 search` output: an API page with its includes, meta and twarc's own note. */
export function twarcLine(data: ReadonlyArray<Record<string, unknown>>, users: readonly XPerson[], included: ReadonlyArray<Record<string, unknown>> = []): string {
  const ids = data.map((t) => String(t.id));
  const page: Record<string, unknown> = {
    data,
    includes: { users: users.map(xUser), ...(included.length > 0 ? { tweets: included } : {}) },
    meta: { newest_id: ids[0], oldest_id: ids[ids.length - 1], result_count: data.length },
    __twarc: {
      url: 'https://api.twitter.com/2/tweets/search/recent?expansions=author_id%2Cin_reply_to_user_id%2Creferenced_tweets.id%2Creferenced_tweets.id.author_id%2Centities.mentions.username&tweet.fields=author_id%2Cconversation_id%2Ccreated_at%2Centities%2Cin_reply_to_user_id%2Clang%2Cpublic_metrics%2Creferenced_tweets%2Csource%2Cedit_controls%2Cedit_history_tweet_ids&user.fields=created_at%2Cdescription%2Clocation%2Cname%2Cprofile_image_url%2Cprotected%2Cpublic_metrics%2Cusername%2Cverified%2Cverified_type&query=%23CIoSOneVision&max_results=100',
      version: '2.14.0',
      retrieved_at: '2024-03-21T07:00:12+00:00',
    },
  };
  return JSON.stringify(page);
}

/** Tamsin's two posts; Jory answers one, Morwenna quotes it and answers Jory, Kensa retweets it. */
export const TAMSIN_BUS = 'The last bus from St Ives to Penzance is 6.10pm so none of us can stay for after-school clubs. Fix the buses! #CIoSOneVision';
export const TAMSIN_CAMHS = 'Waited seven months for CAMHS in Hayle. Seven months. Something has to change #CIoSOneVision';
export const WENNA_QUOTE = 'This is exactly what my sister says about Camborne #CIoSOneVision https://t.co/Qz8LmV2pXa';
export const IDS = {
  tamsinBus: '1770100000000000001',
  tamsinCamhs: '1770100000000000002',
  joryReply: '1770100000000000010',
  wennaQuote: '1770100000000000020',
  wennaReply: '1770100000000000021',
  kensaRetweet: '1770100000000000030',
  kensaOwn: '1770100000000000031',
  piranOwn: '1770100000000000040',
} as const;

export function tamsinThreadJsonl(): string {
  const bus = xTweet({ id: IDS.tamsinBus, author: TAMSIN, text: TAMSIN_BUS, createdAt: '2024-03-18T08:12:00.000Z' });
  const camhs = xTweet({ id: IDS.tamsinCamhs, author: TAMSIN, text: TAMSIN_CAMHS, createdAt: '2024-03-19T19:40:31.000Z' });
  const joryReply = xTweet({
    id: IDS.joryReply,
    author: JORY,
    text: '@tamsin_kernow Same in St Austell, I walk 40 minutes home every Tuesday #CIoSOneVision',
    createdAt: '2024-03-18T09:02:44.000Z',
    conversationId: IDS.tamsinBus,
    inReplyTo: TAMSIN,
    references: [{ type: 'replied_to', id: IDS.tamsinBus }],
    mentions: [TAMSIN],
  });
  const wennaQuote = xTweet({
    id: IDS.wennaQuote,
    author: WENNA,
    text: WENNA_QUOTE,
    createdAt: '2024-03-18T10:15:09.000Z',
    references: [{ type: 'quoted', id: IDS.tamsinBus }],
    urls: [{ url: 'https://t.co/Qz8LmV2pXa', expanded: `https://twitter.com/tamsin_kernow/status/${IDS.tamsinBus}` }],
  });
  const wennaReply = xTweet({
    id: IDS.wennaReply,
    author: WENNA,
    text: '@jorypascoe_sa @tamsin_kernow Tamsin Trevorrow said this at youth council too and nobody listened #CIoSOneVision',
    createdAt: '2024-03-18T11:30:00.000Z',
    conversationId: IDS.tamsinBus,
    inReplyTo: JORY,
    references: [{ type: 'replied_to', id: IDS.joryReply }],
    mentions: [JORY, TAMSIN],
  });
  const kensaRetweet = xTweet({
    id: IDS.kensaRetweet,
    author: KENSA,
    text: 'RT @tamsin_kernow: The last bus from St Ives to Penzance is 6.10pm so none of us can stay for after-school clubs. Fix the buses…',
    createdAt: '2024-03-18T12:00:00.000Z',
    references: [{ type: 'retweeted', id: IDS.tamsinBus }],
    mentions: [TAMSIN],
  });
  const kensaOwn = xTweet({ id: IDS.kensaOwn, author: KENSA, text: 'Half term in Falmouth and nothing for teenagers to do after 5 #CIoSOneVision', createdAt: '2024-03-20T16:00:00.000Z' });
  const piranOwn = xTweet({ id: IDS.piranOwn, author: PIRAN, text: 'More detached youth workers in Bodmin please, the kids are on the streets #CIoSOneVision', createdAt: '2024-03-20T18:45:00.000Z' });
  return [
    twarcLine([kensaRetweet, wennaReply, wennaQuote, joryReply], [KENSA, WENNA, JORY, TAMSIN], [xTweet({ id: IDS.tamsinBus, author: TAMSIN, text: TAMSIN_BUS, createdAt: '2024-03-18T08:12:00.000Z' }), joryReply]),
    twarcLine([piranOwn, kensaOwn, camhs, bus], [PIRAN, KENSA, TAMSIN]),
  ].join('\n') + '\n';
}

/** A page whose one post is also a reply to Tamsin's bus post, to give Kyle Richards an X post. */
export function kyleJsonl(): string {
  const tweet = xTweet({ id: '1770100000000000050', author: KYLE_X, text: 'Skate park in Redruth has been shut for a year now #CIoSOneVision', createdAt: '2024-03-21T15:00:00.000Z' });
  return twarcLine([tweet], [KYLE_X]) + '\n';
}

/** Facebook: a Page, its people, and comments in Graph's shape. */
export const PAGE = { id: '1122334455667788', name: 'Kernow Youth Voice', username: 'KernowYouthVoice' };
export const PAGE_POST = `${PAGE.id}_2200000000000001`;
export const OTHER_POST = `${PAGE.id}_2200000000000002`;
export const DEMELZA = { id: '1090000000000011', name: 'Demelza Rowe' };
export const JAGO = { id: '1090000000000012', name: 'Jago Penrose' };
export const WENNA_FB = { id: '1090000000000013', name: 'Wenna Tregear' };
export const KYLE_FB = { id: '1090000000000014', name: 'Kyle Richards' };
export const DEMELZA_TEXT = "A proper skate park in Camborne, the old one got knocked down and there's nowhere to go at all";
export const JAGO_TEXT = 'More buses out of Liskeard after 7pm please, my mum cannot always drive me';

export function fbComment(post: string, n: number, from: { id: string; name: string }, message: string, createdTime: string, parent?: string): FakeComment {
  const postNumber = post.split('_')[1] ?? '';
  const id = `${postNumber}_22100000000000${String(n).padStart(2, '0')}`;
  const commentNumber = parent?.split('_')[1];
  return {
    id,
    message,
    created_time: createdTime,
    from,
    like_count: n % 4,
    permalink_url: `https://www.facebook.com/${PAGE.username}/posts/${postNumber}?comment_id=${commentNumber ?? id.split('_')[1]}${commentNumber ? `&reply_comment_id=${id.split('_')[1]}` : ''}`,
    ...(parent ? { parent: { id: parent } } : { replies: [] }),
  };
}

export function fbPost(id: string, message: string, createdTime: string, comments: FakeComment[]): FakePost {
  return {
    id,
    message,
    created_time: createdTime,
    from: { id: PAGE.id, name: PAGE.name },
    permalink_url: `https://www.facebook.com/${PAGE.username}/posts/${id.split('_')[1]}`,
    status_type: 'mobile_status_update',
    comments,
  };
}

/** Demelza's comment has a reply from the Page; Jago comments too; another post has Kyle's comment. */
export function pageData(): FakePageData {
  const demelza = fbComment(PAGE_POST, 1, DEMELZA, DEMELZA_TEXT, '2017-06-01T15:20:11+0000');
  demelza.replies = [fbComment(PAGE_POST, 2, { id: PAGE.id, name: PAGE.name }, "Thanks Demelza, we'll pass this on to the council's youth team.", '2017-06-01T16:02:40+0000', demelza.id)];
  return {
    page: PAGE,
    posts: [
      fbPost(PAGE_POST, 'What would make growing up in Cornwall better? Tell us below #CIoSOneVision', '2017-06-01T09:00:00+0000', [demelza, fbComment(PAGE_POST, 3, JAGO, JAGO_TEXT, '2017-06-01T18:44:03+0000')]),
      fbPost(OTHER_POST, 'Youth council elections are open, vote by Friday #CIoSOneVision', '2017-05-20T09:00:00+0000', [
        fbComment(OTHER_POST, 1, KYLE_FB, 'Voted! Get the skate park sorted please', '2017-05-20T12:31:00+0000'),
      ]),
    ],
  };
}
