import { createHmac } from 'node:crypto';

/**
 * A stable pseudonym for an author: a keyed hash, so the same person gets the same pseudonym within
 * one database, and nobody without the database's key can reverse it or link it across databases.
 */
/**
 * A keyed hash of a handle or a name as people write it (case and spacing folded), so the erasure
 * ledger can recognise it in new text without keeping it.
 */
export function identifierHash(key: string, kind: 'handle' | 'name', text: string): string {
  return createHmac('sha256', key).update(`${kind}\u0000${foldIdentifier(text)}`).digest('hex').slice(0, 32);
}

export function foldIdentifier(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/^[@＠]+/, '').replace(/\s+/g, ' ').trim();
}

export function pseudonymFor(key: string, source: string, sourceAuthorId: string): string {
  const digest = createHmac('sha256', key).update(`${source}\u0000${sourceAuthorId}`).digest('hex');
  return `person-${digest.slice(0, 12)}`;
}

/**
 * What an output shows in place of a withheld post's id: a keyed hash, so it is the same in every
 * output of one database (rows and threads join) and leads nowhere. Never all digits, so it cannot be
 * taken for a platform id.
 */
export function withheldIdFor(key: string, source: string, sourceId: string): string {
  const digest = createHmac('sha256', key).update(`post\u0000${source}\u0000${sourceId}`).digest('hex');
  return `withheld-${digest.slice(0, 12)}`;
}
