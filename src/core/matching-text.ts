/**
 * A text as people's handles and names are looked for in it. Written with an invisible character
 * inside (`jenny\u200b_p99`, a soft hyphen, a word joiner), in full-width or "bold" letters
 * (`ｊｅｎｎｙ_p99`, `𝐣𝐞𝐧𝐧𝐲_p99`), with a Cyrillic or Greek letter that looks Latin (`jеnny_p99`) or with an
 * accent (`Sám Jones`), a handle or name reads as itself to anyone, and must be found as itself. The
 * matching text drops invisible format characters, reads compatibility forms as what they stand for
 * (NFKC), look-alike letters as the Latin letter and accented Latin letters without the accent, and
 * keeps where each of its characters came from, so a span found in it is a span of the text as
 * written. Emoji, other scripts and everything else stay as they are. Pure.
 */

export interface MatchingText {
  readonly text: string;
  /**
   * Per UTF-16 unit of `text`, where the character it came from starts and ends in the text as
   * written; null when `text` is the text as written.
   */
  readonly starts: readonly number[] | null;
  readonly ends: readonly number[] | null;
}

/**
 * Characters that may read differently: Latin-1 and Latin Extended letters (accents), combining marks,
 * Greek and Cyrillic, the general punctuation, letter-like and enclosed blocks (odd spaces, invisible
 * format characters, ℓ, ⓙ), presentation forms, full-width forms, mathematical letters and enclosed
 * letters, and every invisible format character. Most posts hold none, and are returned as they are.
 */
const MAY_READ_DIFFERENTLY = /[\u00a0-\u058f\u115f\u1160\u13a0-\u13ff\u1d00-\u1d7f\u1e00-\u1eff\u2000-\u24ff\u2800\u3164\ua720-\ua7ff\ufb00-\ufb4f\ufeff\uff00-\uffef\u{1d400}-\u{1d7ff}\u{1f100}-\u{1f1ff}\p{Cf}\p{M}]/u;
/** Invisible format characters, and the "filler" letters that draw as a blank (Hangul fillers, the blank Braille pattern). */
const INVISIBLE = /^(?:\p{Cf}|\u034f|[\ufe00-\ufe0f]|[\u115f\u1160\u3164\uffa0\u2800])$/u;
const COMBINING_MARK = /\p{M}/gu;
/** Compatibility forms NFKC reads as plain letters, digits, spaces and punctuation. */
const COMPATIBILITY = /^[\u00a0-\u00bf\u2000-\u24ff\ufb00-\ufb4f\uff00-\uffef\u{1d400}-\u{1d7ff}\u{1f100}-\u{1f1ff}]$/u;
/** Latin letters that may carry an accent: read without it. */
const ACCENTED_LATIN = /^[\u00c0-\u024f\u1e00-\u1eff]$/u;

/**
 * Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables, the letters a handle or
 * name can be spelt with and still look the same).
 */
const LOOK_ALIKES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g', һ: 'h', ӏ: 'l',
    А: 'A', В: 'B', Е: 'E', Ё: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', Ѕ: 'S', І: 'I', Ї: 'I', Ј: 'J', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W', Һ: 'H', Ӏ: 'I',
    α: 'a', ο: 'o', ν: 'v', ρ: 'p', τ: 't', υ: 'u', ι: 'i', κ: 'k', χ: 'x',
    // Small capitals, as "fancy text" generators write them (ᴊᴇɴɴʏ), and dotless i.
    ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ǫ: 'q', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z', ı: 'i',
    // Armenian and Cherokee letters drawn like Latin ones.
    օ: 'o', ո: 'n', ս: 'u', հ: 'h', ց: 'g', զ: 'q',
    Ꭺ: 'A', Ᏼ: 'B', Ꮯ: 'C', Ꭰ: 'D', Ꭼ: 'E', Ꮐ: 'G', Ꮋ: 'H', Ꭻ: 'J', Ꮶ: 'K', Ꮮ: 'L', Ꮇ: 'M', Ꮲ: 'P', Ꮪ: 'S', Ꮤ: 'T', Ꮩ: 'V', Ꮃ: 'W', Ꮓ: 'Z',
    Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  }),
);

export function toMatchingText(written: string): MatchingText {
  if (!MAY_READ_DIFFERENTLY.test(written)) return { text: written, starts: null, ends: null };
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const char of written) {
    const read = readAs(char);
    text += read;
    for (let k = 0; k < read.length; k += 1) {
      starts.push(at);
      ends.push(at + char.length);
    }
    at += char.length;
  }
  return text === written ? { text: written, starts: null, ends: null } : { text, starts, ends };
}

/** What one character reads as: '' for an invisible one. */
function readAs(char: string): string {
  if (char.length === 1 && char.charCodeAt(0) < 0xa0) return char;
  if (INVISIBLE.test(char)) return '';
  const alike = LOOK_ALIKES.get(char) ?? boxedLetter(char);
  if (alike !== undefined) return alike;
  if (COMPATIBILITY.test(char)) return withoutAccents(char.normalize('NFKC'));
  if (ACCENTED_LATIN.test(char)) return withoutAccents(char);
  if (/^\p{M}$/u.test(char)) return '';
  return char;
}

/** 🅰 to 🆉 and 🄰 to 🅉 (negative and plain squared letters; the first have no compatibility form) as A to Z. */
function boxedLetter(char: string): string | undefined {
  const code = char.codePointAt(0) ?? 0;
  for (const first of [0x1f170, 0x1f130, 0x1f150]) if (code >= first && code < first + 26) return String.fromCharCode(65 + code - first);
  return undefined;
}

function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARK, '');
}

/** Where a span of the matching text is in the text as written, [start, end). */
export function toWrittenSpan(matching: MatchingText, start: number, end: number): [number, number] {
  if (matching.starts === null || matching.ends === null) return [start, end];
  if (end <= start) {
    const at = matching.starts[start] ?? matching.ends[matching.ends.length - 1] ?? 0;
    return [at, at];
  }
  return [matching.starts[start] as number, matching.ends[end - 1] as number];
}
