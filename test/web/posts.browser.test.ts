/**
 * The posts browser and a post page in Debian's Chromium, served by the real `onevision serve`: an
 * analyst searches and filters with the form (with JavaScript, and without it), opens a post, and
 * axe-core finds no serious or critical problem on either page, at a desktop width and a phone's.
 * With UPDATE_SCREENSHOTS=1 both pages are saved for the README (docs/screenshots, 1280×800).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir, ROOT } from '../helpers/cli';
import { chromiumAvailable, describeInChromium, launchBrowser, seriousAxeViolations } from './browser';
import { addUser, startServe, type ServingDesk } from './desk-helpers';
import { CANARY_TELLS, SEEDED_POSTS, seedPostsDb } from './posts-seed';

const run = describeInChromium;
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
const PASSWORD = 'posts browser test password';

let tmp: ReturnType<typeof makeTempDir>;
let serving: ServingDesk;
let browser: Browser;

beforeAll(async () => {
  tmp = makeTempDir();
  const db = tmp.file('onevision.db');
  await seedPostsDb(db, tmp.file);
  await addUser(db, 'ana', 'analyst', PASSWORD);
  serving = await startServe(db);
  if (!chromiumAvailable) return;
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await serving?.stop();
  tmp?.cleanup();
});

interface Watched {
  readonly page: Page;
  readonly refused: string[];
  readonly errors: string[];
}

/** A signed-in analyst's page, recording what the content security policy refused and any script error. */
async function openAsAnalyst(options: { javaScriptEnabled?: boolean } = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const watched: Watched = { page, refused: [], errors: [] };
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) watched.refused.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  await page.goto(`${serving.origin}/login`);
  await page.getByLabel('User name').fill('ana');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${serving.origin}/`);
  return watched;
}


async function listedRefs(page: Page): Promise<string[]> {
  return page.locator('table.posts-table tbody th a').allInnerTexts();
}

async function submit(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/posts\?/), page.getByRole('button', { name: 'Show posts' }).click()]);
}

run('the posts browser in headless Chromium', () => {
  it('searches and filters with the form, opens a post, and leaves a short shareable address', async () => {
    const { page, refused, errors } = await openAsAnalyst();
    await page.getByRole('link', { name: 'Posts', exact: true }).click();
    await page.waitForURL(`${serving.origin}/posts`);
    expect(await listedRefs(page)).toHaveLength(SEEDED_POSTS);
    await page.getByLabel('Words in the text').fill('lesson');
    await submit(page);
    expect(new URL(page.url()).search).toBe('?q=lesson');
    expect((await listedRefs(page)).sort()).toEqual(['event:e2', 'x:9002']);
    await page.getByLabel('Source').selectOption('x');
    await submit(page);
    expect(new URL(page.url()).search).toBe('?q=lesson&source=x');
    expect(await listedRefs(page)).toEqual(['x:9002']);
    await page.getByRole('link', { name: 'x:9002' }).click();
    await page.waitForURL(`${serving.origin}/posts/x:9002`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Post x:9002');
    expect(await page.getByRole('link', { name: 'x:9001' }).count()).toBe(1);
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('filters without JavaScript too: the form is a plain GET form', async () => {
    const { page } = await openAsAnalyst({ javaScriptEnabled: false });
    await page.goto(`${serving.origin}/posts`);
    await page.getByLabel('Outcome').selectOption({ label: 'Aspiration and achievement towards economic wellbeing' });
    await page.getByLabel('Source').selectOption('event');
    await submit(page);
    expect(new URL(page.url()).searchParams.get('outcome')).toBe('4');
    expect(await listedRefs(page)).toEqual(['event:e3']);
    await page.context().close();
  }, 60_000);

  it('has no serious accessibility problem on the list or a post page, at 1280 and 360 px, and shows no canary word', async () => {
    const { page, refused, errors } = await openAsAnalyst();
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      for (const address of ['/posts', '/posts?q=zzzz', '/posts?page=0', '/posts/x:9001', '/posts/event:canary']) {
        await page.goto(`${serving.origin}${address}`, { waitUntil: 'load' });
        expect(await seriousAxeViolations(page), `${address} at ${width}`).toEqual([]);
        // A phone scrolls down, not sideways (the table scrolls in its own box).
        expect(await page.evaluate('document.documentElement.scrollWidth'), `${address} at ${width}`).toBeLessThanOrEqual(width);
        const shown = (await page.innerText('body')).toLowerCase();
        for (const tell of CANARY_TELLS) expect(shown, address).not.toContain(tell.toLowerCase());
      }
    }
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it.runIf(UPDATE_SCREENSHOTS)('saves 1280×800 screenshots of the list and a post page for the README', async () => {
    const { page } = await openAsAnalyst();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [address, name] of [['/posts?source=event&from=2017-05-01&to=2017-05-31', 'desk-posts.png'], ['/posts/x:9001', 'desk-post.png']] as const) {
      await page.goto(`${serving.origin}${address}`, { waitUntil: 'load' });
      await page.screenshot({ path: path.join(SCREENSHOTS, name) });
      expect(fs.readFileSync(path.join(SCREENSHOTS, name)).subarray(1, 4).toString()).toBe('PNG');
    }
    await page.context().close();
  }, 60_000);
});
