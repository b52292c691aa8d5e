/** The normalised shapes every collector and import produces, and the store keeps. */

export type PostKind = 'post' | 'reply' | 'quote' | 'retweet' | 'comment' | 'response';

export interface AuthorRef {
  /** The platform's stable id for the author; for free-text authors (surveys) the normalised name. */
  readonly sourceAuthorId: string;
  readonly handle: string | null;
  readonly name: string | null;
  readonly raw?: unknown;
}

export interface Post {
  readonly source: string;
  readonly sourceId: string;
  readonly kind: PostKind;
  /** ISO 8601 in UTC (`2017-05-03T18:22:11.000Z`), or null when the source gave none. */
  readonly createdAt: string | null;
  readonly author: AuthorRef | null;
  readonly text: string;
  readonly url: string | null;
  readonly lang: string | null;
  /** The post or comment this one replies to, in the same source. */
  readonly parentSourceId: string | null;
  readonly conversationId: string | null;
  readonly metrics: Readonly<Record<string, number>> | null;
  /** The platform's own JSON (or the import row), kept so posts can be re-processed later. */
  readonly raw: unknown;
  /**
   * The same record as JSON text exactly as it arrived (an NDJSON line), stored as is instead of
   * serialising `raw`: a large import would otherwise parse and re-serialise every record.
   */
  readonly rawJson?: string;
  /** The survey question this post answers (survey imports with several open questions), else absent. */
  readonly question?: string | null;
  /**
   * Which version of the post this copy is, for platforms whose posts are edited (X: the id of this
   * version of an edited post), as a decimal integer where larger is newer. When set, an older version
   * never replaces a newer one, and another copy of the same version (a later harvest, other counts)
   * changes the row only when what it says changed. Stored inside raw as `version`.
   */
  readonly version?: string;
}

/** `source:id` as users type it, e.g. `x:1642000000000000000` or `survey:r-17`. */
export interface PostRef {
  readonly source: string;
  readonly sourceId: string;
}

export const SOURCE_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * Sources written only by the collectors and the platform formats (X archive, twarc, Facebook export),
 * which keep an edit's version, a reply's thread and the author's id. A CSV, NDJSON or survey row may
 * not write into them: one would silently replace a collected post.
 */
export const PLATFORM_SOURCES: ReadonlySet<string> = new Set(['x', 'facebook', 'facebook-export']);

/** What is wrong with a source name a file or `--source` gives for a typed import, or undefined. */
export function describeBadImportSource(source: string): string | undefined {
  if (!SOURCE_NAME.test(source)) return `"${source}" is not a valid source name (use lower-case letters, digits, - or _)`;
  if (PLATFORM_SOURCES.has(source)) return `"${source}" is a platform's source, written only by collection and the platform formats (X archive, twarc, Facebook export)`;
  return undefined;
}

export function parsePostRef(text: string): PostRef | undefined {
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1) return undefined;
  const source = text.slice(0, at);
  if (!SOURCE_NAME.test(source)) return undefined;
  return { source, sourceId: text.slice(at + 1) };
}

export function formatPostRef(ref: PostRef): string {
  return `${ref.source}:${ref.sourceId}`;
}
