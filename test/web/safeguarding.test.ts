/**
 * The safeguarding inbox through the real `onevision serve`: only the safeguarding lead reads the
 * flags (in `onevision safeguarding`'s order, in full, with their threads) and decides them. A
 * cleared flag's text is released to analysts; a referred one stays withheld; both are kept with the
 * lead's note and shown in the post's audit trail.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { DeskClient, startServe, type ServingDesk } from './desk-helpers';
import { ALL_CANARIES, analystExport, CANARIES, copyDb, PASSWORD, REFS, seedFlaggedDesk, USERS } from './flagged-seed';

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

const flagPage = (ref: string) => `/safeguarding/${encodeURIComponent(ref)}`;

const screeningOf = (ref: string) =>
  queryDb<{ state: string; decided_by: string; level: string | null }>(db, `SELECT s.state, s.decided_by, s.level FROM screenings s JOIN posts p ON p.id = s.post_id WHERE p.source || ':' || p.source_id = ?`, ref)[0];

describe('who may read the inbox', () => {
  it('refuses analysts and reviewers every inbox page and decision, and never sends them flagged text', async () => {
    for (const name of [USERS.analyst, USERS.reviewer]) {
      const client = await signedIn(name);
      const token = await client.csrfToken('/');
      for (const path of ['/safeguarding', flagPage(REFS.disclosure), flagPage(REFS.threadFlag), flagPage('survey:c1'), flagPage('survey:ok1')]) {
        const page = await client.get(path);
        expect(page.status, `${name} GET ${path}`).toBe(403);
        for (const canary of ALL_CANARIES) expect(page.body, `${name} GET ${path}`).not.toContain(canary);
      }
      const decided = await client.post(flagPage(REFS.disclosure), { _csrf: token, revision: '1', decision: 'cleared', note: 'not mine to clear' });
      expect(decided.status).toBe(403);
      // Their other pages (the navigation included) do not offer the inbox either.
      expect((await client.get('/')).body).not.toContain('href="/safeguarding"');
    }
    expect(screeningOf(REFS.disclosure)?.state).toBe('machine-flagged');
    expect(queryDb(db, 'SELECT * FROM safeguarding_decisions')).toEqual([]);
  });
});

describe("the safeguarding lead's inbox", () => {
  it("lists the flags as `onevision safeguarding` does, in full, with counts, permalinks and threads", async () => {
    const jo = await signedIn(USERS.lead);
    const inbox = await jo.get('/safeguarding');
    expect(inbox.status).toBe(200);
    expect(inbox.body).toMatch(/data-count="disclosures">2</);
    expect(inbox.body).toMatch(/data-count="concerns">1</);
    expect(inbox.body).toMatch(/data-count="awaiting">1</);
    // Disclosures first, then concerns; the one awaiting screening is counted, not listed.
    const order = [...inbox.body.matchAll(/<article class="flag" data-post="([^"]+)"/g)].map((m) => m[1]);
    const cli = await runCli(['--db', db, 'safeguarding', '--json']);
    expect(order).toEqual((JSON.parse(cli.stdout) as Array<{ post: string }>).map((f) => f.post));
    expect(order.slice(-1)).toEqual([REFS.concern]);
    expect(inbox.body.indexOf('<h2>Disclosures (2)</h2>')).toBeLessThan(inbox.body.indexOf('<h2>Concerns (1)</h2>'));
    expect(inbox.body).not.toContain(CANARIES.awaiting);
    // In full: text, author and permalink.
    for (const canary of [CANARIES.disclosure, CANARIES.concern, CANARIES.thread]) expect(inbox.body).toContain(canary);
    expect(inbox.body).toContain('by kai_p');
    expect(inbox.body).toContain('<a href="https://example.org/responses/c2" rel="noreferrer noopener">permalink</a>');
    expect(inbox.body).toContain('<a href="https://x.com/quiet_kid_17/status/900000000000000002" rel="noreferrer noopener">permalink</a>');
    expect(inbox.body).toMatch(/<span class="tag level-disclosure">Disclosure \(urgent\)<\/span>/);
    expect(inbox.body).toMatch(/score [01]\.\d\d · 2017-05-03 · by kai_p/);
    // The X disclosure's thread: the question it answers and the reply to it.
    const thread = /<article class="flag" data-post="x:900000000000000002">[\s\S]*?<\/article>/.exec(inbox.body)?.[0] ?? '';
    expect(thread).toContain('In reply to x:900000000000000001 by kernow_youth:');
    expect(thread).toContain('What would you change for young people in Cornwall?');
    expect(thread).toContain('x:900000000000000003 by truro_mum');
    expect(thread).toContain('please talk to someone at school');
  });

  it('clears one flag and refers another, each with a note, shown in the audit trail', async () => {
    const jo = await signedIn(USERS.lead);
    const page = await jo.get(flagPage(REFS.disclosure));
    expect(page.status).toBe(200);
    expect(page.body).toContain(CANARIES.disclosure);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';

    const clear = { _csrf: token, revision: '1', decision: 'cleared', note: 'Lyrics from a song the class studied; checked with the school DSL.' };
    const cleared = await jo.post(flagPage(REFS.disclosure), clear);
    expect(cleared.status).toBe(303);
    expect(cleared.location).toMatch(/^\/safeguarding\/survey%3Ac2\?saved=\d+$/);
    // The same form sent again (a double click) is the same decision: one on the trail, the same page after.
    const again = await jo.post(flagPage(REFS.disclosure), clear);
    expect(again.location).toBe(cleared.location);
    const after = await jo.get(cleared.location ?? '');
    expect(after.body).toContain('role="status">Saved: survey:c2 cleared. Its text is now released to analysts and reviewers.</p>');
    expect(after.body).toMatch(/<td>dsl-jo<\/td><td>Cleared: not a disclosure \(text revision 1\)<\/td><td class="post-text">Lyrics from a song the class studied; checked with the school DSL.<\/td>/);

    // The form offers the flag's level, and the lead raises it: a referral is urgent.
    expect((await jo.get(flagPage(REFS.concern))).body).toMatch(/<input type="radio" name="level" value="concern" id="level-concern" checked>/);
    const referred = await jo.post(flagPage(REFS.concern), { _csrf: token, revision: '1', decision: 'referred', level: 'disclosure', note: 'Referred to MARU, ref 2017/114.' });
    expect(referred.status).toBe(303);
    const trail = await jo.get(flagPage(REFS.concern));
    expect(trail.body).toMatch(/<td>dsl-jo<\/td><td>Referred under the safeguarding procedure \(text revision 1\)<\/td><td class="post-text">Referred to MARU, ref 2017\/114.<\/td>/);

    // The screening state machine moved, the decisions and their audit entries are stored.
    expect(screeningOf(REFS.disclosure)).toEqual({ state: 'person-cleared', decided_by: USERS.lead, level: null });
    expect(screeningOf(REFS.concern)).toEqual({ state: 'person-flagged', decided_by: USERS.lead, level: 'disclosure' });
    const decisions = queryDb<{ id: number; decision: string; note: string; decided_by: string }>(db, 'SELECT id, decision, note, decided_by FROM safeguarding_decisions ORDER BY id');
    expect(decisions.map((d) => [d.decision, d.decided_by])).toEqual([['cleared', USERS.lead], ['referred', USERS.lead]]);
    const audit = queryDb<{ action: string; subject: string; details: string }>(db, `SELECT action, subject, details FROM audit WHERE action LIKE 'flag-%' ORDER BY id`);
    expect(audit.map((a) => ({ ...a, details: JSON.parse(a.details) as unknown }))).toEqual([
      { action: 'flag-cleared', subject: REFS.disclosure, details: { by: USERS.lead, revision: 1, decision: 'cleared', decisionId: decisions[0]?.id, via: 'desk' } },
      { action: 'flag-raised', subject: REFS.concern, details: { by: USERS.lead, revision: 1, decision: 'referred', decisionId: decisions[1]?.id, via: 'desk', level: 'disclosure' } },
    ]);
    // The note stays with the lead: the audit trail names the decision, not what the note says.
    expect(audit.map((a) => a.details).join()).not.toContain('MARU');

    // Cleared: released to analysts. Referred: still withheld, and still in the inbox as a person's flag.
    const exported = await analystExport(db, tmp.file('export.csv'));
    expect(exported).toContain(CANARIES.disclosure);
    expect(exported).not.toContain(CANARIES.concern);
    const inbox = await jo.get('/safeguarding');
    expect(inbox.body).toContain('<h2>Flagged by a person (1)</h2>');
    expect(inbox.body).toMatch(/data-post="survey:c3">\s*<h3><a [^>]+>survey:c3<\/a> <span class="tag level-disclosure">/);
    expect(inbox.body).not.toContain(`data-post="${REFS.disclosure}"`);
    const ana = await signedIn(USERS.analyst);
    expect((await ana.get(flagPage(REFS.concern))).status).toBe(403);
  });

  it('needs a decision, a note and the text the lead read, and its page token', async () => {
    const jo = await signedIn(USERS.lead);
    const token = await jo.csrfToken('/safeguarding');
    const noNote = await jo.post(flagPage(REFS.disclosure), { _csrf: token, revision: '1', decision: 'cleared', note: '   ' });
    expect(noNote.status).toBe(400);
    expect(noNote.body).toContain('role="alert">Write a note');
    const noDecision = await jo.post(flagPage(REFS.disclosure), { _csrf: token, revision: '1', note: 'hm' });
    expect(noDecision.status).toBe(400);
    const noLevel = await jo.post(flagPage(REFS.disclosure), { _csrf: token, revision: '1', decision: 'referred', level: 'urgent', note: 'hm' });
    expect(noLevel.status).toBe(400);
    expect(noLevel.body).toContain('role="alert">Choose the level');
    const stale = await jo.post(flagPage(REFS.disclosure), { _csrf: token, revision: '0', decision: 'cleared', note: 'read an older text' });
    expect(stale.status).toBe(409);
    const noToken = await jo.post(flagPage(REFS.disclosure), { revision: '1', decision: 'cleared', note: 'no token' });
    expect(noToken.status).toBe(403);
    const missing = await jo.get(flagPage('survey:nope'));
    expect(missing.status).toBe(404);
    expect(screeningOf(REFS.disclosure)?.state).toBe('machine-flagged');
    expect(queryDb(db, 'SELECT * FROM safeguarding_decisions')).toEqual([]);
  });
});
