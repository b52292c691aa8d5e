/**
 * `report --format pdf`: the HTML report printed to A4 by Debian's Chromium, written whole or not at
 * all, recorded like every report (so `forget --rewrite-outputs` reprints it as a PDF), and a plain
 * exit 2 with the fix when there is no browser to print with.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { seedReportDb } from '../report/seed';
import { describeInChromium } from '../web/browser';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
  await seedReportDb(db, tmp.file('seed.csv'));
}, 60_000);
afterAll(() => tmp.cleanup());

const cli = (args: string[], env: Record<string, string> = {}, database = db) => runCli(['--db', database, ...args], { cwd: tmp.dir, env });

interface ExportRow {
  id: number;
  kind: string;
  path: string;
  filters: string;
  row_count: number;
  content_hash: string | null;
}

const recorded = (file: string, database = db) => queryDb<ExportRow>(database, 'SELECT * FROM exports WHERE path = ? ORDER BY id', file);
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0;
const mediaBoxes = (pdf: Buffer) => [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[([^\]]*)\]/g)].map((m) => m[1]!.trim().split(/\s+/).map(Number));

/** The document title in the PDF's information dictionary (bookmarks have titles too): a literal string or UTF-16 in hex. */
function pdfTitle(pdf: Buffer): string | undefined {
  const whole = pdf.toString('latin1');
  const info = /\/Info\s+(\d+)\s+0\s+R/.exec(whole)?.[1];
  if (info === undefined) return undefined;
  const start = whole.search(new RegExp(`(^|\\s)${info}\\s+0\\s+obj\\b`));
  if (start < 0) return undefined;
  const text = whole.slice(start, whole.indexOf('endobj', start));
  const literal = /\/Title\s*\(((?:\\.|[^\\)])*)\)/.exec(text)?.[1];
  if (literal !== undefined) return literal.replace(/\\([0-7]{1,3}|.)/g, (_, c: string) => (/^[0-7]+$/.test(c) ? String.fromCharCode(parseInt(c, 8)) : c));
  const hex = /\/Title\s*<([0-9A-Fa-f\s]*)>/.exec(text)?.[1];
  if (hex === undefined) return undefined;
  const bytes = Buffer.from(hex.replace(/\s/g, ''), 'hex');
  if (bytes[0] !== 0xfe || bytes[1] !== 0xff) return bytes.toString('latin1');
  const swapped = Buffer.from(bytes.subarray(2));
  return swapped.swap16().toString('utf16le');
}

function htmlTitle(html: string): string {
  const raw = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
  return raw.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('report --format pdf without a browser', () => {
  it('exits 2 naming what it looked for and the fix, and writes and records nothing', async () => {
    const out = tmp.file('nobrowser/board.pdf');
    const result = await cli(['report', '--format', 'pdf', '--out', out], { ONEVISION_CHROMIUM: '/nonexistent/chrome' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ONEVISION_CHROMIUM is /nonexistent/chrome, which is not a file');
    expect(result.stderr).toContain('sudo apt-get install chromium');
    expect(result.stderr).toContain('--format html');
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // a message, not a stack
    expect(fs.existsSync(tmp.file('nobrowser'))).toBe(false);
    expect(recorded(out)).toEqual([]);
  });

  it('exits 2 when the program named is not a browser that starts, and writes nothing', async () => {
    const fake = tmp.file('not-a-browser');
    fs.writeFileSync(fake, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const out = tmp.file('fake/board.pdf');
    const result = await cli(['report', '--format', 'pdf', '--out', out], { ONEVISION_CHROMIUM: fake });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot print a PDF: ${fake} did not start as a headless browser`);
    expect(fs.existsSync(tmp.file('fake'))).toBe(false);
    expect(recorded(out)).toEqual([]);
  });

  it('doctor warns that PDF reports have no browser, with the same fix', async () => {
    const result = await cli(['doctor', '--offline', '--json'], { ONEVISION_CHROMIUM: '/nonexistent/chrome' });
    expect(result.code).toBe(0);
    const checks = JSON.parse(result.stdout) as Array<{ name: string; status: string; detail: string; fix: string | null }>;
    expect(checks.find((c) => c.name === 'PDF reports')).toEqual({
      name: 'PDF reports',
      status: 'warn',
      detail: 'ONEVISION_CHROMIUM is /nonexistent/chrome, which is not a file',
      fix: expect.stringContaining('sudo apt-get install chromium') as string,
    });
  });

  it('lists pdf among the formats in --help and refuses another format with exit 2', async () => {
    expect((await cli(['report', '--help'])).stdout).toContain('onevision report --format pdf --out reports/board.pdf');
    const result = await cli(['report', '--format', 'docx']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format "docx" is not html, md or pdf');
  });
});

describeInChromium('report --format pdf in Chromium', () => {
  it('prints the HTML report to A4 pages titled as the report, and records it with the posts it counted', async () => {
    const out = tmp.file('board.pdf');
    const result = await cli(['report', '--format', 'pdf', '--out', out, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const written = JSON.parse(result.stdout) as { path: string; format: string; posts: number };
    expect(written).toMatchObject({ path: out, format: 'pdf' });

    const pdf = fs.readFileSync(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-1024).toString('latin1')).toContain('%%EOF');
    expect(pages(pdf)).toBeGreaterThanOrEqual(2);
    // A4 is 595.28 × 841.89 points; Chromium rounds to its own pixel grid.
    expect(mediaBoxes(pdf).length).toBe(pages(pdf));
    for (const [, , width, height] of mediaBoxes(pdf)) {
      expect(Math.abs(width! - 595.28)).toBeLessThan(2);
      expect(Math.abs(height! - 841.89)).toBeLessThan(2);
    }
    const html = tmp.file('board.html');
    expect((await cli(['report', '--out', html])).code).toBe(0);
    const title = htmlTitle(fs.readFileSync(html, 'utf8'));
    expect(title.length).toBeGreaterThan(5);
    expect(pdfTitle(pdf)).toBe(title);
    // Tagged for screen readers, with the headings as bookmarks.
    expect(pdf.includes('/StructTreeRoot')).toBe(true);
    expect(pdf.toString('latin1')).toMatch(/\/Outlines\s+\d+\s+0\s+R/);
    expect(fs.readdirSync(tmp.dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(fs.statSync(out).mode & 0o077).toBe(0);

    const [row, ...more] = recorded(out);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ kind: 'report', row_count: written.posts, content_hash: sha256(out) });
    expect(JSON.parse(row!.filters)).toMatchObject({ format: 'pdf' });
    expect(queryDb(db, 'SELECT count(*) AS n FROM export_posts WHERE export_id = ?', row!.id)).toEqual([{ n: written.posts }]);
  }, 60_000);

  it('doctor names the browser that will print', async () => {
    const checks = JSON.parse((await cli(['doctor', '--offline', '--json'])).stdout) as Array<{ name: string; status: string; detail: string }>;
    expect(checks.find((c) => c.name === 'PDF reports')).toMatchObject({ status: 'ok', detail: 'printed by /usr/bin/chromium' });
  });

  it('names the default file .pdf, in the reports folder', async () => {
    const result = await cli(['report', '--format', 'pdf', '--json']);
    expect(result.code).toBe(0);
    const { path: written } = JSON.parse(result.stdout) as { path: string };
    expect(written).toMatch(new RegExp(`^${tmp.file('reports/onevision-')}\\d{4}-\\d\\d-\\d\\d-\\d{4}-\\d\\d-\\d\\d\\.pdf$`));
    expect(fs.readFileSync(written).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 60_000);

  it('forget --rewrite-outputs reprints a recorded PDF as a PDF without the erased post', async () => {
    const own = tmp.file('forget.db');
    await seedReportDb(own, tmp.file('forget-seed.csv'));
    const out = tmp.file('forget-board.pdf');
    const first = await cli(['report', '--format', 'pdf', '--out', out, '--json'], {}, own);
    expect(first.code).toBe(0);
    const before = JSON.parse(first.stdout) as { posts: number };

    const forget = await cli(['forget', '--post', 'survey:p0', '--rewrite-outputs', '--json'], {}, own);
    expect(forget.stderr).toBe('');
    expect(forget.code).toBe(0);
    expect(JSON.parse(forget.stdout)).toMatchObject({ posts: 1, rewritten: [out], notRewritten: [] });
    expect(fs.readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const rows = recorded(out, own);
    expect(rows.map((r) => JSON.parse(r.filters).format)).toEqual(['pdf', 'pdf']);
    expect(rows.at(-1)).toMatchObject({ row_count: before.posts - 1, content_hash: sha256(out) });
  }, 90_000);

  it('forget --rewrite-outputs lists a PDF it cannot reprint (no browser) for recall, and leaves it as it was', async () => {
    const own = tmp.file('forget-nobrowser.db');
    await seedReportDb(own, tmp.file('forget-nobrowser-seed.csv'));
    const out = tmp.file('kept-board.pdf');
    expect((await cli(['report', '--format', 'pdf', '--out', out], {}, own)).code).toBe(0);
    const bytes = sha256(out);

    const forget = await cli(['forget', '--post', 'survey:p0', '--rewrite-outputs', '--json'], { ONEVISION_CHROMIUM: '/nonexistent/chrome' }, own);
    expect(forget.code).toBe(0);
    const report = JSON.parse(forget.stdout) as { rewritten: string[]; notRewritten: Array<{ path: string; why: string }> };
    expect(report.rewritten).toEqual([]);
    expect(report.notRewritten).toEqual([{ path: out, why: expect.stringContaining('cannot print a PDF') as string }]);
    expect(sha256(out)).toBe(bytes);
  }, 90_000);
});
