/** The review queue's key handling as a pure state machine, so the keys can be tested without a terminal. */
import type { QueueItem } from '../store/classifications';

export interface Card {
  readonly item: QueueItem;
  readonly outcomes: ReadonlySet<number>;
  /** The reviewer's safeguarding decision: 1 flag stands, 0 cleared, null undecided. */
  readonly flag: number | null;
}

export type ReviewAction = 'none' | 'save' | 'skip' | 'quit';

export function startCard(item: QueueItem, safeguardingQueue: boolean): Card {
  const outcomes = new Set(item.outcomes ? item.outcomes.split(';').map(Number) : []);
  // In the safeguarding queue the lead decides the flag, so it starts as "stands"; elsewhere undecided.
  return { item, outcomes, flag: safeguardingQueue ? 1 : null };
}

export function applyKey(card: Card, key: string): { card: Card; action: ReviewAction } {
  if (/^[1-5]$/.test(key)) {
    const outcomes = new Set(card.outcomes);
    const o = Number(key);
    if (outcomes.has(o)) outcomes.delete(o);
    else outcomes.add(o);
    return { card: { ...card, outcomes }, action: 'none' };
  }
  switch (key) {
    case 'n':
    case '0':
      return { card: { ...card, outcomes: new Set() }, action: 'none' };
    case 'f':
      return { card: { ...card, flag: card.flag === null ? 1 : card.flag === 1 ? 0 : null }, action: 'none' };
    case '\r':
    case '\n':
    case 'a':
      return { card, action: 'save' };
    case 's':
    case ' ':
      return { card, action: 'skip' };
    case 'q':
    case '\u0003':
    case '\u0004':
      return { card, action: 'quit' };
    default:
      return { card, action: 'none' };
  }
}
