import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { DELETED_TEXT, EMAIL, FLAGGED_SECRET, HUMAN_FLAGGED_SECRET, PHONE, STALE_TEXT, seedReportDb } from '../report/seed';
import { findExportRow } from '../helpers/export-rows';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let planted: Awaited<ReturnType<typeof seedReportDb>>;
beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
  planted = await seedReportDb(db, tmp.file('seed.csv'));
});
afterAll(() => tmp.cleanup());

const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });
const csvRows = (text: string) => parse(text, { columns: true }) as Array<Record<string, string>>;

interface SummaryJson {
  totals: { posts: number; retweets: number; voices: number; classified: number; unclassified: number; flagged: number; awaitingReview: number };
  outcomes: Array<{ outcome: number; posts: number; voices: number; share: number; terms: string[]; previousPosts: number }>;
  by: { columns: string[]; rows: Array<Array<string | number>> } | null;
}

async function summary(...args: string[]): Promise<SummaryJson> {
  const result = await cli('summary', '--json', ...args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as SummaryJson;
}

describe('onevision summary', () => {
  it('adds up: total posts and posts per outcome equal the export rows for the same filter', async () => {
    for (const filter of [[], ['--source', 'x', '--from', '2017-05-01', '--to', '2017-07-15']]) {
      const model = await summary(...filter);
      const all = csvRows((await cli('export', ...filter)).stdout);
      expect(model.totals.posts).toBe(all.length);
      for (const outcome of model.outcomes) {
        const rows = csvRows((await cli('export', '--outcome', String(outcome.outcome), ...filter)).stdout);
        expect(rows.every((r) => r.outcomes!.split(';').includes(String(outcome.outcome)))).toBe(true);
        expect(outcome.posts).toBe(rows.length);
      }
    }
  });

  it('never counts deleted posts, and counts retweets as posts but not voices', async () => {
    const model = await summary();
    expect(model.totals.posts).toBe(66); // 67 planted, one deleted
    expect(model.totals.retweets).toBe(1);
    // An author is one per source (platforms do not tell us who is the same person elsewhere).
    const voices = new Set(planted.filter((r) => r.id !== 'gone' && r.id !== 'rt1').map((r) => `${r.source}/${r.author}`));
    expect(model.totals.voices).toBe(voices.size);
    // new1 was never classified; stale changed after it was: its old outcomes no longer count.
    expect(model.totals.unclassified).toBe(2);
    expect(model.totals.flagged).toBe(2);
    expect(model.totals.awaitingReview).toBe(1);
  });

  it('prints a table that says how multi-outcome posts count and what awaits review', async () => {
    const result = await cli('summary');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/posts 66 \(1 retweet\) · unique voices \d+/);
    expect(result.stdout).toContain('safeguarding flags awaiting review: 1');
    expect(result.stdout).toContain('A post with two outcomes counts in both');
    expect(result.stdout).toMatch(/2 Children's physical, emotional and mental health\s+\d+\s+\d+%/);
  });

  it('compares with the period of the same length before', async () => {
    const model = await summary('--from', '2017-05-01', '--to', '2017-05-31');
    const before = await summary('--from', '2017-03-31', '--to', '2017-04-30');
    expect(model.outcomes.map((o) => o.previousPosts)).toEqual(before.outcomes.map((o) => o.posts));
  });

  it('rejects an unknown --by with exit 2', async () => {
    const result = await cli('summary', '--by', 'colour');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--by "colour" is not one of/);
  });
});

describe('onevision export --pivot and --outcome', () => {
  it('writes the same week and month tables that summary --by prints', async () => {
    for (const by of ['week', 'month']) {
      const model = await summary('--by', by);
      const pivot = parse((await cli('export', '--pivot', by)).stdout) as string[][];
      expect(pivot[0]).toEqual(model.by!.columns);
      expect(pivot.slice(1)).toEqual(model.by!.rows.map((row) => row.map(String)));
      const posts = pivot.slice(1).reduce((sum, row) => sum + Number(row[1]), 0);
      expect(posts).toBe(model.totals.posts);
    }
  });

  it('suppresses every place count below 5, in the pivot and in the summary', async () => {
    const pivot = csvRows((await cli('export', '--pivot', 'place')).stdout);
    const bryher = pivot.find((r) => r.place === 'Bryher');
    expect(bryher).toMatchObject({ area: 'isles-of-scilly', posts: '<5', outcome_1: '<5', outcome_2: '<5' });
    const truro = pivot.find((r) => r.place === 'Truro')!;
    expect(Number(truro.posts)).toBeGreaterThanOrEqual(5);
    for (const row of pivot) for (const [column, cell] of Object.entries(row)) if (column !== 'place' && column !== 'area') expect(cell === '<5' || Number(cell) >= 5).toBe(true);
    const model = await summary('--by', 'place');
    expect(model.by!.rows.map((row) => row.map(String))).toEqual(parse((await cli('export', '--pivot', 'place')).stdout).slice(1));
  });

  it('adds a places column after tone, and exports one outcome', async () => {
    const exported = await cli('export', '--outcome', '2');
    const header = exported.stdout.split('\n')[0]!;
    expect(header).toMatch(/^source,source_id,created_at,author,text,url,outcomes,safeguarding,confidence,tone,places/);
    const rows = csvRows(exported.stdout);
    expect(rows.find((r) => r.source_id === 'p1')?.places).toBe('Truro');
    expect(rows.every((r) => r.outcomes!.split(';').includes('2'))).toBe(true);
    // A withheld post's places are withheld with its text, and say so (a blank would read as "names no place").
    expect(findExportRow(rows, db, 'x', 'flag1')?.places).toBe('[withheld]');
  });

  it('records pivots like every export, and rejects a bad outcome or pivot', async () => {
    const out = tmp.file('weekly.csv');
    expect((await cli('export', '--pivot', 'week', '--out', out)).code).toBe(0);
    expect(queryDb(db, `SELECT kind, row_count AS n FROM exports WHERE path = ?`, out)).toEqual([{ kind: 'pivot-week', n: 66 }]);
    expect((await cli('export', '--outcome', '6')).stderr).toMatch(/--outcome "6" is not a whole number from 1 to 5/);
    expect((await cli('export', '--pivot', 'day')).code).toBe(2);
  });
});

describe('onevision report', () => {
  it('writes a self-contained HTML report and records itself with the posts it counted', async () => {
    const out = tmp.file('out/board.html');
    const result = await cli('report', '--out', out, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ path: out, format: 'html', posts: 66 });
    const html = fs.readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script|<link|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*"(https?:)?\/\//i);
    expect(html.match(/<figure class="chart[ "]/g)).toHaveLength(9);
    expect(html).toContain('self-selected sample');
    expect(html).toContain('one-vision-2017.1');
    expect(html).toContain('nb-test');
    // No headline names the model 'nb-test', so the appendix quotes the newest and only it, not an older model's.
    const [newest, ...rest] = [...fs.readFileSync('BENCHMARKS.md', 'utf8').matchAll(/^Headline: model (\S+)/gm)].map((m) => m[1]!);
    const older = rest.find((version) => version !== newest);
    expect(html).toContain(`model ${newest}`);
    if (older) expect(html).not.toContain(`model ${older}`);
    expect(queryDb(db, `SELECT kind, row_count AS n FROM exports WHERE path = ?`, out)).toEqual([{ kind: 'report', n: 66 }]);
    expect(queryDb(db, `SELECT count(*) AS n FROM export_posts JOIN exports e ON e.id = export_id WHERE e.path = ?`, out)).toEqual([{ n: 66 }]);
  });

  it('never lets flagged, stale, deleted or un-redacted text reach the report, in either format', async () => {
    for (const format of ['html', 'md']) {
      const out = tmp.file(`safe.${format}`);
      expect((await cli('report', '--format', format, '--out', out)).code).toBe(0);
      const text = fs.readFileSync(out, 'utf8');
      for (const secret of [FLAGGED_SECRET, 'Zebedee', HUMAN_FLAGGED_SECRET, 'Quentin', STALE_TEXT, DELETED_TEXT, PHONE, EMAIL, 'RT @someone']) expect(text).not.toContain(secret);
      expect(text).toMatch(/\\?\[phone removed\\?\]/);
      expect(text).toMatch(/\\?\[email removed\\?\]/);
      expect(text).toMatch(/person-[0-9a-f]{12}/);
      expect(text).not.toMatch(/author\d+|parent1/);
    }
  });

  it('shows small place counts as "<5" and names the default file after the period', async () => {
    const result = await cli('report', '--format', 'md');
    expect(result.code).toBe(0);
    const file = tmp.file('reports/onevision-2017-04-03-2017-07-30.md');
    expect(result.stderr).toContain(file);
    const md = fs.readFileSync(file, 'utf8');
    expect(md).toMatch(/\| Isles of Scilly \| <5 \| <5 \|/);
    expect(md).toContain('confirmed by a person');
  });

  it('refuses an unknown format with exit 2 and writes nothing', async () => {
    const result = await cli('report', '--format', 'docx', '--out', tmp.file('x.docx'));
    expect(result.code).toBe(2);
    expect(fs.existsSync(tmp.file('x.docx'))).toBe(false);
  });
});

describe('a command that writes a file says so on stderr, and stdout stays empty (it is for data)', () => {
  it.each([
    { args: ['export'], file: 'said/posts.csv', says: 'wrote 66 posts to' },
    { args: ['export', '--pivot', 'week'], file: 'said/weekly.csv', says: 'wrote ' },
    { args: ['export', '--format', 'xlsx'], file: 'said/posts.xlsx', says: 'wrote 66 posts and ' },
    { args: ['report'], file: 'said/board.html', says: 'wrote HTML report of 66 posts' },
    { args: ['report', '--format', 'md'], file: 'said/board.md', says: 'wrote MD report of 66 posts' },
  ])('$args --out $file', async ({ args, file, says }) => {
    const out = tmp.file(file);
    const result = await cli(...args, '--out', out);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([expect.stringContaining(says), '']);
    expect(result.stderr).toContain(out);
  });

  it('report --json prints what was written on stdout, and nothing on stderr', async () => {
    const out = tmp.file('said/board-json.html');
    const result = await cli('report', '--out', out, '--json');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ path: out, format: 'html', posts: 66 });
  });
});
