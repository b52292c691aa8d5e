/**
 * Rows as outputs get them: the post's facts in the open, its text, link and author sealed for the
 * gate (src/gate/release.ts). Every query that feeds an output selects HELD_POST_COLUMNS and maps
 * its rows with toHeldPost, so no output query hands out bare text.
 */
import type { HeldPost } from '../gate/release';
import { seal, type Sealed } from '../gate/sealed';
import type { ScreeningState } from '../gate/screening';
import { SCREENING_STATE_SQL } from './screenings';

/** Needs `p` (posts), `a` (authors, left-joined) and `s` (screenings, left-joined). */
export const HELD_POST_COLUMNS = `p.id AS postId, p.source, p.source_id AS sourceId, p.kind, p.created_at AS createdAt,
  p.conversation_id AS conversationId, ${SCREENING_STATE_SQL} AS screening,
  p.text AS h_text, p.url AS h_url, a.source_author_id AS h_authorSourceId, a.handle AS h_authorHandle, a.name AS h_authorName`;

export interface HeldColumns {
  readonly postId: number;
  readonly source: string;
  readonly sourceId: string;
  readonly kind: string;
  readonly createdAt: string | null;
  readonly conversationId: string | null;
  readonly screening: ScreeningState;
  readonly h_text: string;
  readonly h_url: string | null;
  readonly h_authorSourceId: string | null;
  readonly h_authorHandle: string | null;
  readonly h_authorName: string | null;
}

/** A row's identity, sealed. */
export function sealRow(row: HeldColumns): Sealed {
  return seal({ text: row.h_text, url: row.h_url, authorSourceId: row.h_authorSourceId, authorHandle: row.h_authorHandle, authorName: row.h_authorName });
}

type Unsealed<T> = Omit<T, 'h_text' | 'h_url' | 'h_authorSourceId' | 'h_authorHandle' | 'h_authorName'>;

/** Seals a row's identity; every other column passes through. */
export function toHeldPost<T extends HeldColumns>(row: T): Unsealed<T> & HeldPost {
  const { h_text, h_url, h_authorSourceId, h_authorHandle, h_authorName, ...rest } = row;
  return { ...rest, sealed: seal({ text: h_text, url: h_url, authorSourceId: h_authorSourceId, authorHandle: h_authorHandle, authorName: h_authorName }) };
}

/** Maps a statement's iterator lazily, so streamed exports stay streamed. */
export function* mapRows<T, U>(rows: Iterable<T>, map: (row: T) => U): Generator<U> {
  for (const row of rows) yield map(row);
}
