/**
 * The posts browser through the real `onevision serve`: its filters narrow the list, its search finds
 * a clear post by a word in it, and neither the search, the place filter nor any page of the list
 * shows an analyst or a reviewer a word of the canary disclosure a person flagged; the safeguarding
 * lead and the account-less local user do find it. Bad parameters are answered with 400 and a
 * sentence, and markup in a post is shown as text.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WITHHELD_NOTICES } from '../../src/gate/release';
import { escapeHtml } from '../../src/web/html';
import { makeTempDir } from '../helpers/cli';
import { withheldIdOf } from '../helpers/export-rows';
import { addUser, DeskClient, startServe, type ServingDesk } from './desk-helpers';
import { CANARY_REF, CANARY_TELLS, CANARY_TEXT, CANARY_WORD, QUESTION_WORRY, SCRIPT_REF, SCRIPT_TEXT, SEEDED_POSTS, seedPostsDb } from './posts-seed';

const PASSWORD = 'posts browser password';
let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let serving: ServingDesk;
let localServing: ServingDesk;
const clients: Record<'analyst' | 'reviewer' | 'lead' | 'local', DeskClient> = {} as never;

beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
  await seedPostsDb(db, tmp.file);
  // The same posts on a desk with no accounts: its one local user reads as the CLI's user does.
  const localDb = tmp.file('local.db');
  const copy = new Database(db);
  copy.exec(`VACUUM INTO '${localDb.replace(/'/g, "''")}'`);
  copy.close();
  await addUser(db, 'ana', 'analyst', PASSWORD);
  await addUser(db, 'rex', 'reviewer', PASSWORD);
  await addUser(db, 'dee', 'safeguarding-lead', PASSWORD);
  serving = await startServe(db);
  localServing = await startServe(localDb);
  for (const [key, name] of [['analyst', 'ana'], ['reviewer', 'rex'], ['lead', 'dee']] as const) {
    clients[key] = new DeskClient(serving.origin);
    expect((await clients[key].signIn(name, PASSWORD)).status).toBe(303);
  }
  clients.local = new DeskClient(localServing.origin);
}, 180_000);
afterAll(async () => {
  await serving?.stop();
  await localServing?.stop();
  tmp?.cleanup();
});

/** The posts listed on a page of results, in order. */
function refsOn(body: string): string[] {
  return [...body.matchAll(/<th scope="row"><a href="\/posts\/[^"]+">([^<]+)<\/a><\/th>/g)].map((m) => m[1] ?? '');
}

function datesOn(body: string): string[] {
  return [...body.matchAll(/<td class="nowrap">([^<]+)<\/td>/g)].map((m) => m[1] ?? '');
}

function heading(body: string): string {
  // Its en dash puts it in a <bdi>, as every string beyond ASCII is.
  return /<h2 id="found">(?:<bdi>)?([^<]*)(?:<\/bdi>)?<\/h2>/.exec(body)?.[1] ?? '(no result heading)';
}

async function list(client: DeskClient, query: Record<string, string>): Promise<{ status: number; body: string; refs: string[] }> {
  const response = await client.get(`/posts?${new URLSearchParams(query).toString()}`);
  return { status: response.status, body: response.body, refs: refsOn(response.body) };
}

function tellsIn(body: string): string[] {
  const lower = body.toLowerCase();
  return CANARY_TELLS.filter((tell) => lower.includes(escapeHtml(tell).toLowerCase()) || lower.includes(tell.toLowerCase()));
}

describe('the posts browser', () => {
  it('lists every post newest first, a page at a time, with where the page is in the count', async () => {
    const pages = [await list(clients.analyst, { size: '5' }), await list(clients.analyst, { size: '5', page: '2' }), await list(clients.analyst, { size: '5', page: '3' })];
    expect(pages.map((p) => heading(p.body))).toEqual([`Posts 1–5 of ${SEEDED_POSTS}`, `Posts 6–10 of ${SEEDED_POSTS}`, `Posts 11–${SEEDED_POSTS} of ${SEEDED_POSTS}`]);
    const refs = pages.flatMap((p) => p.refs);
    expect(new Set(refs).size).toBe(SEEDED_POSTS);
    const dates = pages.flatMap((p) => datesOn(p.body));
    expect(dates).toEqual([...dates].sort().reverse());
    expect(pages[1]?.body).toContain('rel="next"');
    expect(pages[1]?.body).toContain('rel="prev"');
    // Every row links to its post's page.
    expect(pages[0]?.body).toMatch(/<a href="\/posts\/[a-z]+:[^"]+">/);
  });

  it('answers a page far past the end with the end of the list, not an error', async () => {
    for (const page of ['4', '99999999999', '123456789012345678901234567890']) {
      const result = await list(clients.analyst, { size: '5', page });
      expect(result.status, page).toBe(200);
      expect(result.refs).toEqual([]);
      expect(result.body).toContain('The list ends before page');
      expect(result.body).toContain('page=3');
    }
  });

  it('narrows by outcome, by name, as a person labelled it', async () => {
    const health = await list(clients.analyst, { outcome: '2' });
    expect(health.refs).toContain('event:e2');
    expect(health.refs).not.toContain('event:e3');
    expect(health.body).toContain(escapeHtml("Children's physical, emotional and mental health"));
    const families = await list(clients.analyst, { outcome: '1', source: 'event' });
    expect(families.refs.sort()).toEqual(['event:e1', 'event:e4']);
    const achievement = await list(clients.analyst, { outcome: '4', source: 'event' });
    expect(achievement.refs).toEqual(['event:e3']);
    expect((await list(clients.analyst, { outcome: 'none', source: 'event' })).refs).toEqual(['event:e5']);
  });

  it('narrows by source, dates, place and survey question', async () => {
    expect((await list(clients.analyst, { source: 'x' })).refs.sort()).toEqual(['x:9001', 'x:9002', 'x:9003']);
    const june = await list(clients.analyst, { from: '2017-06-01', to: '2017-06-30' });
    expect(june.refs.sort()).toEqual(['event:e2', 'survey:r3:what-would-make-cornwall-a-better-place-8194a5']);
    for (const date of datesOn(june.body)) expect(date >= '2017-06-01' && date <= '2017-06-30', date).toBe(true);
    const truro = await list(clients.analyst, { place: 'truro' });
    expect(truro.refs).toHaveLength(2);
    for (const ref of truro.refs) expect(ref).toMatch(/^survey:r1:/);
    const worries = await list(clients.analyst, { question: QUESTION_WORRY });
    expect(worries.refs.sort()).toEqual(['survey:r1:what-worries-you-most', 'survey:r2:what-worries-you-most']);
  });

  it('finds a clear post by a word in it, stemmed as the index stems, and by a phrase', async () => {
    expect((await list(clients.analyst, { q: 'skatepark' })).refs).toEqual(['survey:r2:what-would-make-cornwall-a-better-place-8194a5']);
    expect((await list(clients.analyst, { q: 'lesson' })).refs.sort()).toEqual(['event:e2', 'x:9002']);
    expect((await list(clients.analyst, { q: '"late bus"' })).refs).toEqual(['x:9003']);
    expect((await list(clients.analyst, { q: 'bus zebra' })).refs).toEqual([]);
  });
});

describe('the canary disclosure a person flagged', () => {
  for (const role of ['analyst', 'reviewer'] as const) {
    it(`is never found by its words, its place or shown on any page of results to ${role === 'analyst' ? 'an' : 'a'} ${role}`, async () => {
      const client = clients[role];
      // Listed by its stand-in, as an export lists it: its id would lead to its text on the platform.
      const canaryShown = `event:${withheldIdOf(db, 'event', 'canary')}`;
      const searched = await list(client, { q: CANARY_WORD });
      expect(searched.status).toBe(200);
      expect(heading(searched.body)).toBe('No posts match');
      expect((await list(client, { q: 'stepdad' })).refs).toEqual([]);
      expect((await list(client, { place: 'Camborne' })).refs).not.toContain(canaryShown);
      let shownWithheld = 0;
      for (let page = 1; page <= 3; page += 1) {
        const result = await list(client, { size: '5', page: String(page) });
        expect(tellsIn(result.body), `page ${page}`).toEqual([]);
        expect(result.body).not.toContain(CANARY_REF);
        if (result.refs.includes(canaryShown)) shownWithheld += 1;
        if (result.refs.includes(canaryShown)) expect(result.body).toContain(escapeHtml(WITHHELD_NOTICES.flagged));
      }
      // Guards the guard: the canary is listed (as a notice), and it is the only post withheld.
      expect(shownWithheld).toBe(1);
      const all = await list(client, { size: '100' });
      expect(all.body.split(escapeHtml(WITHHELD_NOTICES.flagged)).length - 1).toBe(1);
    });

    it(`shows ${role === 'analyst' ? 'an' : 'a'} ${role} only the withheld notice on the canary's own page`, async () => {
      const page = await clients[role].get(`/posts/${CANARY_REF}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain(escapeHtml(WITHHELD_NOTICES.flagged));
      expect(tellsIn(page.body)).toEqual([]);
      expect(page.body).not.toContain('level-disclosure');
    });
  }

  for (const role of ['lead', 'local'] as const) {
    it(`is found and read by the ${role === 'lead' ? 'safeguarding lead' : 'local user'}`, async () => {
      const searched = await list(clients[role], { q: CANARY_WORD });
      expect(searched.refs).toEqual([CANARY_REF]);
      expect(searched.body).toContain(escapeHtml(CANARY_TEXT));
      expect((await list(clients[role], { place: 'Camborne' })).refs).toContain(CANARY_REF);
      const page = await clients[role].get(`/posts/${CANARY_REF}`);
      expect(page.body).toContain(escapeHtml(CANARY_TEXT));
    });
  }
});

describe('what the browser refuses', () => {
  const BAD: ReadonlyArray<readonly [query: Record<string, string> | string, says: string]> = [
    [{ outcome: '7' }, 'is not an outcome'],
    [{ outcome: 'health' }, 'is not an outcome'],
    [{ source: 'Not A Source' }, 'is not a source name'],
    [{ from: 'yesterday' }, '“From” is not a date'],
    [{ to: '2017-02-30' }, '“To” is not a date'],
    [{ from: '2017-06-01', to: '2017-05-01' }, 'swap the dates'],
    [{ place: 'Atlantis' }, 'is not a place in the gazetteer'],
    [{ q: 'word '.repeat(50) }, 'give at most 200'],
    [{ question: 'q'.repeat(501) }, 'give at most 500'],
    [{ page: '0' }, 'is not a page number'],
    [{ page: '-2' }, 'is not a page number'],
    [{ page: '2.5' }, 'is not a page number'],
    [{ size: '500' }, 'give a number from 1 to 100'],
    [{ size: '0' }, 'give a number from 1 to 100'],
    ['outcome=1&outcome=2', 'Give one value for “outcome”, not 2'],
  ];

  it('answers each bad parameter with 400, the form as typed, and a sentence saying what is wrong', async () => {
    for (const [query, says] of BAD) {
      const search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
      const page = await clients.analyst.get(`/posts?${search}`);
      expect(page.status, search).toBe(400);
      expect(page.body, search).toContain('role="alert"');
      expect(page.body, search).toContain(escapeHtml(says));
      expect(page.body, search).toContain('<form class="filters posts-filters"');
      expect(refsOn(page.body), search).toEqual([]);
    }
  });

  it('shows markup typed into the search as text', async () => {
    const page = await clients.analyst.get(`/posts?${new URLSearchParams({ q: '"><script>alert(1)</script>' }).toString()}`);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('shows markup in a post as text, in the list and on its page', async () => {
    const found = await list(clients.analyst, { q: 'Saltash' });
    expect(found.refs).toEqual([SCRIPT_REF]);
    const page = await clients.analyst.get(`/posts/${SCRIPT_REF}`);
    for (const body of [found.body, page.body]) {
      expect(body).not.toContain("<script>alert('owned')");
      expect(body).toContain(escapeHtml(SCRIPT_TEXT));
    }
  });

  it('sends the signed-out to the sign-in', async () => {
    const stranger = new DeskClient(serving.origin);
    const page = await stranger.get('/posts?q=buses');
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/login\?next=/);
  });
});
