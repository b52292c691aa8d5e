/**
 * The README's pictures of the report, retaken with UPDATE_SCREENSHOTS=1 (skipped otherwise, and so in
 * CI): the demo's database reported as HTML and opened from disk in Debian's Chromium at a desktop's
 * width and a phone's, and printed with `report --format pdf` and shown in Chromium's PDF viewer.
 *
 *   npm run build && UPDATE_SCREENSHOTS=1 npx vitest run test/report/screenshots.test.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, ROOT, runCli } from '../helpers/cli';
import { describeInChromium, launchBrowser } from '../web/browser';

const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const run = UPDATE_SCREENSHOTS ? describeInChromium : describe.skip;
const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
/** Chromium's PDF viewer draws in its own process, out of the page's reach: nothing to wait on but time. */
const PDF_VIEWER_SETTLE_MS = 6_000;

let tmp: ReturnType<typeof makeTempDir>;
let browser: Browser | undefined;
let html: string;
let pdf: string;

async function cli(...args: string[]): Promise<void> {
  const result = await runCli(args, { cwd: tmp.dir, timeoutMs: 180_000 });
  if (result.code !== 0) throw new Error(`onevision ${args.join(' ')}: ${result.stderr}`);
}

run('screenshots of the report for the README', () => {
  beforeAll(async () => {
    tmp = makeTempDir();
    await cli('demo');
    const db = tmp.file('data/demo/onevision-demo.db');
    html = tmp.file('report.html');
    pdf = tmp.file('report.pdf');
    await cli('--db', db, 'report', '--out', html);
    await cli('--db', db, 'report', '--format', 'pdf', '--out', pdf);
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    tmp?.cleanup();
  });

  async function openReport(viewport: { width: number; height: number }, deviceScaleFactor = 1): Promise<Page> {
    const context = await browser!.newContext({ viewport, deviceScaleFactor, offline: true });
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    const page = await context.newPage();
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    return page;
  }

  async function save(page: Page, name: string): Promise<void> {
    const file = path.join(SCREENSHOTS, name);
    await page.screenshot({ path: file });
    expect(fs.readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    await page.context().close();
  }

  it('report-1280.png: the top of the report on a desktop', async () => {
    await save(await openReport({ width: 1280, height: 1100 }), 'report-1280.png');
  }, 60_000);

  it('report-360.png: the week-by-week charts on a phone', async () => {
    const page = await openReport({ width: 360, height: 800 }, 2);
    expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(360);
    // The small multiples were the part that did not fit a phone; show them with their heading.
    await page.evaluate(`(() => { const chart = document.querySelector('figure[data-chart^="weekly"]'); (chart.closest('section')?.querySelector('h2') ?? chart).scrollIntoView(); })()`);
    await save(page, 'report-360.png');
  }, 60_000);

  it('report-print.png: the first page of report --format pdf, and the next ones beside it', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${pathToFileURL(pdf).href}#view=Fit`, { waitUntil: 'load' });
    await page.waitForTimeout(PDF_VIEWER_SETTLE_MS);
    await save(page, 'report-print.png');
  }, 60_000);
});
