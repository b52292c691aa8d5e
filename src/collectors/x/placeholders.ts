/**
 * What X shows instead of a post: a withheld notice, "This Tweet is unavailable", or no text at all.
 * They reach files as if they were posts (a scraped timeline, a quoted post gone since), carry nothing
 * a person said, and must not be classified or counted as content. Pure.
 */
import type { Post } from '../../core/post';

export type PlaceholderKind = 'withheld' | 'unavailable' | 'empty';

// The whole text is the notice: a post that merely talks about withholding has more in it (a hashtag, a
// second line), so it stays a post.
const WITHHELD = /^This (?:account|(?:Tweet|Post) from @\w{1,15}) (?:has been|is) withheld in [^#\n]{1,200}$/i;
const UNAVAILABLE = /^This (?:Tweet|Post) is unavailable\.?(?:\s+Learn more\.?)?$/i;

export function toPlaceholderKind(text: string): PlaceholderKind | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'empty';
  if (WITHHELD.test(trimmed)) return 'withheld';
  if (UNAVAILABLE.test(trimmed)) return 'unavailable';
  return undefined;
}

/** The posts that are posts, and how many placeholders were left out, by kind (for the import summary). */
export function withoutPlaceholders(posts: readonly Post[]): { posts: Post[]; withoutText?: Record<string, number> } {
  const kept: Post[] = [];
  const skipped: Record<string, number> = {};
  for (const post of posts) {
    const kind = toPlaceholderKind(post.text);
    if (kind === undefined) kept.push(post);
    else skipped[kind] = (skipped[kind] ?? 0) + 1;
  }
  return Object.keys(skipped).length > 0 ? { posts: kept, withoutText: skipped } : { posts: kept };
}
