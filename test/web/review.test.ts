/**
 * The review queue in the browser, through the real `onevision serve`: a reviewer sees `onevision
 * review`'s queue one post at a time, saves a label exactly as `onevision label` would, and can undo
 * it; nobody else may change labels, and nothing withheld reaches a reviewer.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { withheldIdOf } from '../helpers/export-rows';
import { DeskClient, startServe, type ServingDesk } from './desk-helpers';
import { ALL_CANARIES, CANARIES, copyDb, PASSWORD, REFS, reviewQueue, seedFlaggedDesk, USERS } from './flagged-seed';

let seeded: ReturnType<typeof makeTempDir>;
let template: string;
let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let serving: ServingDesk | undefined;

beforeAll(async () => {
  seeded = makeTempDir();
  template = seeded.file('seed.db');
  await seedFlaggedDesk(template, seeded.file);
}, 120_000);
afterAll(() => seeded.cleanup());

beforeEach(async () => {
  tmp = makeTempDir();
  db = copyDb(template, tmp.file('onevision.db'));
  serving = await startServe(db);
});
afterEach(async () => {
  await serving?.stop();
  serving = undefined;
  tmp.cleanup();
});

async function signedIn(name: string): Promise<DeskClient> {
  const client = new DeskClient(serving!.origin);
  const response = await client.signIn(name, PASSWORD);
  expect(response.status, `sign-in as ${name}`).toBe(303);
  return client;
}

/** The hidden fields and ticks of the review form on a page, as a browser would send them back. */
function reviewForm(page: string): { post: string; revision: string; skip: string; _csrf: string; ticked: string[] } {
  const form = /<form class="review-form"[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
  const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1] ?? '';
  const ticked = [...form.matchAll(/name="outcome" value="(\d)"[^>]*checked/g)].map((m) => m[1] ?? '');
  return { post: hidden('post'), revision: hidden('revision'), skip: hidden('skip'), _csrf: hidden('_csrf'), ticked };
}

/** A form body; several values for a name (outcomes) are sent as repeated fields, as a browser sends them. */
function form(fields: Record<string, string | readonly string[]>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return body;
}

const labelOf = (ref: string) =>
  queryDb<{ outcomes: string; labelled_by: string; labelled_at: string; post_revision: number }>(
    db,
    `SELECT l.outcomes, l.labelled_by, l.labelled_at, l.post_revision FROM labels l JOIN posts p ON p.id = l.post_id WHERE p.source || ':' || p.source_id = ?`,
    ref,
  )[0];

const auditOf = (ref: string) => queryDb<{ id: number; action: string; details: string }>(db, `SELECT id, action, details FROM audit WHERE subject = ? ORDER BY id`, ref);

describe('a reviewer on /review', () => {
  it("shows the CLI queue's first post by name, with why, ticked as proposed, and nothing withheld", async () => {
    const rita = await signedIn(USERS.reviewer);
    const page = await rita.get('/review');
    expect(page.status).toBe(200);
    const queue = await reviewQueue(db);
    const shown = reviewForm(page.body);
    expect(shown.post).toBe(queue[0]?.post);
    // Outcome names, never bare numbers: one checkbox per outcome, the proposal ticked.
    for (const name of ['Strengthening families and communities', "Children&#39;s physical, emotional and mental health", 'Protecting children from the risk of harm', 'Aspiration and achievement towards economic wellbeing', 'A positive contribution to the community']) {
      expect(page.body).toContain(name);
    }
    const proposed = queryDb<{ outcomes: string }>(db, `SELECT c.outcomes FROM classifications c JOIN posts p ON p.id = c.post_id WHERE p.source || ':' || p.source_id = ?`, shown.post)[0]?.outcomes;
    expect(shown.ticked.join(';')).toBe(proposed);
    expect(page.body).toMatch(/<h3>Why<\/h3>\s*<ul class="review-reasons"><li><strong>[^<]+<\/strong>: Tagged \d/);
    expect(page.body).toMatch(/name="none" value="1"/);
    // The keys are listed on the page, and the script that takes them is loaded (CSP: a file, no inline script).
    expect(page.body).toContain('<kbd>u</kbd> undo the last save');
    expect(page.body).toMatch(/<script src="\/assets\/review.js" defer><\/script>/);
    expect(page.body).not.toMatch(/<script(?![^>]*src=)/);
    for (const canary of ALL_CANARIES) expect(page.body).not.toContain(canary);
  });

  it('saves a label as `onevision label` does, confirms it by name, and undo removes it again', async () => {
    const rita = await signedIn(USERS.reviewer);
    const shown = reviewForm((await rita.get('/review')).body);
    const saved = await rita.post('/review', form({ ...shown, outcome: ['2', '5'], note: 'youth clubs and health' }));
    expect(saved.status).toBe(303);
    expect(saved.location).toMatch(/^\/review\?saved=\d+$/);

    expect(labelOf(shown.post)).toMatchObject({ outcomes: '2;5', labelled_by: USERS.reviewer, post_revision: Number(shown.revision) });
    const [entry] = auditOf(shown.post);
    expect(entry?.action).toBe('label');
    expect(JSON.parse(entry?.details ?? '{}')).toEqual({ by: USERS.reviewer, outcomes: '2;5', revision: Number(shown.revision), via: 'desk', replaced: null });
    expect((await reviewQueue(db)).map((q) => q.post)).not.toContain(shown.post);

    const next = await rita.get(saved.location ?? '');
    expect(next.body).toContain(`<p class="notice" role="status">Saved: ${shown.post} as Children&#39;s physical, emotional and mental health and A positive contribution to the community</p>`);
    expect(reviewForm(next.body).post).not.toBe(shown.post);
    const entryId = /name="entry" value="(\d+)"/.exec(next.body)?.[1];
    expect(entryId).toBe(String(entry?.id));

    const undone = await rita.post('/review/undo', { _csrf: shown._csrf, entry: entryId ?? '', skip: '' });
    expect(undone.status).toBe(303);
    expect(labelOf(shown.post)).toBeUndefined();
    expect(auditOf(shown.post).map((a) => a.action)).toEqual(['label', 'label-undone']);
    expect((await reviewQueue(db)).map((q) => q.post)).toContain(shown.post);
    const back = await rita.get(undone.location ?? '');
    expect(back.body).toContain(`role="status">Undone: ${shown.post} is back in the queue, without a label</p>`);
    expect(reviewForm(back.body).post).toBe(shown.post);

    // A second undo of the same save changes nothing.
    const again = await rita.post('/review/undo', { _csrf: shown._csrf, entry: entryId ?? '', skip: '' });
    expect(again.status).toBe(409);
    expect(auditOf(shown.post)).toHaveLength(2);
  });

  it("undo puts back the label the save replaced, and never undoes another person's save", async () => {
    const cli = await runCli(['--db', db, 'label', 'survey:ok4', '--outcomes', '4', '--note', 'careers', '--by', 'Sam']);
    expect(cli.code).toBe(0);
    const before = labelOf('survey:ok4');
    const rita = await signedIn(USERS.reviewer);
    const token = await rita.csrfToken('/review');
    const saved = await rita.post('/review', form({ _csrf: token, post: 'survey:ok4', revision: '1', skip: '', none: '1' }));
    expect(saved.status).toBe(303);
    expect(labelOf('survey:ok4')).toMatchObject({ outcomes: '', labelled_by: USERS.reviewer });
    const entry = /saved=(\d+)/.exec(saved.location ?? '')?.[1] ?? '';

    const rob = await signedIn(USERS.otherReviewer);
    const theirs = await rob.post('/review/undo', { _csrf: await rob.csrfToken('/review'), entry, skip: '' });
    expect(theirs.status).toBe(409);
    expect(labelOf('survey:ok4')).toMatchObject({ outcomes: '', labelled_by: USERS.reviewer });

    expect((await rita.post('/review/undo', { _csrf: token, entry, skip: '' })).status).toBe(303);
    expect(labelOf('survey:ok4')).toEqual(before);
    expect(queryDb<{ note: string }>(db, `SELECT note FROM labels l JOIN posts p ON p.id = l.post_id WHERE p.source_id = 'ok4'`)[0]?.note).toBe('careers');
  });

  it('refuses a form with no outcome and no "none", and one for a post it must not read', async () => {
    const rita = await signedIn(USERS.reviewer);
    const shown = reviewForm((await rita.get('/review')).body);
    const empty = await rita.post('/review', form({ _csrf: shown._csrf, post: shown.post, revision: shown.revision, skip: '' }));
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('role="alert">Tick the outcomes that apply, or &quot;None of these&quot;.');
    // A flagged post is not the reviewer's to label, even by a hand-made form, and its text is not echoed.
    const flagged = await rita.post('/review', form({ _csrf: shown._csrf, post: REFS.disclosure, revision: '1', skip: '', outcome: '3' }));
    expect(flagged.status).toBe(409);
    for (const canary of ALL_CANARIES) expect(flagged.body).not.toContain(canary);
    expect(queryDb(db, 'SELECT * FROM labels')).toEqual([]);
  });

  it('skips a post without saving anything, and shows a withheld parent as its notice', async () => {
    const rita = await signedIn(USERS.reviewer);
    const queue = (await reviewQueue(db)).map((q) => q.post);
    const ids = queryDb<{ id: number; ref: string }>(db, `SELECT id, source || ':' || source_id AS ref FROM posts`);
    const idOf = (ref: string) => ids.find((row) => row.ref === ref)?.id;
    // Skip everything before the reply whose parent is a flagged disclosure.
    const before = queue.slice(0, queue.indexOf(REFS.threadReply)).map(idOf).join('.');
    const page = await rita.get(`/review?skip=${before}`);
    expect(reviewForm(page.body).post).toBe(REFS.threadReply);
    // Nor who wrote it: the pseudonym would lead to the writer's other posts.
    // By its stand-in, not its id: the id would lead to the text on the platform.
    const parent = `x:${withheldIdOf(db, 'x', '900000000000000002')}`;
    expect(page.body).toContain(`In reply to ${parent}:</p><blockquote class="post-text withheld">[text withheld: possible safeguarding disclosure`);
    expect(page.body).not.toContain('900000000000000002');
    expect(page.body).not.toContain(CANARIES.thread);
    expect(page.body).not.toContain('quiet_kid_17');
    expect(queryDb(db, 'SELECT * FROM labels')).toEqual([]);
  });
});

describe('who may change labels', () => {
  it('refuses an analyst, on the page and on every change, whatever the form says', async () => {
    const ana = await signedIn(USERS.analyst);
    const token = await ana.csrfToken('/');
    expect((await ana.get('/review')).status).toBe(403);
    expect((await ana.post('/review', form({ _csrf: token, post: 'survey:ok1', revision: '1', outcome: '1' }))).status).toBe(403);
    expect((await ana.post('/review/undo', { _csrf: token, entry: '1' })).status).toBe(403);
    expect(queryDb(db, 'SELECT * FROM labels')).toEqual([]);
  });

  it('refuses a reviewer\'s change without the page token, or from another site', async () => {
    const rita = await signedIn(USERS.reviewer);
    const shown = reviewForm((await rita.get('/review')).body);
    const { _csrf, ...rest } = shown;
    expect((await rita.post('/review', form({ ...rest, outcome: '1' }))).status).toBe(403);
    expect((await rita.post('/review', form({ ...rest, _csrf: 'x'.repeat(_csrf.length), outcome: '1' }))).status).toBe(403);
    expect((await rita.post('/review', form({ ...shown, outcome: '1' }), { origin: 'http://attacker.example' })).status).toBe(403);
    expect((await rita.post('/review/undo', { entry: '1' })).status).toBe(403);
    expect(queryDb(db, 'SELECT * FROM labels')).toEqual([]);
  });
});
