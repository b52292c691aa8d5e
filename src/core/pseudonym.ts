import { createHmac } from 'node:crypto';

/**
 * A stable pseudonym for an author: a keyed hash, so the same person gets the same pseudonym within
 * one database, and nobody without the database's key can reverse it or link it across databases.
 */
export function pseudonymFor(key: string, source: string, sourceAuthorId: string): string {
  const digest = createHmac('sha256', key).update(`${source}\u0000${sourceAuthorId}`).digest('hex');
  return `person-${digest.slice(0, 12)}`;
}
