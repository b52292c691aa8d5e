/**
 * A guard against paging that never ends. An API that hands back a next-page token (or link, or
 * cursor) it gave before would be followed round the same pages forever: one X collection sent
 * 23,500 requests before it was killed, and on pay-per-use every one is billed. So is an API that
 * keeps saying there is more while its pages bring nothing new.
 *
 * Empty pages that still point onwards are legitimate, now and then: X's full-archive search and
 * Graph's privacy filtering both return them. A few in a row are allowed; a long run of them is
 * taken for a loop. Used by one paging walk (one X run, one Graph list); collectors decide what to
 * save and what to say.
 */

/** Pages in a row that claim more but bring no id not seen before, allowed before paging stops. */
export const MAX_PAGES_WITHOUT_NEW_IDS = 10;

export type PagingLoop =
  /** The page's next token, link or cursor is one seen before in this walk. */
  | { readonly kind: 'repeated'; readonly pages: number }
  /** This many pages in a row claimed more and brought no new id. */
  | { readonly kind: 'no-new-ids'; readonly pages: number };

export class PagingGuard {
  private readonly next = new Set<string>();
  private readonly ids = new Set<string>();
  private idle = 0;
  private pages = 0;

  constructor(private readonly maxIdlePages = MAX_PAGES_WITHOUT_NEW_IDS) {}

  /** A token the walk resumes from (a saved next_token): it coming back is a loop too. */
  startFrom(key: string): void {
    this.next.add(key);
  }

  /**
   * After each page: the ids it holds and every key that leads on from it (a next_token; a
   * `paging.next` link and its `after` cursor), none at the end. Says when paging has looped.
   */
  check(ids: Iterable<string>, nextKeys: readonly string[]): PagingLoop | undefined {
    this.pages += 1;
    let fresh = 0;
    for (const id of ids) {
      if (this.ids.has(id)) continue;
      this.ids.add(id);
      fresh += 1;
    }
    if (nextKeys.length === 0) return undefined;
    const repeated = nextKeys.some((key) => this.next.has(key));
    for (const key of nextKeys) this.next.add(key);
    if (repeated) return { kind: 'repeated', pages: this.pages };
    this.idle = fresh === 0 ? this.idle + 1 : 0;
    return this.idle > this.maxIdlePages ? { kind: 'no-new-ids', pages: this.idle } : undefined;
  }
}
