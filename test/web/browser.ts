/**
 * Debian's Chromium for the desk's browser tests (and the report's): launching it, signing in
 * through the real form, what the content security policy refused, and axe-core's serious and
 * critical findings. In CI a missing browser is a failure, not a skip: .ci/run installs it.
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = fs.existsSync(CHROMIUM);
export const describeInChromium = chromiumAvailable || process.env.CI ? describe : describe.skip;
// No sandbox (containers), no GPU, and nothing Chromium would fetch for itself.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** A browser with a fresh profile in `profile`, one context. */
export function launchChromium(profile: string, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, viewport, args: ARGS });
}

/** A browser for tests that open several contexts (e.g. one per role). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface PageWatch {
  readonly refused: string[];
  readonly errors: string[];
}

/** Records what the content security policy refused and any script error, for the page's life. */
export function watch(page: Page): PageWatch {
  const watched: PageWatch = { refused: [], errors: [] };
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) watched.refused.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  return watched;
}

/** Signs in with the desk's own form, as a person would, and waits for the front page. */
export async function signInThroughForm(page: Page, origin: string, name: string, password: string): Promise<void> {
  await page.goto(`${origin}/login`, { waitUntil: 'load' });
  await page.fill('#name', name);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${origin}/`), page.click('button[type="submit"]')]);
}

export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- axe's source is injected into the page as text
  await page.evaluate((require('axe-core') as { source: string }).source);
  const { violations } = (await page.evaluate('axe.run()')) as { violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> };
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
}
