/**
 * Finding phone numbers: UK numbers as people write them, and other international ones. A national
 * number is 10 or 11 digits starting 0 then 1, 2, 3, 5, 7, 8 or 9 (07700 900123, 01872-123-456,
 * (01872) 123456, 0800 111 222, 020 7946 0000); an international one is +44 or 0044, an optional
 * trunk 0 or (0), then 9 or 10 digits starting the same way. Other +country numbers count at 10 to
 * 15 digits. Digits may be split into groups by up to three spaces, hyphens, dots or brackets. The
 * first group of a national number has three digits or more (or is a bracketed (0)), later groups two
 * or more, so dates ("01.05.2017"), years ("2016 2017 2018"), counts ("1,200"), times ("0930 1030")
 * and short numbers (999, 101) never match. Pure.
 */

import { span, type IdentifierSpan } from './spans';

const DIGIT_RUN = /(?<!\d[.,]?)[+(]?\d(?:[ \t\u00a0().-]{0,3}\d)*\)?/g;
const NATIONAL = /^0[1235789]\d{8,9}$/;
const AFTER_44 = /^0?[1235789]\d{8,9}$/;

interface Group {
  readonly start: number;
  readonly end: number;
  readonly digits: string;
}

type PhoneForm = 'national' | 'uk' | 'international';

export function findPhones(text: string, found: IdentifierSpan[]): void {
  for (const run of text.matchAll(DIGIT_RUN)) {
    const groups = [...run[0].matchAll(/\d+/g)].map((g) => {
      const start = run.index + g.index;
      return { start, end: start + g[0].length, digits: g[0] };
    });
    for (let i = 0; i < groups.length; i += 1) {
      const last = toPhoneEnd(text, groups, i);
      if (last < 0) continue;
      const first = groups[i] as Group;
      const start = /[+(]/.test(text[first.start - 1] ?? '') ? first.start - 1 : first.start;
      let end = (groups[last] as Group).end;
      const inside = text.slice(start, end);
      if (text[end] === ')' && inside.split('(').length > inside.split(')').length) end += 1;
      found.push(span(text, start, end, 'phone'));
      i = last;
    }
  }
}

/** The index of the last group of the longest phone number starting at group i, or -1. */
function toPhoneEnd(text: string, groups: readonly Group[], i: number): number {
  const first = groups[i] as Group;
  const form = toPhoneForm(text, first);
  if (!form) return -1;
  let digits = '';
  let best = -1;
  for (let j = i; j < groups.length && j < i + 6; j += 1) {
    const group = groups[j] as Group;
    const trunk = j === i + 1 && group.digits === '0' && form === 'uk';
    if (j > i && group.digits.length < 2 && !trunk && form !== 'international') break;
    digits += group.digits;
    if (digits.length > 15) break;
    if (isPhoneNumber(form, digits)) best = j;
  }
  return best;
}

function toPhoneForm(text: string, first: Group): PhoneForm | null {
  const before = text[first.start - 1];
  const bracketed = before === '(' && text[first.end] === ')';
  if (before === '+') return first.digits.startsWith('44') ? 'uk' : 'international';
  if (first.digits.startsWith('0044')) return 'uk';
  if (first.digits.startsWith('00') || first.digits[0] !== '0') return null;
  return first.digits.length >= 3 || bracketed ? 'national' : null;
}

function isPhoneNumber(form: PhoneForm, digits: string): boolean {
  if (form === 'national') return NATIONAL.test(digits);
  if (form === 'uk') return AFTER_44.test(digits.replace(/^(?:00)?44/, ''));
  return digits.length >= 10 && digits.length <= 15;
}
