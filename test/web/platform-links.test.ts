/**
 * A post's link to the platform, as a typed import gave it: only an http(s) address becomes a link
 * on the desk's pages (post page, review card, safeguarding flag page). A `javascript:` or `data:`
 * address from a CSV is shown as text, never as something a reviewer or the lead can click.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { addUser, DeskClient, startServe, type ServingDesk } from './desk-helpers';

const PASSWORD = 'platform links password';
const HOSTILE = ['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)'];
const WEB = 'https://www.example.org/consultation/r-web';

let tmp: ReturnType<typeof makeTempDir>;
let serving: ServingDesk;
const clients: Record<'reviewer' | 'lead', DeskClient> = {} as never;

beforeAll(async () => {
  tmp = makeTempDir();
  const db = tmp.file('onevision.db');
  const rows = [['r-web', WEB], ...HOSTILE.map((url, i) => [`r-bad${i}`, url])];
  const csv = ['id,text,url', ...rows.map(([id, url]) => `${id},More youth clubs in Truro with pool tables,"${url!.replace(/"/g, '""')}"`)].join('\n');
  fs.writeFileSync(tmp.file('links.csv'), `${csv}\n`);
  const imported = await runCli(['--db', db, 'import', tmp.file('links.csv'), '--source', 'survey'], { timeoutMs: 120_000 });
  expect(imported.code, imported.stderr).toBe(0);
  await addUser(db, 'rex', 'reviewer', PASSWORD);
  await addUser(db, 'lea', 'safeguarding-lead', PASSWORD);
  serving = await startServe(db);
  for (const [role, name] of [['reviewer', 'rex'], ['lead', 'lea']] as const) {
    clients[role] = new DeskClient(serving.origin);
    await clients[role].signIn(name, PASSWORD);
  }
}, 180_000);
afterAll(async () => {
  await serving?.stop();
  tmp?.cleanup();
});

/** Every href on a page, as the browser would read it. */
function hrefs(body: string): string[] {
  return [...body.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
}

function expectOnlyWebLinks(body: string): void {
  for (const href of hrefs(body)) expect(href, href).toMatch(/^(\/|#|https?:\/\/|data:,$)/);
}

it('links a post to the platform only by an http(s) address, on its page, for every role', async () => {
  for (const client of Object.values(clients)) {
    const web = await client.get('/posts/survey:r-web');
    expect(hrefs(web.body)).toContain(WEB);
    for (const [i, url] of HOSTILE.entries()) {
      const page = await client.get(`/posts/survey:r-bad${i}`);
      expect(page.status).toBe(200);
      expectOnlyWebLinks(page.body);
      // Still shown, as text: the reader can see what the import said.
      expect(page.body).toContain(url.slice(0, 10));
    }
  }
});

it('gives the lead no clickable javascript: or data: permalink on a flag page', async () => {
  for (const i of HOSTILE.keys()) {
    const page = await clients.lead.get(`/safeguarding/survey:r-bad${i}`);
    expect(page.status).toBe(200);
    expectOnlyWebLinks(page.body);
  }
});

it('gives a reviewer no clickable javascript: or data: link on a review card', async () => {
  let address = '/review';
  const seen: string[] = [];
  for (let step = 0; step < 10; step += 1) {
    const page = await clients.reviewer.get(address);
    expectOnlyWebLinks(page.body);
    const skip = /href="(\/review\?skip=[^"]+)" data-review-skip/.exec(page.body)?.[1];
    const ref = /<h2 id="review-post">([^<]+)<\/h2>/.exec(page.body)?.[1];
    if (skip === undefined || ref === undefined) break;
    seen.push(ref);
    address = skip.replace(/&amp;/g, '&');
  }
  expect(seen).toEqual(expect.arrayContaining(['survey:r-web', 'survey:r-bad0', 'survey:r-bad1', 'survey:r-bad2']));
});
