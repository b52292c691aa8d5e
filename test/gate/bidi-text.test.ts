import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/classify/random';
import { toBalancedBidi } from '../../src/gate/bidi-text';

const [LRE, RLE, PDF, LRO, RLO] = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E'];
const [LRI, RLI, FSI, PDI] = ['\u2066', '\u2067', '\u2068', '\u2069'];
const CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

describe('a stranger’s bidi controls, closed inside their text', () => {
  it.each([
    ['an override left open', `file${RLO}txt.exe`, `file${RLO}txt.exe${PDF}`],
    ['an isolate left open', `${RLI}مرحبا`, `${RLI}مرحبا${PDI}`],
    ['nested openers, innermost first', `${RLI}a${LRO}b${RLE}c`, `${RLI}a${LRO}b${RLE}c${PDF}${PDF}${PDI}`],
    ['an override open before a line break', `one${RLO}two\nthree`, `one${RLO}two${PDF}\nthree`],
    ['an isolate open before a paragraph separator', `${FSI}one\u2029two`, `${FSI}one${PDI}\u2029two`],
  ])('closes %s', (_name, text, expected) => {
    expect(toBalancedBidi(text)).toBe(expected);
  });

  it.each([
    ['a pop with nothing open', `Kai${PDI}${RLO} Pascoe`, `Kai${RLO} Pascoe${PDF}`],
    ['a PDF with nothing open', `a${PDF}b`, 'ab'],
    ['a PDF that would close an embedding outside its isolate', `${RLE}a${LRI}b${PDF}c${PDI}d${PDF}`, `${RLE}a${LRI}bc${PDI}d${PDF}`],
    ['closers after a line break, for what the line break ended', `${RLO}a\n${PDF}b`, `${RLO}a${PDF}\nb`],
  ])('drops %s', (_name, text, expected) => {
    expect(toBalancedBidi(text)).toBe(expected);
  });

  it.each([
    ['paired embeddings around an English name', `${RLE}שלום ${LRE}Truro${PDF} עולם${PDF}`],
    ['an isolate whose PDI also ends the embedding inside it', `${LRI}a${RLO}b${PDI}c`],
    ['the bidi marks, which open nothing', 'a\u200Fb\u200Ec\u061Cd'],
    ['right-to-left script without controls', 'שלום and مرحبا'],
    ['accents, emoji and line breaks', 'Siân in Bodmin 👍🏽\nKernow bys vykken'],
  ])('keeps %s as written', (_name, text) => {
    expect(toBalancedBidi(text)).toBe(text);
  });
});

describe('on random text', () => {
  const seed = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);
  const random = seededRandom(seed);
  const alphabet = ['a', 'ב', ' ', '\n', LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI];
  const randomText = (): string => Array.from({ length: Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');

  /** Opened and still open at the end of the text, as UAX #9 pairs them (one paragraph per line). */
  const leftOpen = (text: string): number => {
    let open: string[] = [];
    for (const char of text) {
      if (char === '\n') open = [];
      else if ([LRE, RLE, LRO, RLO].includes(char)) open.push('e');
      else if ([LRI, RLI, FSI].includes(char)) open.push('i');
      else if (char === PDF && open.at(-1) === 'e') open.pop();
      else if (char === PDI && open.includes('i')) open = open.slice(0, open.lastIndexOf('i'));
    }
    return open.length;
  };

  it(`leaves nothing open and changes only controls (TEST_SEED=${seed})`, () => {
    for (let i = 0; i < 2000; i += 1) {
      const text = randomText();
      const balanced = toBalancedBidi(text);
      const context = `TEST_SEED=${seed} text=${JSON.stringify(text)}`;
      expect(leftOpen(balanced), context).toBe(0);
      // Nor does it close anything opened before it, as a page's isolate around it (a line break ends that anyway).
      if (!text.includes('\n')) expect([leftOpen(`${RLI}${balanced}`), leftOpen(`${RLE}${balanced}`)], context).toEqual([1, 1]);
      expect(balanced.replace(CONTROLS, ''), context).toBe(text.replace(CONTROLS, ''));
      expect(toBalancedBidi(balanced), `${context}: idempotent`).toBe(balanced);
    }
  });
});
