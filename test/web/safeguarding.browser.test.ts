/**
 * The safeguarding lead clears the night's flag in Debian's Chromium, against the real `onevision
 * serve`: sign in, open the inbox, open the disclosure, choose "cleared", write the note, save, and
 * read the confirmation and the audit trail. axe-core finds no serious or critical problem on any of
 * the pages, and the content security policy refuses nothing.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { startServe, type ServingDesk } from './desk-helpers';
import { describeInChromium, launchChromium, seriousAxeViolations, signInThroughForm, watch } from './browser';
import { analystExport, CANARIES, PASSWORD, REFS, seedFlaggedDesk, USERS } from './flagged-seed';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let serving: ServingDesk;
let context: BrowserContext | undefined;

beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
  await seedFlaggedDesk(db, tmp.file);
  serving = await startServe(db);
}, 120_000);
afterAll(async () => {
  await context?.close();
  await serving?.stop();
  tmp.cleanup();
});

describeInChromium('the safeguarding inbox in a browser', () => {
  it('lets the lead clear a flag with a note, and shows the decision in the audit trail', async () => {
    context = await launchChromium(tmp.file('profile'));
    const page = await context.newPage();
    const watched = watch(page);
    await signInThroughForm(page, serving.origin, USERS.lead, PASSWORD);
    await page.click('nav a[href="/safeguarding"]');
    await page.waitForURL(`${serving.origin}/safeguarding`);
    expect(await page.textContent('[data-count="disclosures"]')).toBe('2');
    expect(await page.locator(`article[data-post="${REFS.disclosure}"] blockquote`).textContent()).toContain(CANARIES.disclosure);
    expect(await seriousAxeViolations(page), 'inbox').toEqual([]);

    await page.click(`text=Decide on ${REFS.disclosure}`);
    await page.waitForURL(`${serving.origin}/safeguarding/survey%3Ac2`);
    expect(await seriousAxeViolations(page), 'flag page').toEqual([]);
    await page.check('#decision-cleared');
    await page.fill('#decision-note', 'A line from the set text the class read; confirmed with the school.');
    await Promise.all([page.waitForURL(/\?saved=\d+$/), page.click('text=Save decision')]);

    expect(await page.textContent('p.notice[role="status"]')).toBe('Saved: survey:c2 cleared. Its text is now released to analysts and reviewers.');
    const row = page.locator('table.flag-trail tbody tr').last();
    expect(await row.textContent()).toContain('Cleared: not a disclosure');
    expect(await row.textContent()).toContain('A line from the set text the class read; confirmed with the school.');
    expect(await row.textContent()).toContain(USERS.lead);
    expect(await seriousAxeViolations(page), 'flag page after the decision').toEqual([]);

    const screening = queryDb<{ state: string }>(db, `SELECT s.state FROM screenings s JOIN posts p ON p.id = s.post_id WHERE p.source_id = 'c2'`)[0];
    expect(screening?.state).toBe('person-cleared');
    expect(await analystExport(db, tmp.file('export.csv'))).toContain(CANARIES.disclosure);
    // Back in the inbox the cleared flag has gone and the counts moved.
    await page.click('text=Back to the inbox');
    expect(await page.textContent('[data-count="disclosures"]')).toBe('1');
    expect(await page.locator(`article[data-post="${REFS.disclosure}"]`).count()).toBe(0);

    expect(watched.refused).toEqual([]);
    expect(watched.errors).toEqual([]);
  }, 120_000);
});
