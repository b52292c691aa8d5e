/**
 * The desk's promise to analysts and reviewers, checked the way a curious one would test it: sign in
 * in a real browser (Debian's Chromium), follow every link on every page the desk serves them,
 * search for the canaries' words, open each canary's post page and every download, and confirm no
 * withheld text, author or tell-tale phrase of the gate matrix's canary disclosures ever appears.
 * The safeguarding lead, on the same desk, does see them: the test can fail both ways.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CANARIES, CLEAR_POSTS, WITHHELD_PREFIX, buildMatrixDatabase, canary, isWithheld, type Canary } from '../cli/gate-matrix-fixture';
import { TRAIN_TIMEOUT_MS, makeTempDir, runCli } from '../helpers/cli';
import { chromiumAvailable, describeInChromium, launchBrowser } from './browser';
import { addUser, startServe, type ServingDesk } from './desk-helpers';

const run = describeInChromium;
const PASSWORD = 'a long enough password';
// A crawl that never ends is a bug in the desk (links that make links); this bounds the test.
const MAX_PAGES = 400;

const withheld = CANARIES.filter(isWithheld);
// Case 5's words are those of the ten posts people cleared to teach the retrain (only its sentinel
// differs), so they may rightly appear; its sentinel, like every withheld sentinel, may not.
const clearWords = [...CLEAR_POSTS, ...CANARIES.filter((c) => !isWithheld(c)).map((c) => c.text), canary('c5').text.replace(canary('c5').sentinel, '')];
const tellsOf = (c: Canary) => c.tells.filter((tell) => tell.includes(' ') && !clearWords.some((text) => text.includes(tell)));
const FORBIDDEN = [WITHHELD_PREFIX, ...withheld.flatMap((c) => [c.author, ...tellsOf(c)])];

let tmp: ReturnType<typeof makeTempDir>;
let serving: ServingDesk;
let browser: Browser;

beforeAll(async () => {
  tmp = makeTempDir('onevision-crawl-');
  const db = tmp.file('onevision.db');
  // One command at a time (the fixture labels in pairs, which can outwait SQLite's busy timeout on a
  // loaded machine), and training inside the build takes a minute or more on a busy 2-core machine.
  let queue: Promise<unknown> = Promise.resolve();
  const cli = (...args: string[]) => {
    const result = queue.then(() => runCli(['--db', db, ...args], { cwd: tmp.dir, timeoutMs: TRAIN_TIMEOUT_MS }));
    queue = result.catch(() => undefined);
    return result;
  };
  await buildMatrixDatabase(cli, db, tmp.file);
  for (const role of ['analyst', 'reviewer', 'safeguarding-lead'] as const) await addUser(db, role, role, PASSWORD);
  serving = await startServe(db);
  if (chromiumAvailable) browser = await launchBrowser();
}, 2 * TRAIN_TIMEOUT_MS);
afterAll(async () => {
  await browser?.close();
  await serving?.stop();
  tmp?.cleanup();
});

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`${serving.origin}/login`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${serving.origin}/`);
}

/** The same-origin GET links on the page, sign-out and static files aside. */
async function linksOn(page: Page): Promise<string[]> {
  const hrefs = await page.$$eval('a[href]', (anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
  return hrefs
    .map((href) => new URL(href, page.url()))
    .filter((url) => url.origin === serving.origin && !url.pathname.startsWith('/assets/') && url.pathname !== '/login')
    .map((url) => `${url.pathname}${url.search}`);
}

function leaks(where: string, content: string): string[] {
  const lower = content.toLowerCase();
  return FORBIDDEN.filter((word) => lower.includes(word.toLowerCase())).map((word) => `"${word}" on ${where}`);
}

/** Every page and download reachable from the desk's front page, and what each showed. */
async function crawl(page: Page, extra: readonly string[]): Promise<{ visited: string[]; found: string[] }> {
  const queue = ['/', ...extra];
  const seen = new Set(queue);
  const found: string[] = [];
  const visited: string[] = [];
  while (queue.length > 0 && visited.length < MAX_PAGES) {
    const address = queue.shift() as string;
    visited.push(address);
    const response = await page.request.get(`${serving.origin}${address}`, { maxRedirects: 0 });
    const type = response.headers()['content-type'] ?? '';
    const body = (await response.body()).toString('utf8');
    found.push(...leaks(address, body));
    if (!type.startsWith('text/html') || response.status() !== 200) continue;
    await page.goto(`${serving.origin}${address}`);
    found.push(...leaks(`${address} (as shown)`, await page.innerText('body')));
    for (const link of await linksOn(page)) {
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  return { visited, found };
}

/** The downloads offered on the health page: forms that POST with the page's token. */
async function downloads(page: Page): Promise<string[]> {
  await page.goto(`${serving.origin}/health`);
  const forms = await page.$$eval('form[method="post"]', (elements) =>
    elements.map((form) => ({ action: form.getAttribute('action') ?? '', token: form.querySelector('input[name="_csrf"]')?.getAttribute('value') ?? '' })),
  );
  const offered = forms.filter((form) => form.action.startsWith('/health/'));
  expect(offered.length).toBeGreaterThanOrEqual(2);
  const found: string[] = [];
  for (const form of offered) {
    const response = await page.request.post(`${serving.origin}${form.action}`, { form: { _csrf: form.token }, headers: { origin: serving.origin } });
    expect(response.status(), form.action).toBe(200);
    found.push(...leaks(`the download ${form.action}`, (await response.body()).toString('utf8')));
  }
  return found;
}

const canaryAddresses = (): string[] => [
  ...CANARIES.map((c) => `/posts/survey:${c.id}`),
  ...CANARIES.map((c) => `/posts?search=${encodeURIComponent(c.sentinel)}`),
  ...withheld.flatMap((c) => tellsOf(c).map((tell) => `/posts?search=${encodeURIComponent(tell)}`)),
  ...CANARIES.map((c) => `/safeguarding/survey:${c.id}`),
];

run('an analyst or reviewer crawling the whole desk', () => {
  for (const role of ['analyst', 'reviewer'] as const) {
    it(`never meets a withheld canary as ${role}`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        await signIn(page, role);
        const { visited, found } = await crawl(page, canaryAddresses());
        found.push(...(await downloads(page)));
        expect(found).toEqual([]);
        // The crawl reached the pages a reader of the desk would use, not just the front page.
        expect(visited.length).toBeGreaterThan(canaryAddresses().length);
        expect(visited.length).toBeLessThan(MAX_PAGES);
      } finally {
        await context.close();
      }
    }, 300_000);
  }

  it('shows the safeguarding lead the flagged canaries (so the check above can fail)', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signIn(page, 'safeguarding-lead');
      const { found } = await crawl(page, ['/safeguarding']);
      expect(found.some((leak) => leak.startsWith(`"${WITHHELD_PREFIX}`))).toBe(true);
    } finally {
      await context.close();
    }
  }, 300_000);
});
