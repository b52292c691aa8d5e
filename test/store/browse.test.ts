/** The posts browser's loader: filters, newest first, pages, and search and places that leak nothing. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlaceTagger } from '../../src/cli/summaries';
import type { AuthorRef, Post } from '../../src/core/post';
import { createGate, type Audience, type Gate } from '../../src/gate/release';
import { createSummariser } from '../../src/report/summarise';
import { CHECKED_TOTAL_LIMIT, loadPostsForBrowsing, MAX_PAGE_SIZE, type BrowseFilter, type BrowseReader } from '../../src/store/browse';
import { loadBrowseFacets, loadPlaceFacets } from '../../src/store/browse-facets';
import { saveClassifications } from '../../src/store/classifications';
import { openDatabase, type Db } from '../../src/store/database';
import { loadKnownPeople, loadPseudonymKey } from '../../src/store/exports';
import { saveLabel } from '../../src/store/labels';
import { saveScreening } from '../../src/store/screenings';
import { savePosts } from '../../src/store/posts';
import { iterateSummaryRows } from '../../src/store/summaries';
import { makeTempDir } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
let db: Db;
let gate: Gate;
const tagger = readPlaceTagger();

const NOW = '2026-12-01T10:00:00.000Z';
const JACK: AuthorRef = { sourceAuthorId: '70002', handle: 'jackpengelly', name: 'Jack Pengelly' };
const KERENZA: AuthorRef = { sourceAuthorId: '70001', handle: 'kerenzaqxvo', name: 'Kerenza Vosper' };
const QUESTION = 'What would make Cornwall a better place to grow up?';
const CANARY = 'zyqueltrip';

type Screened = 'clear' | 'flagged' | 'unscreened';
interface Seed {
  readonly id: string;
  readonly text: string;
  readonly day: number;
  readonly screened: Screened;
  /** The classifier's outcomes, ';'-joined; absent: never classified. */
  readonly outcomes?: string;
  readonly source?: string;
  readonly author?: AuthorRef | null;
  readonly question?: string;
}

const SEEDS: readonly Seed[] = [
  { id: '1', text: 'A skatepark in Truro please, the buses are rubbish', day: 1, screened: 'clear', outcomes: '5' },
  { id: '2', text: `I live in Truro and ${CANARY} things at home are bad`, day: 2, screened: 'flagged', outcomes: '3' },
  { id: '3', text: `${CANARY} text nobody has screened yet`, day: 3, screened: 'unscreened' },
  { id: '4', text: `thanks @${KERENZA.handle} for the lift`, day: 4, screened: 'clear', outcomes: '' },
  { id: '5', text: 'buses to Bodmin are late again', day: 5, screened: 'clear', outcomes: '2', author: KERENZA },
  { id: '6', text: 'Kerenza Vosper said the last bus never came', day: 6, screened: 'clear', outcomes: '2' },
  { id: 'r1:q1', text: 'more youth clubs in Truro', day: 7, screened: 'clear', outcomes: '', source: 'survey', author: null, question: QUESTION },
  { id: 'r2:q1', text: 'mail truro.youthvoice@example.org with ideas', day: 8, screened: 'clear', outcomes: '1', source: 'survey', author: null, question: QUESTION },
  { id: '9', text: 'a ferry from St Mary’s to Tresco every day in summer', day: 9, screened: 'clear', outcomes: '5' },
];

function toPost(seed: Seed): Post {
  return {
    source: seed.source ?? 'x',
    sourceId: seed.id,
    kind: 'post',
    createdAt: `2017-05-${String(seed.day).padStart(2, '0')}T12:00:00.000Z`,
    author: seed.author === undefined ? JACK : seed.author,
    text: seed.text,
    url: null,
    lang: 'en',
    parentSourceId: null,
    conversationId: null,
    metrics: null,
    raw: { id: seed.id },
    question: seed.question ?? null,
  };
}

function idOf(sourceId: string): number {
  return (db.prepare('SELECT id FROM posts WHERE source_id = ?').get(sourceId) as { id: number }).id;
}

function classify(seed: Seed): void {
  if (seed.outcomes === undefined || seed.screened === 'unscreened') return;
  const flagged = seed.screened === 'flagged';
  const postId = idOf(seed.id);
  saveClassifications(
    db,
    [
      {
        postId,
        postRevision: 1,
        outcomes: seed.outcomes,
        scores: '{}',
        safeguarding: flagged ? 1 : 0,
        safeguardingScore: flagged ? 0.9 : 0.01,
        safeguardingLevel: flagged ? 'disclosure' : null,
        confidence: 0.8,
        tone: 'neutral',
        explanation: '{}',
        codebookVersion: 'c1',
        modelVersion: 'm1',
        classifiedAt: NOW,
      },
    ],
    [{ state: flagged ? 'machine-flagged' : 'machine-clear', revision: 1, score: flagged ? 0.9 : 0.01, decidedBy: null, decidedAt: null, decidedRevision: null, level: null }],
  );
}

beforeEach(() => {
  tmp = makeTempDir();
  db = openDatabase(tmp.file('ov.db'));
  savePosts(db, [...SEEDS.map(toPost), { ...toPost({ id: 'gone', text: `${CANARY} deleted on the platform`, day: 10, screened: 'clear' }) }], NOW);
  db.prepare(`UPDATE posts SET deleted_at = ? WHERE source_id = 'gone'`).run(NOW);
  for (const seed of SEEDS) classify(seed);
  // A person's label wins over the classifier: r1 is about outcomes 1 and 5.
  saveLabel(db, { postId: idOf('r1:q1'), postRevision: 1, outcomes: '1;5', note: null, labelledBy: 'reviewer', labelledAt: NOW });
  gate = createGate({ pseudonymKey: loadPseudonymKey(db), people: loadKnownPeople(db), own: { xHandles: new Set(), facebookPage: 'none' } });
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

const analyst: Audience = { kind: 'analyst' };
const lead: Audience = { kind: 'safeguarding-lead' };
const reader = (audience: Audience): BrowseReader => ({ gate, audience, places: tagger });

function browse(filter: BrowseFilter, audience: Audience = analyst, page = { page: 1, size: 50 }) {
  const result = loadPostsForBrowsing(db, filter, page, reader(audience));
  return { total: result.total, ids: result.rows.map((r) => r.sourceId), result };
}

describe('browsing posts', () => {
  it('lists every post reports count, newest first, withheld ones included (the gate shows their notice)', () => {
    const { total, ids, result } = browse({});
    expect(total).toBe(9);
    expect(ids).toEqual(['9', 'r2:q1', 'r1:q1', '6', '5', '4', '3', '2', '1']);
    const flagged = result.rows.find((r) => r.sourceId === '2')!;
    expect(flagged).toMatchObject({ screening: 'machine-flagged', outcomes: [3], safeguardingLevel: 'disclosure', revision: 1, labelled: false });
    expect(gate.release(flagged, analyst).withheld).toBe('flagged');
    expect(JSON.stringify(result.rows)).not.toContain(CANARY);
    expect(result.rows.filter((r) => r.safeguardingLevel !== null).map((r) => r.sourceId)).toEqual(['2']);
  });

  it('gives the safeguarding level only while the flag stands', () => {
    expect(browse({ outcome: 3 }).result.rows[0]?.safeguardingLevel).toBe('disclosure');
    saveScreening(db, idOf('2'), { state: 'person-cleared', revision: 1, score: 0.9, decidedBy: 'dsl', decidedAt: NOW, decidedRevision: 1, level: null }, NOW);
    expect(browse({ outcome: 3 }).result.rows[0]).toMatchObject({ screening: 'person-cleared', safeguardingLevel: null });
  });

  it('puts undated posts last', () => {
    savePosts(db, [{ ...toPost({ id: 'undated', text: 'no date on this one', day: 1, screened: 'clear' }), createdAt: null }], NOW);
    expect(browse({}).ids.at(-1)).toBe('undated');
    expect(browse({}).ids[0]).toBe('9');
  });

  it('pages: the total counts all pages, a page holds at most its size, sizes stop at 100', () => {
    expect(browse({}, analyst, { page: 2, size: 4 })).toMatchObject({ total: 9, ids: ['5', '4', '3', '2'] });
    expect(browse({}, analyst, { page: 3, size: 4 })).toMatchObject({ total: 9, ids: ['1'] });
    expect(browse({}, analyst, { page: 9, size: 4 })).toMatchObject({ total: 9, ids: [] });
    const clamped = loadPostsForBrowsing(db, {}, { page: 0, size: 5000 }, reader(analyst));
    expect(clamped).toMatchObject({ page: 1, size: MAX_PAGE_SIZE, total: 9 });
  });

  it('filters by outcome (a person\'s label winning), none and unclassified', () => {
    expect(browse({ outcome: 5 }).ids).toEqual(['9', 'r1:q1', '1']);
    expect(browse({ outcome: 1 }).ids).toEqual(['r2:q1', 'r1:q1']);
    expect(browse({ outcome: 'none' }).ids).toEqual(['4']);
    expect(browse({ outcome: 'unclassified' }).ids).toEqual(['3']);
    expect(browse({ outcome: 2 }).result.rows.map((r) => r.outcomes)).toEqual([[2], [2]]);
    expect(() => browse({ outcome: 7 })).toThrow(RangeError);
  });

  it('filters by source, question and dates (from inclusive, to exclusive)', () => {
    expect(browse({ source: 'survey' }).ids).toEqual(['r2:q1', 'r1:q1']);
    expect(browse({ question: 'better place' }).result.rows.map((r) => r.question)).toEqual([QUESTION, QUESTION]);
    expect(browse({ from: '2017-05-02T12:00:00.000Z', to: '2017-05-04T12:00:00.000Z' }).ids).toEqual(['3', '2']);
    expect(browse({ source: 'x', outcome: 2, from: '2017-05-06T00:00:00.000Z' }).ids).toEqual(['6']);
  });
});

describe('searching', () => {
  it('finds posts by their words, stemmed, with the other filters, and counts only what it finds', () => {
    expect(browse({ search: 'buses' })).toMatchObject({ total: 2, ids: ['5', '1'] });
    expect(browse({ search: 'BUSES late' }).ids).toEqual(['5']);
    expect(browse({ search: '"youth clubs"', source: 'survey' }).ids).toEqual(['r1:q1']);
    expect(browse({ search: 'buses' }, analyst, { page: 2, size: 1 })).toMatchObject({ total: 2, ids: ['1'] });
  });

  it('never finds a withheld post by its words, nor a deleted one; the lead finds what is flagged or unscreened', () => {
    expect(browse({ search: CANARY })).toMatchObject({ total: 0, ids: [] });
    expect(browse({ search: CANARY }, lead)).toMatchObject({ total: 2, ids: ['3', '2'] });
    expect(browse({ search: CANARY }, { kind: 'public' }).total).toBe(0);
  });

  it.each([
    ['a mention', KERENZA.handle!, '4'],
    ["a known person's name", 'Vosper', '6'],
    ['an e-mail address', 'youthvoice', 'r2:q1'],
  ])('never finds a post by %s the gate replaces; the lead does', (_, word, id) => {
    expect(browse({ search: word })).toMatchObject({ total: 0, ids: [] });
    expect(browse({ search: word }, lead).ids).toEqual([id]);
  });

  it(`stops counting a search past ${CHECKED_TOTAL_LIMIT} posts, and says so, unless the page asked for is further`, () => {
    const many = Array.from({ length: CHECKED_TOTAL_LIMIT + 5 }, (_, i) => ({ ...toPost({ id: `m${i}`, text: `wibblequest number ${i}`, day: 11, screened: 'clear' }) }));
    savePosts(db, many, NOW);
    db.prepare(`INSERT INTO screenings (post_id, state, revision, updated_at) SELECT id, 'machine-clear', 1, ? FROM posts WHERE source_id LIKE 'm%'`).run(NOW);
    expect(browse({ search: 'wibblequest' }).result).toMatchObject({ total: CHECKED_TOTAL_LIMIT, totalIsExact: false });
    expect(browse({ search: 'wibblequest' }).ids).toHaveLength(50);
    const last = browse({ search: 'wibblequest' }, analyst, { page: CHECKED_TOTAL_LIMIT / 50 + 1, size: 50 });
    expect(last.result).toMatchObject({ total: CHECKED_TOTAL_LIMIT + 5, totalIsExact: true });
    expect(last.ids).toHaveLength(5);
    expect(browse({}).result).toMatchObject({ total: CHECKED_TOTAL_LIMIT + 14, totalIsExact: true });
  });

  it('reads no search syntax from what is typed', () => {
    expect(browse({ search: 'text:buses OR NEAR(" *' }).total).toBe(0);
    expect(browse({ search: '!!!' }).total).toBe(9);
  });
});

describe('filtering by place', () => {
  function reportPlaceCounts(): Map<string, number> {
    const summariser = createSummariser({ tagger, gate, includeOwn: true, words: false });
    for (const row of iterateSummaryRows(db, {})) summariser.add(row);
    return new Map(summariser.finish().summary.places.map((row) => [row.key, row.posts]));
  }

  it('for the lead, lists exactly the posts the report counts under each place', () => {
    const counts = reportPlaceCounts();
    expect(counts.get('Truro')).toBe(4);
    expect([...counts.keys()]).toEqual(expect.arrayContaining(['Truro', 'Bodmin', "St Mary's", 'Tresco']));
    for (const [label, posts] of counts) expect(browse({ place: label }, lead).total, label).toBe(posts);
  });

  it('for an analyst, not a withheld post nor a place named only in what the gate replaces', () => {
    expect(browse({ place: 'Truro' }, lead).ids).toEqual(['r2:q1', 'r1:q1', '2', '1']);
    expect(browse({ place: 'Truro' }).ids).toEqual(['r1:q1', '1']);
    expect(browse({ place: 'Truro', outcome: 5 }).ids).toEqual(['r1:q1', '1']);
    expect(browse({ place: "St Mary's", search: 'ferry' }).ids).toEqual(['9']);
  });

  it('gives each row the places the reader may find it under', () => {
    const placesOf = (audience: Audience) => new Map(browse({ source: 'survey' }, audience).result.rows.map((r) => [r.sourceId, r.places]));
    expect(placesOf(analyst)).toEqual(new Map([['r2:q1', []], ['r1:q1', ['Truro']]]));
    expect(placesOf(lead)).toEqual(new Map([['r2:q1', ['Truro']], ['r1:q1', ['Truro']]]));
    expect(browse({ outcome: 3 }).result.rows.map((r) => r.places)).toEqual([[]]);
    expect(browse({ outcome: 3 }, lead).result.rows.map((r) => r.places)).toEqual([['Truro']]);
  });

  it('finds nothing under a place the gazetteer does not know', () => {
    expect(browse({ place: 'Atlantis' }, lead)).toMatchObject({ total: 0, ids: [] });
  });
});

describe('the filter controls', () => {
  it('offers sources, questions and outcome counts over every post, and places as each reader may find them', () => {
    const facets = loadBrowseFacets(db);
    expect(facets.posts).toBe(9);
    expect(facets.sources).toEqual([
      { source: 'survey', posts: 2 },
      { source: 'x', posts: 7 },
    ]);
    expect(facets.questions).toEqual([{ question: QUESTION, posts: 2 }]);
    expect(facets.outcomes).toEqual({ byOutcome: { 1: 2, 2: 2, 3: 1, 4: 0, 5: 3 }, none: 1, unclassified: 1 });
    const places = (audience: Audience) => new Map(loadPlaceFacets(db, reader(audience)).map((p) => [p.label, p.posts]));
    expect(places(analyst).get('Truro')).toBe(2);
    expect(places(lead).get('Truro')).toBe(4);
    // Each count is what the place's filter returns.
    for (const audience of [analyst, lead]) for (const [label, posts] of places(audience)) expect(browse({ place: label }, audience).total).toBe(posts);
  });
});
