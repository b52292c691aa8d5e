/**
 * A stranger's text cannot turn the desk's own words around, in Debian's Chromium against the real
 * `onevision serve`. The survey file gives names and a post holding a right-to-left override (U+202E),
 * the names with a stray pop (U+2069) before it that would close a bare `<bdi>` early. On the review
 * card and in the safeguarding inbox the link and the figures printed after the name on the same line
 * still read left to right, after the name; on the posts list and a post's page the text and the name
 * each sit in their own isolate.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { chromiumAvailable, describeInChromium, launchBrowser } from './browser';
import { startServe, type ServingDesk } from './desk-helpers';

const RLO = '\u202E';
const PDI = '\u2069';
/** A post screened clear: it is the review queue's one card. */
const CLEAR = { ref: 'survey:r1', author: `Kai${PDI}${RLO} Pascoe`, text: `Buses from Truro ${RLO}stop running at six, ask anyone` } as const;
/** A disclosure the classifier flags: it is in the safeguarding inbox. */
const FLAGGED = { ref: 'survey:c2', author: `Morwenna${PDI}${RLO} Jago`, text: `my stepdad hits me when he drinks and I'm scared to go home in Camborne, I can't sleep and need counselling ${RLO}tonight` } as const;

let tmp: ReturnType<typeof makeTempDir>;
let serving: ServingDesk;
let browser: Browser;

beforeAll(async () => {
  tmp = makeTempDir();
  const db = tmp.file('onevision.db');
  const cell = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const rows = [
    ['r1', CLEAR.text, CLEAR.author, '2017-05-02T12:00:00Z', 'https://example.org/responses/r1'],
    ['c2', FLAGGED.text, FLAGGED.author, '2017-05-03T10:00:00Z', 'https://example.org/responses/c2'],
  ];
  fs.writeFileSync(tmp.file('survey.csv'), ['id,text,author,created_at,url', ...rows.map((row) => row.map(cell).join(','))].join('\n') + '\n');
  // No accounts: the desk's one local user reads names as stored and may review and screen.
  const imported = await runCli(['--db', db, 'import', tmp.file('survey.csv'), '--source', 'survey'], { timeoutMs: 120_000 });
  expect(imported.code, imported.stderr).toBe(0);
  serving = await startServe(db);
  if (chromiumAvailable) browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await serving?.stop();
  tmp?.cleanup();
});

interface AfterName {
  /** The letters after the name, in the order they are written. */
  readonly written: string;
  /** The same letters in the order they are drawn, left to right. */
  readonly drawn: string;
  /** The first of them is drawn to the right of the name. */
  readonly startsAfterName: boolean;
}

// In the page (a string, as the other browser tests do: the tests are compiled without the DOM's types).
const TEXT_NODES = `(element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  return nodes;
}`;
const AFTER_NAME = `(element, first, last) => {
  const nodes = (${TEXT_NODES})(element);
  const host = nodes.find((node) => node.data.includes(first) && node.data.includes(last));
  if (!host) throw new Error('no "' + first + ' … ' + last + '" in ' + element.textContent);
  const range = document.createRange();
  range.setStart(host, host.data.indexOf(first));
  range.setEnd(host, host.data.indexOf(last) + last.length);
  const nameRight = range.getBoundingClientRect().right;
  const letters = [];
  const measure = (node, from) => {
    for (let i = from; i < node.data.length; i += 1) {
      if (!/[\\p{L}\\p{N}\\p{P}\\p{S}]/u.test(node.data[i])) continue;
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      letters.push({ char: node.data[i], left: range.getBoundingClientRect().left });
    }
  };
  measure(host, host.data.indexOf(last) + last.length);
  for (const node of nodes.slice(nodes.indexOf(host) + 1)) measure(node, 0);
  const drawn = [...letters].sort((a, b) => a.left - b.left);
  return { written: letters.map((l) => l.char).join(''), drawn: drawn.map((l) => l.char).join(''), startsAfterName: letters.length > 0 && letters[0].left >= nameRight - 1 };
}`;
const IN_ISOLATE = `(element, words) => {
  const node = (${TEXT_NODES})(element).find((node) => node.data.includes(words));
  if (!node) throw new Error('no "' + words + '" in ' + element.textContent);
  return node.parentElement.closest('bdi, [dir="auto"]') !== null;
}`;

/** Calls one of the scripts above on the first element `selector` finds. */
function inPage<T>(page: Page, script: string, selector: string, ...args: string[]): Promise<T> {
  const call = `(${script})(document.querySelector(${JSON.stringify(selector)}), ${args.map((a) => JSON.stringify(a)).join(', ')})`;
  return page.evaluate(call) as Promise<T>;
}

/** How the page draws what follows a name (from its first word to its last) on one line. */
function afterName(page: Page, line: string, name: { first: string; last: string }): Promise<AfterName> {
  return inPage<AfterName>(page, AFTER_NAME, line, name.first, name.last);
}

/** The words are drawn inside an isolate of their own (a `<bdi>`, or an element with dir="auto"). */
function inIsolate(page: Page, within: string, words: string): Promise<boolean> {
  return inPage<boolean>(page, IN_ISOLATE, within, words);
}

describeInChromium('a stranger’s right-to-left override on the desk', () => {
  it('leaves the review card’s link and confidence after the name, reading left to right', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${serving.origin}/review`, { waitUntil: 'load' });
    expect(await page.textContent('#review-post')).toBe(CLEAR.ref);
    const line = await afterName(page, 'article.review-card > p.muted', { first: 'Kai', last: 'Pascoe' });
    expect(line.written).toMatch(/^·ontheplatform·confidence\d\.\d\d$/);
    expect(line.drawn).toBe(line.written);
    expect(line.startsAfterName).toBe(true);
    expect(await inIsolate(page, 'blockquote.post-text', 'stop running')).toBe(true);
    await page.close();
  }, 60_000);

  it('leaves the safeguarding inbox’s permalink after the name, reading left to right', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${serving.origin}/safeguarding`, { waitUntil: 'load' });
    const line = await afterName(page, `article[data-post="${FLAGGED.ref}"] > p.muted`, { first: 'Morwenna', last: 'Jago' });
    expect(line.written).toBe('·permalink');
    expect(line.drawn).toBe(line.written);
    expect(line.startsAfterName).toBe(true);
    expect(await inIsolate(page, `article[data-post="${FLAGGED.ref}"] blockquote.post-text`, 'tonight')).toBe(true);
    await page.close();
  }, 60_000);

  it('isolates the text and the name on the posts list and on the post’s page', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${serving.origin}/posts`, { waitUntil: 'load' });
    const row = `table.posts-table tbody tr:has(a[href="/posts/${CLEAR.ref}"])`;
    expect(await inIsolate(page, `${row} td.post-text`, 'stop running')).toBe(true);
    expect(await inIsolate(page, row, 'Pascoe')).toBe(true);
    await page.goto(`${serving.origin}/posts/${CLEAR.ref}`, { waitUntil: 'load' });
    expect(await inIsolate(page, 'blockquote.post-text', 'stop running')).toBe(true);
    expect(await inIsolate(page, 'dl.post-facts', 'Pascoe')).toBe(true);
    await page.close();
  }, 60_000);
});
