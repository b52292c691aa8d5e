/**
 * A morning's review from the keyboard in Debian's Chromium, against the real `onevision serve`: a
 * reviewer signs in, ticks outcomes with the number keys, saves with Enter, sees the confirmation,
 * undoes with u and skips with s. Keys typed into a field stay text. axe-core finds no serious or
 * critical problem on the way, and the content security policy refuses nothing.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { startServe, type ServingDesk } from './desk-helpers';
import { describeInChromium, launchChromium, seriousAxeViolations, signInThroughForm, watch } from './browser';
import { ALL_CANARIES, PASSWORD, seedFlaggedDesk, USERS } from './flagged-seed';

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

const OUTCOMES = ['#outcome-1', '#outcome-2', '#outcome-3', '#outcome-4', '#outcome-5'];

async function ticked(page: Page): Promise<string[]> {
  const states = await Promise.all([...OUTCOMES, '#outcome-none'].map(async (box) => ((await page.isChecked(box)) ? box.slice('#outcome-'.length) : null)));
  return states.filter((s): s is string => s !== null);
}

const labelOf = (ref: string) =>
  queryDb<{ outcomes: string; note: string | null; labelled_by: string }>(db, `SELECT l.outcomes, l.note, l.labelled_by FROM labels l JOIN posts p ON p.id = l.post_id WHERE p.source || ':' || p.source_id = ?`, ref)[0];

describeInChromium('the review queue from the keyboard', () => {
  it('ticks with 1-5 and 0, saves with Enter, undoes with u, skips with s, and leaves typing alone', async () => {
    context = await launchChromium(tmp.file('profile'));
    const page = await context.newPage();
    const watched = watch(page);
    await signInThroughForm(page, serving.origin, USERS.reviewer, PASSWORD);
    await page.goto(`${serving.origin}/review`, { waitUntil: 'load' });
    expect(await seriousAxeViolations(page), 'review page').toEqual([]);
    const ref = (await page.textContent('#review-post')) ?? '';
    expect(ref).toMatch(/^survey:|^x:/);

    // ? shows the keys and hides them again.
    await page.keyboard.press('?');
    expect(await page.getAttribute('#review-keys', 'open')).not.toBeNull();
    await page.keyboard.press('?');
    expect(await page.getAttribute('#review-keys', 'open')).toBeNull();

    await page.keyboard.press('0');
    expect(await ticked(page)).toEqual(['none']);
    await page.keyboard.press('2');
    await page.keyboard.press('5');
    expect(await ticked(page)).toEqual(['2', '5']);

    // In the note field every key is text: nothing toggles, nothing is saved or skipped.
    await page.click('#review-note');
    await page.keyboard.type('s1u0? two');
    expect(await page.inputValue('#review-note')).toBe('s1u0? two');
    expect(await ticked(page)).toEqual(['2', '5']);
    expect(page.url()).toBe(`${serving.origin}/review`);

    // Enter (from a checkbox, not the field) saves, and the next page says what was saved.
    await page.focus('#outcome-5');
    await Promise.all([page.waitForURL(/\/review\?saved=\d+$/), page.keyboard.press('Enter')]);
    const saved = page.locator('p.notice[role="status"]');
    expect(await saved.textContent()).toBe(`Saved: ${ref} as Children's physical, emotional and mental health and A positive contribution to the community`);
    expect(await saved.isVisible()).toBe(true);
    expect(labelOf(ref)).toEqual({ outcomes: '2;5', note: 's1u0? two', labelled_by: USERS.reviewer });
    expect(await page.textContent('#review-post')).not.toBe(ref);
    expect(await seriousAxeViolations(page), 'review page after a save').toEqual([]);

    // u takes it back: the label is gone and the post is first in the queue again.
    await Promise.all([page.waitForURL(/\/review\?undone=\d+$/), page.keyboard.press('u')]);
    expect(await page.textContent('p.notice[role="status"]')).toBe(`Undone: ${ref} is back in the queue, without a label`);
    expect(labelOf(ref)).toBeUndefined();
    expect(await page.textContent('#review-post')).toBe(ref);

    // s skips it without saving anything.
    await Promise.all([page.waitForURL(/\/review\?skip=\d+$/), page.keyboard.press('s')]);
    expect(await page.textContent('#review-post')).not.toBe(ref);
    expect(labelOf(ref)).toBeUndefined();

    const text = await page.content();
    for (const canary of ALL_CANARIES) expect(text).not.toContain(canary);
    expect(watched.refused).toEqual([]);
    expect(watched.errors).toEqual([]);
  }, 120_000);
});
