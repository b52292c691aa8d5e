/**
 * Choosing the quotes a report prints: never a post flagged for safeguarding, never a retweet, contact
 * details removed, authors pseudonymised; preferring posts a person confirmed, then those the
 * classifier is surest of, one per author. Pure.
 */
import { hasContactDetails, toRedactedText } from './redact';

export interface QuoteCandidate {
  readonly postId: number;
  readonly source: string;
  readonly createdAt: string | null;
  readonly text: string;
  readonly labelled: boolean;
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

/** Facts about a post that decide whether it may be quoted at all. */
export interface PublishFacts {
  readonly kind: string;
  readonly machineFlag: number | null;
  readonly humanFlag: number | null;
  readonly labelled: boolean;
  readonly stale: boolean;
}

/**
 * Flagged means a person flagged it, or nobody has decided and the classifier flagged it. A post may be
 * quoted only when someone or something has positively cleared it: a human "no", or a current
 * classification's "no" with no human decision.
 */
export function isFlagged(facts: Pick<PublishFacts, 'machineFlag' | 'humanFlag'>): boolean {
  return facts.humanFlag === 1 || (facts.humanFlag === null && facts.machineFlag === 1);
}

export function isQuotable(facts: PublishFacts): boolean {
  if (facts.kind === 'retweet' || isFlagged(facts)) return false;
  if (facts.humanFlag === 0) return true;
  return facts.humanFlag === null && facts.machineFlag === 0 && !facts.stale;
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
      const text = toRedactedText(candidate.text.trim());
      const key = text.toLowerCase().replace(/\s+/g, ' ');
      if (authors.has(candidate.authorKey) || texts.has(key) || hasContactDetails(text)) continue;
      authors.add(candidate.authorKey);
      texts.add(key);
      quotes.push({
        postId: candidate.postId,
        source: candidate.source,
        date: candidate.createdAt?.slice(0, 10) ?? null,
        author: candidate.author,
        text,
        confirmed: candidate.labelled,
        confidence: candidate.confidence,
      });
    }
    return quotes;
  }
}

/** Human-confirmed first, then higher confidence, then the older post (stable across runs). */
function compareCandidates(a: QuoteCandidate, b: QuoteCandidate): number {
  if (a.labelled !== b.labelled) return a.labelled ? -1 : 1;
  if (a.confidence !== b.confidence) return b.confidence - a.confidence;
  return a.postId - b.postId;
}
