/**
 * Long posts in an X archive: tweets.js holds them cut near 280 characters (ending "… https://t.co/…",
 * a link to the post itself), and note-tweet.js holds their whole text under a `noteTweetId` of its
 * own, which no entry of tweets.js names. So a note goes to the cut post made in the same second whose
 * text its own text begins with; one note to one post, and a tie gives the note to neither. Pure.
 */
import { unescapeXText } from '../x/text';

export interface ArchiveNote {
  readonly noteTweetId?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly core?: { readonly text?: string };
}

export interface CutPost {
  readonly id: string;
  /** `created_at` in milliseconds (whole seconds: that is all the archive gives). */
  readonly createdMs: number;
  /** `full_text` as written (escaped). */
  readonly text: string;
  /** The post links to itself (`https://twitter.com/i/web/status/<id>`), as X's cut posts do. */
  readonly linksToItself: boolean;
}

export interface NoteMatches {
  /** The note for each post that has one, by post id. */
  readonly byPost: ReadonlyMap<string, ArchiveNote>;
  /** Cut posts that a note in the same second begins like, left with their cut text: the note could not be told apart. */
  readonly ambiguous: number;
}

/** X cuts a long post near its 280-character limit; a post this long that a note begins with is a cut post. */
const CUT_LENGTH = 240;
const TRAILING_LINK = /\s*https:\/\/t\.co\/\w+\s*$/;
const LEADING_MENTIONS = /^(?:@\w{1,15}\s+)+/;

interface Pair {
  readonly post: CutPost;
  readonly note: ArchiveNote;
  readonly score: number;
}

export function matchNotes(posts: readonly CutPost[], notes: readonly ArchiveNote[]): NoteMatches {
  const pairs = findPairs(posts, notes).sort((a, b) => b.score - a.score);
  const byPost = new Map<string, ArchiveNote>();
  const taken = new Set<unknown>();
  const ambiguous = new Set<string>();
  const free = (pair: Pair) => !taken.has(pair.post) && !taken.has(pair.note);
  for (const pair of pairs) {
    if (!free(pair)) continue;
    // Two cut posts with the same words in the same second, or one cut post and two such notes: a guess
    // could give a post someone else's words, so both keep their cut text.
    const rivals = pairs.filter((other) => other !== pair && other.score === pair.score && (other.post === pair.post || other.note === pair.note) && free(other));
    for (const claimed of [pair, ...rivals]) taken.add(claimed.post).add(claimed.note);
    if (rivals.length === 0) byPost.set(pair.post.id, pair.note);
    else for (const claimed of [pair, ...rivals]) ambiguous.add(claimed.post.id);
  }
  return { byPost, ambiguous: ambiguous.size };
}

/** The whole text for a post given its note: a reply's leading @mentions stay, as in its cut text. */
export function toNoteText(post: CutPost, note: ArchiveNote): string {
  const whole = unescapeXText(note.core?.text ?? '');
  const mentions = LEADING_MENTIONS.exec(unescapeXText(post.text))?.[0] ?? '';
  return mentions && !whole.startsWith(mentions.trim()) ? `${mentions}${whole}` : whole;
}

function findPairs(posts: readonly CutPost[], notes: readonly ArchiveNote[]): Pair[] {
  const pairs: Pair[] = [];
  for (const post of posts) {
    const cut = toCutText(post);
    if (!cut) continue;
    for (const note of notes) {
      const whole = unescapeXText(note.core?.text ?? '');
      if (whole.length <= cut.text.length || !sameSecond(post.createdMs, note)) continue;
      const shown = whole.startsWith(cut.text) ? cut.text : whole.startsWith(cut.withoutMentions) ? cut.withoutMentions : '';
      if (shown === '') continue;
      // A post marked as cut beats one merely long enough; then the longer shared beginning wins.
      pairs.push({ post, note, score: (cut.marked ? 1_000_000 : 0) + shown.length });
    }
  }
  return pairs;
}

/** The words a cut post shows, without the "…" and the link X adds; undefined when it is not a cut post. */
function toCutText(post: CutPost): { text: string; withoutMentions: string; marked: boolean } | undefined {
  const full = unescapeXText(post.text);
  const unlinked = full.replace(TRAILING_LINK, '');
  const ellipsis = /(?:…|\.\.\.)$/.test(unlinked);
  const text = unlinked.replace(/(?:…|\.\.\.)$/, '');
  const marked = ellipsis || post.linksToItself;
  if (text.trim() === '' || (!marked && full.length < CUT_LENGTH)) return undefined;
  return { text, withoutMentions: text.replace(LEADING_MENTIONS, ''), marked };
}

/** The note was written in the second the post carries (the archive gives the post whole seconds only). */
function sameSecond(postMs: number, note: ArchiveNote): boolean {
  return [note.createdAt, note.updatedAt].some((at) => {
    const ms = Date.parse(at ?? '');
    return !Number.isNaN(ms) && ms > postMs - 1000 && ms < postMs + 1000;
  });
}
