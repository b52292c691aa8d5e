/**
 * Choosing the quotes a report prints from what the gate released to the public (screened clear,
 * identifiers replaced, authors pseudonymised): preferring posts a person confirmed, then those the
 * classifier is surest of, one per author. Pure.
 */

export interface QuoteCandidate {
  readonly postId: number;
  readonly source: string;
  readonly createdAt: string | null;
  /** As the gate released it to the public. */
  readonly text: string;
  /** A person labelled this very text. */
  readonly confirmed: boolean;
  readonly confidence: number;
  /** Same person, same key: used to take one quote per author. */
  readonly authorKey: string;
  readonly author: string;
}

export interface Quote {
  readonly postId: number;
  readonly source: string;
  readonly date: string | null;
  readonly author: string;
  readonly text: string;
  readonly confirmed: boolean;
  readonly confidence: number;
}

export const QUOTE_MIN_CHARS = 40;
export const QUOTE_MAX_CHARS = 420;
const KEEP_CANDIDATES = 60;

/** Keeps the best few candidates of a stream, so memory does not grow with the number of posts. */
export class QuotePool {
  private readonly candidates: QuoteCandidate[] = [];

  offer(candidate: QuoteCandidate): void {
    const length = candidate.text.trim().length;
    if (length < QUOTE_MIN_CHARS || length > QUOTE_MAX_CHARS) return;
    const list = this.candidates;
    if (list.length >= KEEP_CANDIDATES && compareCandidates(candidate, list[list.length - 1]!) >= 0) return;
    let i = list.length;
    while (i > 0 && compareCandidates(candidate, list[i - 1]!) < 0) i -= 1;
    list.splice(i, 0, candidate);
    if (list.length > KEEP_CANDIDATES) list.pop();
  }

  /** The best `limit` quotes from different authors, redacted. */
  choose(limit: number): Quote[] {
    const authors = new Set<string>();
    const texts = new Set<string>();
    const quotes: Quote[] = [];
    for (const candidate of this.candidates) {
      if (quotes.length >= limit) break;
      const text = candidate.text.trim();
      const key = text.toLowerCase().replace(/\s+/g, ' ');
      if (authors.has(candidate.authorKey) || texts.has(key)) continue;
      authors.add(candidate.authorKey);
      texts.add(key);
      quotes.push({
        postId: candidate.postId,
        source: candidate.source,
        date: candidate.createdAt?.slice(0, 10) ?? null,
        author: candidate.author,
        text,
        confirmed: candidate.confirmed,
        confidence: candidate.confidence,
      });
    }
    return quotes;
  }
}

/** Human-confirmed first, then higher confidence, then the older post (stable across runs). */
function compareCandidates(a: QuoteCandidate, b: QuoteCandidate): number {
  if (a.confirmed !== b.confirmed) return a.confirmed ? -1 : 1;
  if (a.confidence !== b.confidence) return b.confidence - a.confidence;
  return a.postId - b.postId;
}
