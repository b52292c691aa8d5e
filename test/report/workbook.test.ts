/** The workbook's layout (issue 17), pure: typed cells from the CSV's records, Excel's cell limit, the README sheet. */
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../../src/report/csv';
import { SELF_SELECTED_CAVEAT } from '../../src/report/report-content';
import { MAX_CELL_TEXT, toPostCells, toTextCell, toWorkbook } from '../../src/report/workbook';

const record = (values: Partial<Record<(typeof EXPORT_COLUMNS)[number], string>>): string[] => EXPORT_COLUMNS.map((column) => values[column] ?? '');

describe('posts cells', () => {
  it('keep ids as text and make 0/1 flags and confidence numbers; empty stays empty', () => {
    const cells = toPostCells(record({ source: 'x', source_id: '872003887668294609', post: 'x:872003887668294609', confidence: '0.95', own_account: '0', o2: '1', o3: '0' }));
    const at = (column: (typeof EXPORT_COLUMNS)[number]) => cells[EXPORT_COLUMNS.indexOf(column)];
    expect(at('source_id')).toBe('872003887668294609');
    expect(at('post')).toBe('x:872003887668294609');
    expect([at('confidence'), at('own_account'), at('o2'), at('o3')]).toEqual([0.95, 0, 1, 0]);
    expect([at('o1'), at('safeguarding'), at('question')]).toEqual([null, null, null]);
  });

  it('cut text longer than a spreadsheet cell holds, saying so, without splitting an emoji', () => {
    const cut = toTextCell(`${'a'.repeat(MAX_CELL_TEXT - 90)}${'🙂'.repeat(200)}`);
    expect(cut.length).toBeLessThanOrEqual(MAX_CELL_TEXT);
    expect(cut).toMatch(/cut: a spreadsheet cell holds 32,767 characters/);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(toTextCell('short')).toBe('short');
  });
});

describe('the workbook', () => {
  it('starts with a README sheet that carries the caveat and the filters, then the posts', () => {
    const sheets = toWorkbook({
      records: [record({ source: 'survey', source_id: '1', text: "'=1+1" })],
      pivots: [],
      about: { generatedAt: '2017-07-01T09:00:00.000Z', filters: [['--source', 'survey']], outcomes: [{ number: 1, name: 'Strengthening families and communities' }], codebookVersion: '2017.1.1', includeAuthors: false, includeFlagged: false, includeOwn: false },
    });
    expect(sheets.map((s) => s.name)).toEqual(['README', 'posts']);
    const readme = sheets[0]!.rows.map((row) => row.join(' ')).join('\n');
    expect(readme).toContain(SELF_SELECTED_CAVEAT);
    expect(readme).toContain('Flags given: --source survey');
    expect(readme).toContain('2017-07-01T09:00:00.000Z');
    expect(sheets[1]!.rows).toEqual([[...EXPORT_COLUMNS], toPostCells(record({ source: 'survey', source_id: '1', text: "'=1+1" }))]);
  });
});
