/**
 * Post text that is safe to print on a terminal. Pure.
 *
 * Posts are written by strangers and read on the safeguarding lead's terminal, so nothing in them may
 * move the cursor, clear the screen, recolour, retitle, hide a hyperlink or reorder what is shown.
 * Rather than parse escape sequences (and miss one), every character a terminal or a bidi algorithm
 * acts on is made visible, one character at a time; the printable bytes that followed an ESC then
 * stay as plain text, so `\x1b[2J` prints as `␛[2J` and an OSC-8 link prints its target in full:
 * `␛]8;;http://evil␇text␛]8;;␇`.
 *
 * The visible forms, one rule each:
 * - C0 controls (U+0000–U+001F except `\n` and `\t`) and DEL become their Control Pictures symbol:
 *   NUL `␀`, BEL `␇`, BS `␈`, CR `␍`, ESC `␛`, DEL `␡` (U+2400 + code, U+2421 for DEL).
 * - A CR directly before LF is a Windows line ending and is dropped; any other CR is shown as `␍`,
 *   so `"safe\rEVIL"` cannot overwrite "safe".
 * - C1 controls (U+0080–U+009F; U+009B is a CSI and U+009D an OSC on some terminals), bidi embeddings,
 *   overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the bidi marks (U+200E, U+200F, U+061C)
 *   become `<U+XXXX>`.
 * - A lone UTF-16 surrogate becomes U+FFFD, as it would on output anyway.
 * - U+2028 and U+2029 (line and paragraph separators) become `\n`.
 * Everything else (letters with accents, Cornish and Welsh letters, emoji with their joiners and
 * variation selectors, flag tag sequences) is left exactly as written.
 */

// One pass over the characters that need a decision; the rest is copied by the regex engine.
// Matching control characters is the point of this regex.
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const CONTROL_PICTURES_BASE = 0x2400;
const DEL_PICTURE = '\u2421';

/** Every control character and escape sequence made visible; `\n` and `\t` kept. */
export function toTerminalText(text: string): string {
  return text.replace(UNSAFE, toVisible);
}

/**
 * The same, on one line for list views: each run of line breaks (with the spaces around it) becomes
 * ` ⏎ `, tabs become single spaces, and leading and trailing whitespace is trimmed.
 */
export function toTerminalLine(text: string): string {
  return toTerminalText(text)
    .replace(/\t/g, ' ')
    .trim()
    .replace(/[ \u00a0]*(?:\n[ \u00a0]*)+/g, ' ⏎ ');
}

function toVisible(char: string): string {
  if (char === '\r\n' || char === '\u2028' || char === '\u2029') return '\n';
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(CONTROL_PICTURES_BASE + code);
  if (code === 0x7f) return DEL_PICTURE;
  if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}
