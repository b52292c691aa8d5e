/** The search rule: a reader finds a post only by words the gate releases to them. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createGate, personKey, type Audience, type HeldPost } from '../../src/gate/release';
import { seal, type PostIdentity } from '../../src/gate/sealed';
import { SCREENING_STATES } from '../../src/gate/screening';
import {
  findablePlaces,
  isSearchableState,
  matchesSearch,
  mayFindBySearch,
  MAX_SEARCH_TERMS,
  searchableStates,
  SEARCH_TOKENIZER,
  toSearchQuery,
  toSearchStem,
  toSearchWords,
  type SearchQuery,
} from '../../src/gate/search';
import { MIGRATIONS } from '../../src/store/migrations';
import { readPlaceTagger } from '../../src/cli/summaries';

const KEY = 'k'.repeat(64);
const people = [
  { key: personKey('x', '111'), handle: 'wenna_quillfeather', name: 'Wenna Quillfeather' },
  { key: personKey('facebook', '222'), handle: null, name: 'Tomos Zennorvale' },
];
const gate = createGate({ pseudonymKey: KEY, people, own: { xHandles: new Set(), facebookPage: 'OurPage' } });

function post(text: string, overrides: Partial<HeldPost> & { identity?: Partial<PostIdentity> } = {}): HeldPost {
  const { identity, ...facts } = overrides;
  return {
    postId: 1,
    source: 'x',
    sourceId: '1642000000000000001',
    kind: 'post',
    createdAt: '2017-05-03T18:22:11.000Z',
    conversationId: null,
    screening: 'machine-clear',
    sealed: seal({ text, url: 'https://x.com/someone_else/status/1642000000000000001', authorSourceId: '333', authorHandle: 'someone_else', authorName: 'Some One', ...identity }),
    ...facts,
  };
}

const analyst: Audience = { kind: 'analyst' };
const lead: Audience = { kind: 'safeguarding-lead' };
const publicReader: Audience = { kind: 'public' };
const AUDIENCES: Audience[] = [analyst, publicReader, lead, { kind: 'analyst', includeWithheld: true }, { kind: 'analyst', includeAuthors: true }];

const q = (input: string): SearchQuery => {
  const query = toSearchQuery(input);
  if (!query) throw new Error(`no query in "${input}"`);
  return query;
};

describe('words as the index cuts them', () => {
  it('agrees with FTS5 on the tokenizer migration 12 builds the index with', () => {
    const migration = MIGRATIONS.find((m) => m.version === 12);
    expect(migration?.sql).toContain(`tokenize = '${SEARCH_TOKENIZER}'`);
    const text = "Café in St Ives — CAN'T wait!! Buses, bussing & bullied kids; #YouthVoice 2017 naïve résumé 😀 ÉCOLE don’t stop";
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE f USING fts5 (t, tokenize = '${SEARCH_TOKENIZER}'); CREATE VIRTUAL TABLE v USING fts5vocab (f, 'instance');`);
    db.prepare('INSERT INTO f (rowid, t) VALUES (1, ?)').run(text);
    const fromIndex = (db.prepare('SELECT term FROM v ORDER BY offset').all() as Array<{ term: string }>).map((r) => r.term);
    expect(toSearchWords(text).map(toSearchStem)).toEqual(fromIndex);
    db.close();
  });

  it('folds case and accents and stems, so "bullying" finds "bullied" and "cafe" finds "Café"', () => {
    expect(matchesSearch('I was bullied at school', q('bullying'))).toBe(true);
    expect(matchesSearch('Café in Truro', q('CAFE'))).toBe(true);
    expect(matchesSearch('a bus', q('bike'))).toBe(false);
  });

  it('needs every term, and a quoted phrase in order', () => {
    expect(matchesSearch('the late bus from Bodmin', q('bus bodmin'))).toBe(true);
    expect(matchesSearch('the late bus from Bodmin', q('bus truro'))).toBe(false);
    expect(matchesSearch('the late bus from Bodmin', q('"late bus"'))).toBe(true);
    expect(matchesSearch('the bus was late', q('"late bus"'))).toBe(false);
  });

  it('reads what is typed as words only: quotes, punctuation and FTS5 operators mean nothing', () => {
    expect(toSearchQuery('  ')).toBeNull();
    expect(toSearchQuery('!!! -- "')).toBeNull();
    expect(q('text:bus OR NEAR(x)').terms.map((t) => t.words)).toEqual([['text', 'bus'], ['or'], ['near', 'x']]);
    expect(q('St.Austell "youth club').terms.map((t) => t.words)).toEqual([['st', 'austell'], ['youth', 'club']]);
    expect(q(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).terms).toHaveLength(MAX_SEARCH_TERMS);
  });
});

describe('which posts a reader may find by their words', () => {
  it('only posts whose text the gate releases to the reader; the lead finds every state', () => {
    for (const audience of AUDIENCES) {
      for (const screening of SCREENING_STATES) {
        const released = gate.release(post('a canary zorbleflute here', { screening }), audience);
        expect(isSearchableState(screening, audience), `${audience.kind} ${screening}`).toBe(released.withheld === null);
      }
    }
    expect(searchableStates(analyst).sort()).toEqual(['machine-clear', 'person-cleared']);
    expect(searchableStates(lead)).toEqual(SCREENING_STATES);
  });

  it('never finds a withheld post by its words, except for the lead', () => {
    for (const screening of ['awaiting', 'machine-flagged', 'person-flagged'] as const) {
      const flagged = post('my zorbleflute secret', { screening });
      expect(mayFindBySearch(gate, flagged, analyst, q('zorbleflute'))).toBe(false);
      expect(mayFindBySearch(gate, flagged, publicReader, q('zorbleflute'))).toBe(false);
      expect(mayFindBySearch(gate, flagged, lead, q('zorbleflute'))).toBe(true);
    }
    // Nor by the words of the notice shown in its place.
    expect(mayFindBySearch(gate, post('my secret', { screening: 'machine-flagged' }), analyst, q('withheld safeguarding'))).toBe(false);
  });

  const hidden: Array<[string, string, string]> = [
    ['a mention', 'thanks @kerenzaglint bus driver', 'kerenzaglint'],
    ["a known person's handle", 'wenna_quillfeather said the bus is late', 'quillfeather'],
    ["a known person's name", 'Tomos Zennorvale said the bus is late', 'zennorvale'],
    ['an e-mail address', 'write to morvah.trelisker@example.org about the bus', 'trelisker'],
    ['a phone number', 'ring me on 07700 900461 about the bus', '900461'],
    ['a profile link', 'see https://www.facebook.com/jowan.pendarvesz about the bus', 'pendarvesz'],
  ];
  it.each(hidden)('never finds a post by %s the gate replaces', (_, text, word) => {
    const clear = post(text);
    expect(gate.release(clear, analyst).text, 'the gate replaces it').not.toContain(word);
    expect(mayFindBySearch(gate, clear, analyst, q(word))).toBe(false);
    expect(mayFindBySearch(gate, clear, publicReader, q(word))).toBe(false);
    expect(mayFindBySearch(gate, clear, lead, q(word))).toBe(true);
    // The words the reader can read still find it.
    expect(mayFindBySearch(gate, clear, analyst, q('bus'))).toBe(true);
    // A phrase across the hidden word does not.
    expect(mayFindBySearch(gate, clear, analyst, q(`${word} bus`))).toBe(false);
  });

  it('finds by a link only readers who are shown it: analysts, not the public', () => {
    const linked = post('the plan is at https://example.org/wibblequest-plan');
    expect(mayFindBySearch(gate, linked, analyst, q('wibblequest'))).toBe(true);
    expect(mayFindBySearch(gate, linked, publicReader, q('wibblequest'))).toBe(false);
  });

  it('finds by a handle analysts who asked for authors are shown', () => {
    const mention = post('thanks @kerenzaglint for the lift');
    expect(mayFindBySearch(gate, mention, { kind: 'analyst', includeAuthors: true }, q('kerenzaglint'))).toBe(true);
  });
});

describe('which places a reader may find a post under', () => {
  const tagger = readPlaceTagger();
  const placesOf = (text: string) => tagger.tag(text);

  it('those the report counts, when the reader can read them', () => {
    expect(findablePlaces(gate, post('a skatepark in Truro please'), analyst, placesOf).map((p) => p.label)).toEqual(['Truro']);
  });

  it('not a withheld post, though the report counts it', () => {
    const flagged = post('I live in Truro and it is not safe at home', { screening: 'machine-flagged' });
    expect(placesOf(gate.toCountingFacts(flagged).placesText).map((p) => p.label)).toEqual(['Truro']);
    expect(findablePlaces(gate, flagged, analyst, placesOf)).toEqual([]);
    expect(findablePlaces(gate, flagged, lead, placesOf).map((p) => p.label)).toEqual(['Truro']);
  });

  it('not a place named only inside what the gate replaces', () => {
    const email = post('mail truro.youthvoice@example.org about it');
    expect(placesOf(gate.toCountingFacts(email).placesText).map((p) => p.label)).toEqual(['Truro']);
    expect(findablePlaces(gate, email, analyst, placesOf)).toEqual([]);
    expect(findablePlaces(gate, email, lead, placesOf).map((p) => p.label)).toEqual(['Truro']);
  });
});
