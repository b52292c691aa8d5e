/**
 * What every finder in this folder reports: an identifying span of a post's text, its kind, and for
 * handles and names the known person it belongs to. Finders push spans in the order they find them;
 * the scan in ../identifiers.ts settles overlaps. Pure.
 */

import type { KnownPerson } from './people';

export type IdentifierKind = 'mention' | 'profile-link' | 'link' | 'email' | 'phone' | 'handle' | 'name';

export interface IdentifierMatch {
  readonly kind: IdentifierKind;
  /** The span as written. */
  readonly text: string;
  /** For mentions, profile links and bare handles: the account name without `@`, as written. */
  readonly handle?: string;
  /** The known person the handle or name belongs to (handles compared case-insensitively). */
  readonly person?: KnownPerson;
}

/** A match with its place in the text: `text.slice(start, end)`. */
export interface IdentifierSpan extends IdentifierMatch {
  readonly start: number;
  readonly end: number;
}

export function span(text: string, start: number, end: number, kind: IdentifierKind, extra: Partial<IdentifierMatch> = {}): IdentifierSpan {
  return { kind, text: text.slice(start, end), start, end, ...extra };
}
