import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/classify/random';
import { toTerminalLine, toTerminalText } from '../../src/gate/terminal-text';

/** True when a terminal would act on something in the text rather than print it. */
function hasActiveCharacters(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/.test(text);
}

describe('post text on a terminal', () => {
  it.each([
    ['clear screen', 'hi\x1b[2Jthere', 'hi␛[2Jthere'],
    ['cursor up', 'line\x1b[1Aover', 'line␛[1Aover'],
    ['SGR colours', '\x1b[31mred\x1b[0m text', '␛[31mred␛[0m text'],
    ['reset terminal', '\x1bcgone', '␛cgone'],
    ['window title (OSC 0, BEL)', '\x1b]0;pwned\x07Truro', '␛]0;pwned␇Truro'],
    ['DCS sequence (ST)', '\x1bPq#0\x1b\\ok', '␛Pq#0␛\\ok'],
  ])('makes an escape sequence visible: %s', (_name, text, expected) => {
    expect(toTerminalText(text)).toBe(expected);
  });

  it('shows the hidden target of an OSC-8 hyperlink, whichever terminator it uses', () => {
    const bel = 'see \x1b]8;;http://evil.example/\x07the bus timetable\x1b]8;;\x07 now';
    const st = 'see \x1b]8;;http://evil.example/\x1b\\the bus timetable\x1b]8;;\x1b\\ now';
    expect(toTerminalText(bel)).toBe('see ␛]8;;http://evil.example/␇the bus timetable␛]8;;␇ now');
    expect(toTerminalText(st)).toBe('see ␛]8;;http://evil.example/␛\\the bus timetable␛]8;;␛\\ now');
  });

  it.each([
    ['NUL', 'a\x00b', 'a␀b'],
    ['BEL', 'ding\x07', 'ding␇'],
    ['backspace', 'nice\x08\x08\x08\x08nasty', 'nice␈␈␈␈nasty'],
    ['vertical tab and form feed', 'a\x0bb\x0cc', 'a␋b␌c'],
    ['DEL', 'del\x7f', 'del␡'],
    ['a carriage return that would overwrite the line', 'safe\rEVIL', 'safe␍EVIL'],
    ['a carriage return at the end', 'Bude\r', 'Bude␍'],
  ])('shows a C0 control as its Control Pictures symbol: %s', (_name, text, expected) => {
    expect(toTerminalText(text)).toBe(expected);
  });

  it('turns Windows line endings into plain line breaks', () => {
    expect(toTerminalText('first line\r\nsecond line\r\n')).toBe('first line\nsecond line\n');
    expect(toTerminalText('a\r\r\nb')).toBe('a␍\nb');
  });

  it.each([
    ['U+009B, a one-character CSI', 'x\u009b2Jy', 'x<U+009B>2Jy'],
    ['U+009D, a one-character OSC', '\u009d8;;http://evil\u009c', '<U+009D>8;;http://evil<U+009C>'],
    ['U+0085, next line', 'a\u0085b', 'a<U+0085>b'],
    ['U+0080', '\u0080', '<U+0080>'],
  ])('shows a C1 control as its code point: %s', (_name, text, expected) => {
    expect(toTerminalText(text)).toBe(expected);
  });

  it.each([
    ['right-to-left override', 'file\u202Etxt.exe', 'file<U+202E>txt.exe'],
    ['left-to-right embedding and pop', '\u202Aa\u202C', '<U+202A>a<U+202C>'],
    ['right-to-left isolate and pop', 'x\u2067y\u2069z', 'x<U+2067>y<U+2069>z'],
    ['first strong isolate', '\u2068hi', '<U+2068>hi'],
    ['right-to-left mark', 'a\u200Fb', 'a<U+200F>b'],
    ['Arabic letter mark', 'a\u061Cb', 'a<U+061C>b'],
  ])('shows a bidi control as its code point: %s', (_name, text, expected) => {
    expect(toTerminalText(text)).toBe(expected);
  });

  it.each([
    ['accents and Cornish', 'Siân from Porthleven says Kernow bys vykken! Dydh da'],
    ['Welsh letters', 'Ŵyn, ŷd and Llŷn'],
    ['emoji, skin tones and joiners', 'need more 🚌🚌 in Bodmin 👍🏽 👩‍👩‍👧 ❤️'],
    ['a flag tag sequence', 'go 🏴󠁧󠁢󠁷󠁬󠁳󠁿 and 🇬🇧'],
    ['tabs and line breaks', 'Truro\tPenzance\nNewquay'],
    ['symbols that look like controls', 'a literal ␛[2J and <U+202E> typed by hand'],
    ['right-to-left script', 'שלום and مرحبا'],
  ])('leaves ordinary text unchanged: %s', (_name, text) => {
    expect(toTerminalText(text)).toBe(text);
  });

  it('turns line and paragraph separators into line breaks', () => {
    expect(toTerminalText('one\u2028two\u2029three')).toBe('one\ntwo\nthree');
  });

  it('replaces a lone surrogate, keeping paired ones', () => {
    expect(toTerminalText('a\ud83db 😀 c\ude00')).toBe('a\ufffdb 😀 c\ufffd');
  });
});

describe('post text on one terminal line', () => {
  it.each([
    ['a line break', 'buses are rubbish\nwe need more', 'buses are rubbish ⏎ we need more'],
    ['a blank line between paragraphs', 'first\n\nsecond', 'first ⏎ second'],
    ['spaces around line breaks', 'first  \n \n  second', 'first ⏎ second'],
    ['Windows line endings', 'a\r\nb\r\n', 'a ⏎ b'],
    ['line separators', 'a\u2028b', 'a ⏎ b'],
    ['tabs', 'Truro\tPenzance', 'Truro Penzance'],
    ['leading and trailing whitespace', '\n  hello Looe  \n', 'hello Looe'],
  ])('folds %s', (_name, text, expected) => {
    expect(toTerminalLine(text)).toBe(expected);
  });

  it('still makes controls visible, including a CR that would overwrite the line', () => {
    expect(toTerminalLine('safe\rEVIL\n\x1b[2Jok')).toBe('safe␍EVIL ⏎ ␛[2Jok');
  });
});

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('on random text', () => {
  const seed = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);
  const random = seededRandom(seed);
  const pools = [
    [0x00, 0x20], [0x20, 0x7f], [0x7f, 0xa0], [0xa0, 0x250], [0x2000, 0x2070],
    [0xd800, 0xe000], [0x1f300, 0x1f600], [0xe0000, 0xe0080],
  ] as const;
  const randomText = (): string => {
    const chars: string[] = [];
    const length = Math.floor(random() * 40);
    for (let i = 0; i < length; i += 1) {
      const [from, to] = pools[Math.floor(random() * pools.length)] ?? pools[1];
      chars.push(String.fromCodePoint(from + Math.floor(random() * (to - from))));
    }
    return chars.join('');
  };

  it(`leaves nothing a terminal would act on, and changes nothing else (TEST_SEED=${seed})`, () => {
    for (let i = 0; i < 2000; i += 1) {
      const text = randomText();
      const safe = toTerminalText(text);
      const line = toTerminalLine(text);
      const context = `TEST_SEED=${seed} text=${JSON.stringify(text)}`;
      expect(hasActiveCharacters(safe), context).toBe(false);
      expect(hasActiveCharacters(line) || line.includes('\n'), context).toBe(false);
      expect(toTerminalText(safe), `${context}: idempotent`).toBe(safe);
      if (!hasActiveCharacters(text) && !LONE_SURROGATE.test(text)) expect(safe, context).toBe(text);
    }
  });
});
