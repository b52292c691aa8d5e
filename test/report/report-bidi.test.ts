/**
 * A quote or a place name holding bidi controls must not turn the report's own words round: what a
 * value opens ends inside it, and a stray closer is dropped (src/gate/bidi-text.ts), in the HTML and
 * the Markdown report alike. (The desk's real-browser test shows what an open override draws.)
 */
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html';
import { renderMarkdownReport } from '../../src/report/markdown';
import { makeInput, makeSummary, row, weeks } from './summary-fixture';

const RLO = '\u202e';
const PDF = '\u202c';
const PDI = '\u2069';

const base = makeSummary({ weeks: weeks('2017-04-03', [[5, 9, 2, 4, 6], [6, 8, 1, 5, 7]]) });
const summary = makeSummary({
  weeks: weeks('2017-04-03', [[5, 9, 2, 4, 6], [6, 8, 1, 5, 7]]),
  places: [row(`Truro${RLO}`, [6, 7, 5, 5, 5], { posts: 20, area: 'truro-roseland' })],
  outcomes: base.outcomes.map((o) =>
    o.outcome === 2
      ? {
          ...o,
          quotes: [{ postId: 1, source: 'x', date: '2017-04-04', author: `person-${RLO}abc`, text: `Two years on the CAMHS list in Truro ${PDI}${RLO}and nobody rang back`, confirmed: true, confidence: 0.9 }],
        }
      : o,
  ),
});

/** Each opened override is closed before the end of its line, and no closer stands alone. */
function expectBalanced(text: string): void {
  for (const line of text.split('\n')) {
    const opened = line.split(RLO).length - 1;
    const closed = line.split(PDF).length - 1;
    expect(closed, JSON.stringify(line)).toBe(opened);
  }
  expect(text).not.toContain(PDI);
}

describe('bidi controls in report values', () => {
  for (const [format, render] of [['HTML', renderHtmlReport], ['Markdown', renderMarkdownReport]] as const) {
    it(`${format}: a quote's author, its text and a place name close what they open`, () => {
      const text = render(makeInput(summary));
      expect(text).toContain(RLO);
      expectBalanced(text);
      // Closed right after the value: the report's own words after it read as written.
      expect(text).toContain(`and nobody rang back${PDF}`);
    });
  }
});
