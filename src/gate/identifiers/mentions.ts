/**
 * Finding e-mail addresses and mentions, the two things an `@` marks. An e-mail address is found
 * wherever it is written, known or not. A mention is `@handle`, `＠handle` or `.@handle` (the dot
 * stays), a handle being `[A-Za-z0-9_]{1,30}`; dotted Instagram-style handles (`@jenny.pascoe`) are
 * one span. `@ handle` with a space counts only for a distinctive handle (./people.ts) or a known one
 * that is not an everyday word, so "meet @ the youth club", "@ 7pm" and "ask @ help desk" stay even
 * when someone's handle is `help`. `word@handle` that is not an e-mail address counts only for a
 * known handle, and so do a number or a time ("meet @7pm", "@10:30", "@2017"). Pure.
 */

import { isDistinctiveHandle, type Index } from './people';
import { span, type IdentifierSpan } from './spans';
import { GENERIC_WORDS, ORDINARY_WORDS } from './word-lists';

// Parts bounded by the lengths e-mail allows (64 before @, 63 a label), so no text makes the scan
// slow; the look-behind starts an address only at the start of a word.
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const EMAIL = new RegExp(
  `(?<![\\p{L}\\p{N}_%+-])[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}._%+'-]{0,62}[\\p{L}\\p{N}_%+-])?@${LABEL}(?:\\.${LABEL}){1,8}`,
  'gu',
);
const MENTION = /[@＠]([ \u00a0](?=\w))?(\w{1,30}(?:\.\w{1,30}){0,3})(?![\p{L}\p{N}_])/gu;
const WORD_BEFORE = /[\p{L}\p{N}_]$/u;
const NUMBER_OR_TIME = /^\d+(?:am|pm|st|nd|rd|th)?$/i;

/** E-mail addresses, then mentions; a post without an `@` holds neither. */
export function findEmailsAndMentions(text: string, index: Index, found: IdentifierSpan[]): void {
  if (!text.includes('@') && !text.includes('＠')) return;
  findEmails(text, found);
  findMentions(text, index, found);
}

function findEmails(text: string, found: IdentifierSpan[]): void {
  for (const match of text.matchAll(EMAIL)) found.push(span(text, match.index, match.index + match[0].length, 'email'));
}

function isEverydayWord(word: string): boolean {
  const lower = word.toLowerCase();
  return GENERIC_WORDS.has(lower) || ORDINARY_WORDS.has(lower);
}

function findMentions(text: string, index: Index, found: IdentifierSpan[]): void {
  for (const match of text.matchAll(MENTION)) {
    const start = match.index;
    const spaced = match[1] !== undefined;
    const written = match[2] ?? '';
    // "@jenny_p99.thanks" or Instagram's "@jenny.pascoe": one span; the part before the dot is
    // looked up when the whole is not a known handle.
    const person = index.byHandle.get(written.toLowerCase()) ?? index.byHandle.get((written.split('.')[0] ?? '').toLowerCase());
    const glued = WORD_BEFORE.test(text.slice(Math.max(0, start - 2), start));
    const isMention = person
      ? !spaced || !isEverydayWord(written)
      : spaced
        ? isDistinctiveHandle(written)
        : !glued && !NUMBER_OR_TIME.test(written);
    if (!isMention) continue;
    const end = start + match[0].length;
    const handle = written;
    found.push(span(text, start, end, 'mention', person ? { handle, person } : { handle }));
  }
}
