/**
 * Finding known people's names and bare handles (handles written without `@`) in running text, among
 * those the index looks for (./people.ts). Both match on whole words, case- and accent-insensitively.
 * A name's words may be joined by any whitespace or a hyphen, apostrophe or full stop; a possessive
 * 's stays outside the span; a name made only of ordinary words matches only when each word is written
 * with a capital, so "summer rose to 30 degrees" stays. A word right after `@` is no bare handle
 * (mentions are found in ./mentions.ts); one right after `#` is: a hashtag is a topic, but a known
 * person's distinctive handle written as one (`#jenny_p99`) names them all the same. A name of eight
 * letters or more written as one word ("JennyPascoe", or "Jenny\u200bPascoe" with an invisible space,
 * which reads so) is that name, as is a name joined by underscores ("Jenny_Pascoe"). A two-word name is
 * found with a middle initial ("Jenny R. Pascoe") and surname first with a comma ("Pascoe, Jenny"). Pure.
 */

import { NOT_ASCII, toFolded, toUnaccented, type Index, type NameEntry } from './people';
import { span, type IdentifierSpan } from './spans';

const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
const NAME_GAP = /^(?:\s+|\s*['’‘\-‐‑–.]\s*)$/u;
const CAPITAL = /^\p{Lu}/u;
/** Between a surname written first and the first name: a comma ("Pascoe, Jenny"). */
const COMMA_GAP = /^\s*,\s*$/u;
/** A middle initial as written: one capital letter. */
const INITIAL = /^\p{Lu}$/u;

interface Word {
  readonly start: number;
  readonly end: number;
  readonly folded: string;
}

export function findNamesAndHandles(text: string, index: Index, found: IdentifierSpan[]): void {
  // Lower-case the post once and slice it, unless lower-casing changes its length (rare letters).
  const lower = text.toLowerCase();
  const sliceable = lower.length === text.length;
  const ascii = sliceable && !NOT_ASCII.test(text);
  const words: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    const folded = ascii ? lower.slice(start, end) : sliceable ? toUnaccented(lower.slice(start, end)) : toFolded(match[0]);
    words.push({ start, end, folded });
  }
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as Word;
    const person = index.bareHandles.get(word.folded);
    if (person && !/[@＠]/.test(text[word.start - 1] ?? '')) {
      found.push(span(text, word.start, word.end, 'handle', { handle: text.slice(word.start, word.end), person }));
    }
    const glued = index.gluedNames.get(word.folded);
    if (glued && !/[#@＠]/.test(text[word.start - 1] ?? '')) found.push(span(text, word.start, word.end, 'name', { person: glued }));
    const seconds = index.byFirstWords.get(word.folded);
    const named = findName(text, words, i, seconds?.get(words[i + 1]?.folded ?? '') ?? []) ?? findNameWithInitial(text, words, i, seconds);
    if (named) found.push(span(text, word.start, (words[named.last] as Word).end, 'name', { person: named.person }));
  }
}

function findName(text: string, words: readonly Word[], i: number, entries: readonly NameEntry[]): { last: number; person: NameEntry['person'] } | undefined {
  for (const entry of entries) {
    const last = toNameEnd(text, words, i, entry);
    if (last >= 0) return { last, person: entry.person };
  }
  return undefined;
}

/** A two-word name with a middle initial between ("Jenny R. Pascoe", "Jenny R Pascoe"). */
function findNameWithInitial(text: string, words: readonly Word[], i: number, seconds: ReadonlyMap<string, readonly NameEntry[]> | undefined): { last: number; person: NameEntry['person'] } | undefined {
  const initial = words[i + 1];
  const surname = words[i + 2];
  if (!seconds || !initial || !surname || !INITIAL.test(text.slice(initial.start, initial.end))) return undefined;
  for (const entry of seconds.get(surname.folded) ?? []) {
    if (entry.words.length !== 2 || entry.reversed) continue;
    const gaps = [text.slice(words[i]?.end, initial.start), text.slice(initial.end, surname.start)];
    if (!gaps.every((gap) => NAME_GAP.test(gap))) continue;
    if (entry.capitalised && ![words[i] as Word, surname].every((w) => CAPITAL.test(text.slice(w.start, w.end)))) continue;
    return { last: i + 2, person: entry.person };
  }
  return undefined;
}

/** The index of the name's last word when the words from i on spell it, or -1. */
function toNameEnd(text: string, words: readonly Word[], i: number, entry: NameEntry): number {
  for (let k = 0; k < entry.words.length; k += 1) {
    const word = words[i + k];
    if (!word || word.folded !== entry.words[k]) return -1;
    if (entry.capitalised && !CAPITAL.test(text.slice(word.start, word.end)) && !/^\d/.test(word.folded)) return -1;
    if (k > 0 && !(entry.reversed ? COMMA_GAP : NAME_GAP).test(text.slice((words[i + k - 1] as Word).end, word.start))) return -1;
  }
  return i + entry.words.length - 1;
}
