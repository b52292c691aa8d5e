/**
 * The board's report in Debian's Chromium, written by the CLI from the demo's full database: on a
 * 360 px phone (no sideways scroll, chart text large enough to read), on a 1280 px screen (a table
 * beside every chart) and printed to A4 (no forced breaks, pages filled).
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { describeInChromium, launchChromium, seriousAxeViolations } from '../web/browser';
import { pageFills } from './pdf-pages';

/** A4 less the report's @page margins (14 mm each side, 14 mm top, 16 mm bottom), in CSS px. */
const PRINT_WIDTH = Math.floor(((210 - 28) / 25.4) * 96);
const PRINT_HEIGHT = Math.floor(((297 - 30) / 25.4) * 96);

// Run in the page (as text: these tests compile without the DOM's types).
const SVG_TEXT_SIZES = `(() => {
  const sizes = [];
  for (const svg of document.querySelectorAll('svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      if (!text.textContent.trim() || text.getBoundingClientRect().width === 0) continue;
      sizes.push({ size: parseFloat(getComputedStyle(text).fontSize) * scale, text: text.textContent });
    }
  }
  sizes.sort((a, b) => a.size - b.size);
  return { scrollWidth: document.documentElement.scrollWidth, svgs: document.querySelectorAll('svg').length, smallest: sizes[0], texts: sizes.length };
})()`;
const PRINT_LAYOUT = `(() => ({
  height: document.documentElement.scrollHeight,
  forced: [...document.querySelectorAll('main *')].filter((el) => ['page', 'always', 'left', 'right'].includes(getComputedStyle(el).breakBefore)).length,
  clipped: [...document.querySelectorAll('.table-box')].filter((box) => box.scrollHeight > box.clientHeight + 1).length,
  panelRows: new Set([...document.querySelectorAll('.multiples figure')].map((f) => Math.round(f.getBoundingClientRect().top))).size,
}))()`;

let tmp: ReturnType<typeof makeTempDir>;
let report: string;
beforeAll(async () => {
  tmp = makeTempDir();
  const demo = await runCli(['demo', '--json'], { cwd: tmp.dir, timeoutMs: 120_000 });
  if (demo.code !== 0) throw new Error(demo.stderr);
  const { database } = JSON.parse(demo.stdout) as { database: string };
  report = tmp.file('board.html');
  const written = await runCli(['--db', database, 'report', '--out', report], { cwd: tmp.dir });
  if (written.code !== 0) throw new Error(written.stderr);
}, 180_000);
afterAll(() => tmp?.cleanup());

async function open(width: number): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await launchChromium(tmp.file(`profile-${width}`), { width, height: 900 });
  const page = await context.newPage();
  await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
  return { page, close: () => context.close() };
}

describeInChromium('the board report in Chromium', () => {
  it('fits a 360 px phone: no sideways scroll, no chart text under 9.5 px as drawn, no serious accessibility problem', async () => {
    const { page, close } = await open(360);
    try {
      const layout = (await page.evaluate(SVG_TEXT_SIZES)) as { scrollWidth: number; svgs: number; texts: number; smallest?: { size: number; text: string } };
      expect(layout.scrollWidth).toBeLessThanOrEqual(360);
      expect(layout.svgs).toBeGreaterThanOrEqual(9);
      expect(layout.texts).toBeGreaterThan(50);
      expect(layout.smallest!.size, JSON.stringify(layout.smallest)).toBeGreaterThanOrEqual(9.5);
      expect(await seriousAxeViolations(page)).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  it('puts a table with the figures beside every chart at 1280 px, key messages first, with no serious accessibility problem', async () => {
    const { page, close } = await open(1280);
    try {
      const figures = await page.$$eval('figure.chart', (list) =>
        list.map((figure) => {
          const svg = figure.querySelector('svg')!.getBoundingClientRect();
          const table = figure.querySelector('table');
          const box = table?.getBoundingClientRect();
          return { name: figure.getAttribute('data-chart'), rows: table?.querySelectorAll('tbody tr').length ?? 0, beside: box ? box.left >= svg.right - 1 && box.top < svg.bottom : false, visible: (box?.height ?? 0) > 0 };
        }),
      );
      expect(figures.map((f) => f.name)).toEqual(['outcomes', 'weekly-1', 'weekly-2', 'weekly-3', 'weekly-4', 'weekly-5', 'sources', 'places', 'map']);
      for (const figure of figures) {
        expect(figure.rows, figure.name!).toBeGreaterThan(0);
        expect(figure.visible, figure.name!).toBe(true);
        if (!figure.name!.startsWith('weekly-')) expect(figure.beside, `${figure.name} table beside its chart`).toBe(true);
      }
      expect(await page.locator('main > section').first().locator('h2').textContent()).toBe('Key messages');
      expect(await seriousAxeViolations(page)).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  it('prints on A4 with no forced page breaks, every table whole, and every page but the last at least 60% full', async () => {
    const { page, close } = await open(PRINT_WIDTH);
    try {
      await page.emulateMedia({ media: 'print' });
      const print = (await page.evaluate(PRINT_LAYOUT)) as { height: number; forced: number; clipped: number; panelRows: number };
      expect(print.forced).toBe(0);
      expect(print.clipped).toBe(0);
      expect(print.panelRows).toBe(3); // five small charts two to a row
      const file = tmp.file('board.pdf');
      await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true });
      const pdf = fs.readFileSync(file);
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
      // Blocks that may not split leave some space at a page's foot, but never most of a page.
      expect(pages).toBeGreaterThan(1);
      expect(pages, `${pages} pages for ${print.height} px`).toBeLessThanOrEqual(Math.ceil(print.height / PRINT_HEIGHT) + 1);
      const fills = pageFills(pdf, { top: (14 / 25.4) * 72, bottom: (16 / 25.4) * 72 });
      expect(fills).toHaveLength(pages);
      const [, ...fullPages] = [...fills].reverse(); // the last page ends where the report ends
      for (const [i, fill] of fullPages.reverse().entries()) expect(fill, `page ${i + 1} of ${pages} is ${Math.round(fill * 100)}% full`).toBeGreaterThanOrEqual(0.6);
    } finally {
      await close();
    }
  }, 60_000);
});
