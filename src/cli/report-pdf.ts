/**
 * `report --format pdf`: the HTML report printed to A4 by a headless Chromium already on the machine
 * (playwright-core drives it; nothing is downloaded). The page is given the report's HTML directly and
 * may fetch nothing: the report needs nothing from outside, and a PDF printer that follows links
 * would be a way out for the text in it.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { UserError } from '../errors';
import { refuseUnsafeOutput, writeStreamAtomically } from './files';

/** Where Chromium or Chrome is usually installed, tried in this order when ONEVISION_CHROMIUM is unset. */
export const CHROMIUM_PLACES: readonly string[] = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

const FIX = 'Install Chromium (Debian/Ubuntu: sudo apt-get install chromium) or set ONEVISION_CHROMIUM=/path/to/chrome; or use --format html and print it from a browser.';
/** Long enough for a cold start on a slow machine; a hung browser must not hang a nightly job. */
const TIMEOUT_MS = 60_000;

/** The browser to print with: ONEVISION_CHROMIUM when set (and only it), else the first usual place that exists. */
export function findChromium(configured: string | undefined): string {
  if (configured !== undefined) {
    if (isFile(configured)) return configured;
    throw new UserError(`cannot print a PDF: ONEVISION_CHROMIUM is ${configured}, which is not a file`, FIX);
  }
  const found = CHROMIUM_PLACES.find(isFile);
  if (found !== undefined) return found;
  throw new UserError(`cannot print a PDF: no Chromium or Chrome found (looked for ONEVISION_CHROMIUM, ${CHROMIUM_PLACES.join(', ')})`, FIX);
}

/** Prints `html` to an A4 PDF at `target`, written beside it and renamed when complete. */
export async function writePdfAtomically(target: string, html: string, browserPath: string, database: string): Promise<void> {
  refuseUnsafeOutput(target, database); // before the wait for the browser
  const pdf = await printPdf(html, browserPath); // before any folder or file is made: a failed print leaves nothing
  await writeStreamAtomically(target, database, async (temporary) => fs.writeFileSync(temporary, pdf, { mode: 0o600 }));
}

async function printPdf(html: string, browserPath: string): Promise<Buffer> {
  const browser = await launch(browserPath);
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    context.setDefaultTimeout(TIMEOUT_MS);
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    // Tagged, with the headings as bookmarks: a screen reader and a long board pack both need the structure.
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: true, outline: true });
  } catch (error) {
    // After a good start, a failure is the browser's (it crashed, ran out of memory, took too long), not a fault in the report.
    throw new UserError(`cannot print a PDF: ${browserPath} failed while printing: ${firstLine(error)}`, 'Try again; if it keeps failing, use --format html and print it from a browser.');
  } finally {
    await browser.close();
  }
}

async function launch(browserPath: string): Promise<Browser> {
  // Chromium's sandbox cannot start as root (containers, CI); as anyone else it stays on.
  const sandbox = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  // Loaded here, not at the top: playwright-core adds over a second to the start of every command.
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({
      executablePath: browserPath,
      timeout: TIMEOUT_MS,
      args: [...sandbox, '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  } catch (error) {
    throw new UserError(`cannot print a PDF: ${browserPath} did not start as a headless browser: ${firstLine(error)}`, FIX);
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false; // missing or unreadable: not a browser we can start
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
