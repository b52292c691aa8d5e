import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html';
import { renderMarkdownReport } from '../../src/report/markdown';
import { CODEBOOK_OUTCOME_NAMES, OUTCOME_NAMES, OUTCOME_SHORT_NAMES } from '../../src/report/outcomes';
import { makeInput, makeSummary, row, weeks } from './summary-fixture';

const codebook = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../data/codebook/one-vision-2017.json'), 'utf8')) as { outcomes: Array<{ number: number; name: string }> };

const summary = makeSummary({
  weeks: weeks('2017-04-03', [[5, 9, 2, 4, 6], [6, 8, 1, 5, 7], [4, 7, 3, 6, 8], [5, 9, 2, 4, 6]]),
  areas: [row('truro-roseland', [6, 7, 5, 5, 5], { posts: 20, label: 'Truro and Roseland' })],
  places: [row('Truro', [6, 7, 5, 5, 5], { posts: 20, area: 'truro-roseland' })],
});

describe('one name per outcome', () => {
  it('takes each name from the codebook', () => {
    expect(CODEBOOK_OUTCOME_NAMES).toEqual(Object.fromEntries(codebook.outcomes.map((o) => [o.number, o.name])));
  });

  for (const [format, render] of [['HTML', renderHtmlReport], ['Markdown', renderMarkdownReport]] as const) {
    it(`uses only the codebook's name for every outcome in the ${format} report: headings, charts, tables and the area table`, () => {
      const text = render(makeInput(summary)).replace(/&#39;/g, "'");
      for (const n of [1, 2, 3, 4, 5]) {
        const name = CODEBOOK_OUTCOME_NAMES[n]!;
        expect(text).toContain(name);
        const others = [OUTCOME_SHORT_NAMES[n]!, `Outcome ${n}`, `outcome_${n}`, `${n}. ${name}`, `${n} ${name}`];
        // The desk's names differ from the codebook's (some only in a capital letter): never in the report.
        if (!name.includes(OUTCOME_NAMES[n]!)) others.push(OUTCOME_NAMES[n]!);
        for (const other of others) expect(text, `outcome ${n} as "${other}"`).not.toContain(other);
      }
    });
  }

  it('heads the area table with the names', () => {
    const html = renderHtmlReport(makeInput(summary)).replace(/&#39;/g, "'");
    const areaTable = html.slice(html.indexOf('Community network areas by outcome'));
    const header = areaTable.slice(0, areaTable.indexOf('</thead>'));
    for (const n of [1, 2, 3, 4, 5]) expect(header).toContain(`>${CODEBOOK_OUTCOME_NAMES[n]}</th>`);
  });
});
