/**
 * Post text whose direction controls end inside it. Pure.
 *
 * A stranger's text may hold the Unicode bidi controls: embeddings and overrides (U+202A LRE, U+202B
 * RLE, U+202D LRO, U+202E RLO, closed by U+202C PDF) and isolates (U+2066 LRI, U+2067 RLI, U+2068 FSI,
 * closed by U+2069 PDI). Left open, an override runs on past the text into whatever is printed after
 * it on the same line, so a name can make a date or a label read backwards. A page puts such text in
 * an isolate (`<bdi>`, see src/web/html.ts), but an isolate alone is not enough: a PDI in the text
 * closes the page's isolate early and lets an override after it run on. So, as the bidi algorithm
 * (UAX #9, X1–X8) pairs them:
 * - an opener left open is closed at the end of the text, and before each paragraph separator (the
 *   algorithm ends them there anyway), innermost first;
 * - a PDF or PDI that closes nothing opened in the text is dropped (the algorithm would ignore it
 *   inside the text, but next to other text it could close something that is not the text's own);
 * - everything else, paired controls and the bidi marks (LRM, RLM, ALM: they open nothing), is kept.
 *
 * Closing rather than stripping: Arabic, Hebrew or Urdu written with embeddings around an English
 * name still reads as its writer meant it, and text copied off the page carries no open override
 * into wherever it is pasted. (A terminal has no isolate, so src/gate/terminal-text.ts shows every
 * control as `<U+202E>` instead.)
 */

type Opened = 'embedding' | 'isolate';

const PDF = '\u202c';
const PDI = '\u2069';
const OPENERS: Readonly<Record<string, Opened>> = {
  '\u202a': 'embedding',
  '\u202b': 'embedding',
  '\u202d': 'embedding',
  '\u202e': 'embedding',
  '\u2066': 'isolate',
  '\u2067': 'isolate',
  '\u2068': 'isolate',
};

// The controls, and the paragraph separators (bidi class B) that end whatever they opened.
// eslint-disable-next-line no-control-regex
const DECISIONS = /[\u202a-\u202e\u2066-\u2069\n\r\u001c-\u001e\u0085\u2029]/g;

/** The text with every embedding, override and isolate it opens closed inside it, and no stray closer. */
export function toBalancedBidi(text: string): string {
  const open: Opened[] = [];
  const balanced = text.replace(DECISIONS, (char) => {
    if (char === PDF) {
      if (open.at(-1) !== 'embedding') return '';
      open.pop();
      return char;
    }
    if (char === PDI) {
      const isolate = open.lastIndexOf('isolate');
      if (isolate === -1) return '';
      // A PDI also ends the embeddings opened inside its isolate.
      open.length = isolate;
      return char;
    }
    const opener = OPENERS[char];
    if (opener === undefined) return closeAll(open) + char;
    open.push(opener);
    return char;
  });
  return balanced + closeAll(open);
}

function closeAll(open: Opened[]): string {
  const closers = open.map((opened) => (opened === 'isolate' ? PDI : PDF)).reverse();
  open.length = 0;
  return closers.join('');
}
