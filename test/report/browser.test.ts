/**
 * The HTML report in a real browser: Debian's Chromium (installed by .ci/run) opens the file from disk
 * with the network off, every chart must have drawn visible marks, nothing may be fetched, and the
 * page is screenshotted and printed to A4 PDF.
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_COLOURS } from '../../src/report/area-map';
import { OUTCOME_COLOURS } from '../../src/report/charts';
import { makeTempDir, runCli } from '../helpers/cli';
import { seedReportDb } from './seed';

const CHROMIUM = '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
// In CI a missing browser is a failure, not a skip: .ci/run installs it.
const run = available || process.env.CI ? describe : describe.skip;

let tmp: ReturnType<typeof makeTempDir>;
let report: string;
beforeAll(async () => {
  tmp = makeTempDir();
  const db = tmp.file('onevision.db');
  await seedReportDb(db, tmp.file('seed.csv'));
  report = tmp.file('report.html');
  const result = await runCli(['--db', db, 'report', '--out', report], { cwd: tmp.dir });
  if (result.code !== 0) throw new Error(result.stderr);
}, 60_000);
afterAll(() => tmp.cleanup());

interface ChartCheck {
  name: string;
  width: number;
  height: number;
  marks: number;
}

run('the HTML report in headless Chromium', () => {
  it('opens offline from disk, draws every chart, fetches nothing, and prints on A4', async () => {
    const context = await chromium.launchPersistentContext(tmp.file('profile'), {
      executablePath: CHROMIUM,
      offline: true,
      viewport: { width: 900, height: 1200 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await context.newPage();
      const fetched: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        fetched.push(url);
        return route.abort();
      });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });

      const charts = await page.$$eval(
        'figure.chart',
        (figures, colours) =>
          figures.map((figure) => {
            const svg = figure.querySelector('svg');
            const box = svg?.getBoundingClientRect();
            const palette = new Set(colours.map((c) => c.toLowerCase()));
            const marks = [...(svg?.querySelectorAll('path, rect, circle') ?? [])].filter((el) => {
              const colour = (el.getAttribute('fill') ?? el.getAttribute('stroke') ?? '').toLowerCase();
              const r = el.getBoundingClientRect();
              return (palette.has(colour) || palette.has((el.getAttribute('stroke') ?? '').toLowerCase())) && r.width + r.height > 1;
            });
            return { name: figure.getAttribute('data-chart') ?? '', width: box?.width ?? 0, height: box?.height ?? 0, marks: marks.length };
          }),
        [...OUTCOME_COLOURS, ...MAP_COLOURS],
      );
      expect(charts.map((c: ChartCheck) => c.name)).toEqual(['outcomes', 'weekly-1', 'weekly-2', 'weekly-3', 'weekly-4', 'weekly-5', 'sources', 'places', 'map']);
      for (const chart of charts) {
        expect(chart.width, chart.name).toBeGreaterThan(280);
        expect(chart.height, chart.name).toBeGreaterThan(50);
        expect(chart.marks, chart.name).toBeGreaterThanOrEqual(2);
      }
      expect(await page.locator('script').count()).toBe(0);
      expect(fetched).toEqual([]);
      expect(errors).toEqual([]);

      const screenshot = tmp.file('report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(fs.readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
      expect(fs.statSync(screenshot).size).toBeGreaterThan(20_000);

      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
      expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(3);
    } finally {
      await context.close();
    }
  }, 60_000);
});
