import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html';
import { renderMarkdownReport } from '../../src/report/markdown';
import { readMacroF1, toMethod } from '../../src/report/method-note';
import { makeInput, makeSummary, weeks } from './summary-fixture';

const summary = makeSummary({ weeks: weeks('2017-04-03', [[5, 9, 2, 4, 6]]) });
const methodText = (scores: string[] | null) => toMethod({ summary, when: '2017-04-03 to 2017-04-09', generatedAt: '2017-10-01T08:00:00Z', classifierScores: scores, gazetteerVersion: 'g1' }).map((m) => `${m.label}: ${m.text}`).join('\n');

describe('the method note', () => {
  it('says how reliable the sorting is in words, from the recorded score', () => {
    expect(methodText(['model x; A macro-F1 0.838, B 0.876'])).toContain("agreed with people's labels on about 8 in 10 posts");
    expect(methodText(['held out · macro-F1 · 0.62 · …'])).toContain('about 6 in 10 posts');
    expect(methodText(null)).toContain('has not yet been tested against posts sorted by people');
    expect(readMacroF1(['set · rows · macro-F1 · per outcome', 'Test macro-F1 0.857 (target ≥ 0.80)'])).toBe(0.857);
  });

  it('says what was collected, how posts were sorted and what is left out, in plain English without the technical figures', () => {
    const text = methodText(['model x; A macro-F1 0.838, B 0.876']);
    for (const label of ['What was collected', 'How posts were sorted', 'How reliable the sorting is', 'What is left out, and why', 'Who responded']) expect(text).toContain(`${label}:`);
    expect(text).not.toMatch(/F1|2017\.1\.1|codebook|gazetteer|log-odds/i);
  });

  it('moves the technical figures to a Technical appendix after the method, in HTML and Markdown', () => {
    const input = makeInput(summary);
    const html = renderHtmlReport(input);
    const method = html.slice(html.indexOf('<section class="method"'), html.indexOf('<section class="appendix"'));
    const appendix = html.slice(html.indexOf('<section class="appendix"'));
    expect(method).toContain('How these figures were made');
    expect(method).not.toMatch(/macro-F1|2017\.1\.1|g-2026\.1/);
    expect(appendix).toContain('<h2 id="appendix">Technical appendix</h2>');
    for (const figure of ['macro-F1 0.838', 'per outcome 0.86 / 0.84', '2017.1.1 (', '2017.1.1+abc', 'g-2026.1']) expect(appendix).toContain(figure);
    const md = renderMarkdownReport(input);
    expect(md.indexOf('## Technical appendix')).toBeGreaterThan(md.indexOf('## How these figures were made'));
    expect(md.slice(md.indexOf('## Technical appendix'))).toContain('macro-F1 0.838');
    expect(md.slice(0, md.indexOf('## Technical appendix'))).not.toContain('macro-F1');
  });
});

describe('what is left out', () => {
  const leftOut = (totals: Partial<ReturnType<typeof makeSummary>['totals']>) => {
    const base = makeSummary({ weeks: weeks('2017-04-03', [[5, 9, 2, 4, 6]]) });
    const summary = { ...base, totals: { ...base.totals, ...totals } };
    return toMethod({ summary, when: 'x', generatedAt: '2017-10-01T08:00:00Z', classifierScores: null, gazetteerVersion: 'g1' }).find((m) => m.label === 'What is left out, and why')!.text;
  };

  it('names only the reasons that apply', () => {
    expect(leftOut({ withheld: 3, flagged: 3, awaitingScreening: 0 })).toContain('3 posts are counted but never quoted or used for the words shown, because they were flagged for the safeguarding lead (3).');
    expect(leftOut({ withheld: 5, flagged: 2, awaitingScreening: 3 })).toContain('because they were flagged for the safeguarding lead (2) or not yet checked for safeguarding (3).');
    expect(leftOut({ withheld: 0 })).toContain('Every post counted could be quoted');
    expect(leftOut({ ownLeftOut: 0 })).not.toContain("campaign's own");
    expect(leftOut({ ownLeftOut: 42 })).toContain("42 posts by the campaign's own accounts are left out of every figure");
  });
});
