/**
 * Finding what identifies a person in a post's text: mentions, profile links, other links, e-mail
 * addresses, phone numbers, and known people's handles and full names. The people in this data are
 * often children. One scan (`findIdentifiers`) runs every finder in ./identifiers/ (links.ts,
 * mentions.ts, phones.ts, names.ts; which handles and names are looked for at all is people.ts) and
 * keeps, where spans overlap, the longest (a name inside an e-mail address is part of the address; a
 * handle inside a link is part of the link). One replacer (`replaceIdentifiers`) lets each output
 * decide what goes in a span's place: a pseudonym in a CSV, a placeholder in a report, a blank. Each
 * finder's header gives the rules it follows, each tested in test/gate/identifiers.test.ts. Pure.
 */

import { toMatchingText, toWrittenSpan } from '../core/matching-text';
import { findLinks } from './identifiers/links';
import { findEmailsAndMentions } from './identifiers/mentions';
import { findNamesAndHandles } from './identifiers/names';
import { indexPeople, toIndex, type PeopleIndex } from './identifiers/people';
import { findPhones } from './identifiers/phones';
import type { IdentifierKind, IdentifierSpan } from './identifiers/spans';

export { indexPeople } from './identifiers/people';
export type { IndexOptions, KnownPerson, PeopleIndex } from './identifiers/people';
export type { IdentifierKind, IdentifierMatch, IdentifierSpan } from './identifiers/spans';

/**
 * Every identifying span in the text, in order, none overlapping. The finders read the text as
 * core/matching-text.ts does (no invisible characters, full-width and look-alike letters read as
 * Latin, no accents), so `jenny\u200b_p99` and `ｊｅｎｎｙ_p99` are found; spans are of the text as written.
 */
export function findIdentifiers(text: string, people: PeopleIndex): IdentifierSpan[] {
  const index = toIndex(people);
  const matching = toMatchingText(text);
  const read = matching.text;
  const found: IdentifierSpan[] = [];
  findLinks(read, index, found);
  findEmailsAndMentions(read, index, found);
  findPhones(read, found);
  findNamesAndHandles(read, index, found);
  const spans = toLongestFirst(read, found);
  if (matching.starts === null) return spans;
  return spans.map((span) => {
    const [start, end] = toWrittenSpan(matching, span.start, span.end);
    return { ...span, start, end, text: text.slice(start, end) };
  });
}

/** The text with each identifying span replaced by what `replace` returns for it. */
export function replaceIdentifiers(text: string, people: PeopleIndex, replace: (match: IdentifierSpan) => string): string {
  const spans = findIdentifiers(text, people);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + replace(span);
    at = span.end;
  }
  return out + text.slice(at);
}

const KIND_ORDER: readonly IdentifierKind[] = ['email', 'profile-link', 'link', 'mention', 'phone', 'name', 'handle'];

/** Longest span wins an overlap; at equal length, the kind earlier in KIND_ORDER. */
function toLongestFirst(text: string, found: IdentifierSpan[]): IdentifierSpan[] {
  if (found.length < 2) return found;
  const ranked = [...found].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.start - b.start,
  );
  const kept: IdentifierSpan[] = [];
  if (found.length < 16) {
    for (const span of ranked) if (kept.every((k) => span.end <= k.start || span.start >= k.end)) kept.push(span);
    return kept.sort((a, b) => a.start - b.start);
  }
  // Many spans: each detector's own spans barely overlap, so marking taken characters stays linear.
  const taken = new Uint8Array(text.length);
  for (const span of ranked) {
    if (taken.subarray(span.start, span.end).includes(1)) continue;
    taken.fill(1, span.start, span.end);
    kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The empty index: contact details and links are still found, no handles or names are known. */
export const NO_PEOPLE: PeopleIndex = indexPeople([]);
