/**
 * The overview and the runs-and-health page in Debian's Chromium, served by the real `onevision serve`:
 * the charts draw visible marks, the page's content security policy refuses nothing, and axe-core
 * finds no serious or critical problem, at a desktop width and at a phone's. With UPDATE_SCREENSHOTS=1
 * the pages are saved for the README (docs/screenshots, 1280×800).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OUTCOME_COLOURS } from '../../src/report/charts';
import { makeTempDir, ROOT } from '../helpers/cli';
import { FLAGGED_SECRET, HUMAN_FLAGGED_SECRET, seedReportDb } from '../report/seed';
import { chromiumAvailable, describeInChromium, launchChromium, seriousAxeViolations, watch } from './browser';
import { addUser, csrfTokenIn, startServe, type ServingDesk } from './desk-helpers';

const run = describeInChromium;
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
const PASSWORD = 'browser test password';

let tmp: ReturnType<typeof makeTempDir>;
let serving: ServingDesk;
let context: BrowserContext;

beforeAll(async () => {
  tmp = makeTempDir();
  const db = tmp.file('onevision.db');
  await seedReportDb(db, tmp.file('seed.csv'));
  plantRuns(db);
  await addUser(db, 'ana', 'analyst', PASSWORD);
  serving = await startServe(db, [], { ONEVISION_REPORTS: tmp.file('reports') });
  if (!chromiumAvailable) return;
  context = await launchChromium(tmp.file('profile'), { width: 1280, height: 800 });
  await signIn();
}, 120_000);
afterAll(async () => {
  await context?.close();
  await serving?.stop();
  tmp.cleanup();
});

function plantRuns(file: string): void {
  const sql = new Database(file);
  try {
    const insert = sql.prepare(`INSERT INTO runs (source, command, started_at, ended_at, outcome, pages, requests, fetched, new, updated, error) VALUES (?, 'collect', ?, ?, ?, 3, 3, ?, ?, 0, ?)`);
    insert.run('x', '2017-09-28T02:00:00.000Z', '2017-09-28T02:02:10.000Z', 'ok', 40, 12, null);
    insert.run('facebook', '2017-09-28T02:02:11.000Z', '2017-09-28T02:02:15.000Z', 'failed', 0, 0, 'Graph API 190: the Page access token has expired');
    insert.run('x', '2017-09-29T02:00:00.000Z', '2017-09-29T02:01:40.000Z', 'ok', 31, 9, null);
  } finally {
    sql.close();
  }
}


/**
 * Signs in through the real form over HTTP and hands the session cookie to the browser. (Signing in
 * is the login tests' subject; here it only opens the door.)
 */
async function signIn(): Promise<void> {
  const form = await fetch(`${serving.origin}/login`);
  const loginCookie = /ov_login=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const body = new URLSearchParams({ _csrf: csrfTokenIn(await form.text()), name: 'ana', password: PASSWORD, next: '/' });
  const signedIn = await fetch(`${serving.origin}/login`, { method: 'POST', redirect: 'manual', body, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `ov_login=${loginCookie}` } });
  const session = /ov_session=([^;]+)/.exec(signedIn.headers.getSetCookie().join('\n'))?.[1];
  if (!session) throw new Error(`sign-in failed with ${signedIn.status}`);
  await context.addCookies([{ name: 'ov_session', value: session, url: serving.origin, httpOnly: true, sameSite: 'Strict' }]);
}


interface ChartCheck {
  readonly name: string;
  readonly width: number;
  readonly marks: number;
}

async function checkCharts(page: Page): Promise<ChartCheck[]> {
  return page.$$eval(
    'figure.chart',
    (figures, colours) =>
      figures.map((figure) => {
        const svg = figure.querySelector('svg');
        const palette = new Set(colours.map((c) => c.toLowerCase()));
        const marks = [...(svg?.querySelectorAll('path, rect, circle') ?? [])].filter((el) => {
          const colour = (el.getAttribute('fill') ?? '').toLowerCase();
          const stroke = (el.getAttribute('stroke') ?? '').toLowerCase();
          const box = el.getBoundingClientRect();
          return (palette.has(colour) || palette.has(stroke)) && box.width + box.height > 1;
        });
        return { name: figure.getAttribute('data-chart') ?? '', width: svg?.getBoundingClientRect().width ?? 0, marks: marks.length };
      }),
    [...OUTCOME_COLOURS],
  );
}

run('the overview and health pages in headless Chromium', () => {
  it('draws every chart, with nothing refused by the CSP and no serious accessibility problem, at 1280 and 360 px', async () => {
    const page = await context.newPage();
    const watched = watch(page);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${serving.origin}/`, { waitUntil: 'load' });
      const charts = await checkCharts(page);
      expect(charts.map((c) => c.name)).toEqual(['outcomes', 'weekly-trend', 'sources', 'places']);
      for (const chart of charts) {
        expect(chart.marks, `${chart.name} at ${width}`).toBeGreaterThanOrEqual(2);
        expect(chart.width, `${chart.name} at ${width}`).toBeGreaterThan(width === 1280 ? 400 : 250);
      }
      // Nothing wider than the window: a phone scrolls down, not sideways (tables scroll in their own box).
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      expect(await seriousAxeViolations(page), `overview at ${width}`).toEqual([]);
      const text = await page.content();
      for (const hidden of [FLAGGED_SECRET, HUMAN_FLAGGED_SECRET]) expect(text).not.toContain(hidden);
    }
    expect(watched.refused).toEqual([]);
    expect(watched.errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('shows runs and health with no serious accessibility problem, at 1280 and 360 px', async () => {
    const page = await context.newPage();
    const watched = watch(page);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${serving.origin}/health`, { waitUntil: 'load' });
      expect(await page.locator('tr.attention').count()).toBeGreaterThanOrEqual(1);
      expect(await seriousAxeViolations(page), `health at ${width}`).toEqual([]);
    }
    expect(watched.refused).toEqual([]);
    expect(watched.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it.runIf(UPDATE_SCREENSHOTS)('saves 1280×800 screenshots of both pages for the README', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [pathname, name] of [['/', 'desk-overview.png'], ['/health', 'desk-health.png']] as const) {
      await page.goto(`${serving.origin}${pathname}`, { waitUntil: 'load' });
      await page.screenshot({ path: path.join(SCREENSHOTS, name) });
      expect(fs.readFileSync(path.join(SCREENSHOTS, name)).subarray(1, 4).toString()).toBe('PNG');
    }
    await page.close();
  }, 60_000);
});
