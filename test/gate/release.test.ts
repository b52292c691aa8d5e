import { describe, expect, it } from 'vitest';
import { createGate, personKey, WITHHELD_NOTICES, type Audience, type HeldPost } from '../../src/gate/release';
import { seal, type PostIdentity } from '../../src/gate/sealed';
import { SCREENING_STATES, type ScreeningState } from '../../src/gate/screening';
import { pseudonymFor } from '../../src/core/pseudonym';

const KEY = 'k'.repeat(64);
const people = [
  { key: personKey('x', '111'), handle: 'jenny_p99', name: 'Jenny Pascoe' },
  { key: personKey('facebook', '222'), handle: null, name: 'Tomos Trewin' },
  { key: personKey('x', '999'), handle: 'CornwallCT', name: 'Cornwall CT' },
];
const gate = createGate({ pseudonymKey: KEY, people, own: { xHandles: new Set(['cornwallct']), facebookPage: 'CornwallCT' } });
const jenny = pseudonymFor(KEY, 'x', '111');
const tomos = pseudonymFor(KEY, 'facebook', '222');

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
    sealed: seal({ text, url: 'https://x.com/jenny_p99/status/1642000000000000001', authorSourceId: '111', authorHandle: 'jenny_p99', authorName: 'Jenny Pascoe', ...identity }),
    ...facts,
  };
}

const analyst: Audience = { kind: 'analyst' };

describe('the gate: text by screening state', () => {
  const cases: Array<[ScreeningState, string | null]> = [
    ['awaiting', WITHHELD_NOTICES['awaiting-screening']],
    ['machine-clear', null],
    ['machine-flagged', WITHHELD_NOTICES.flagged],
    ['person-cleared', null],
    ['person-flagged', WITHHELD_NOTICES.flagged],
  ];
  it.each(cases)('%s: %s', (screening, notice) => {
    const text = 'a youth club in Bude please';
    for (const audience of [analyst, { kind: 'public' } as Audience]) {
      expect(gate.release(post(text, { screening }), audience).text).toBe(notice ?? text);
    }
    expect(gate.release(post(text, { screening }), { kind: 'safeguarding-lead' }).text).toBe(text);
    expect(gate.release(post(text, { screening }), { kind: 'analyst', includeWithheld: true }).text).toBe(text);
  });

  it('withholds the link with the text: a permalink leads straight to the text on the platform', () => {
    const comment = (screening: ScreeningState) => post('the text', { source: 'facebook', screening, identity: { url: 'https://www.facebook.com/CornwallCT/posts/10?comment_id=11' } });
    for (const screening of ['awaiting', 'machine-flagged', 'person-flagged'] as const) {
      expect(gate.release(comment(screening), analyst).url).toBe('');
      expect(gate.release(comment(screening), { kind: 'analyst', includeWithheld: true }).url).toContain('comment_id=11');
      expect(gate.release(comment(screening), { kind: 'safeguarding-lead' }).url).toContain('comment_id=11');
    }
    expect(gate.release(comment('machine-clear'), analyst).url).toContain('comment_id=11');
  });

  it('withholds the author with the text: a pseudonym would tie the possible disclosure to the writer\'s other posts', () => {
    for (const screening of ['awaiting', 'machine-flagged', 'person-flagged'] as const) {
      expect(gate.release(post('the text', { screening }), analyst).author).toBe('');
      expect(gate.release(post('the text', { screening }), { kind: 'analyst', includeAuthors: true }).author).toBe('');
      expect(gate.release(post('the text', { screening }), { kind: 'analyst', includeWithheld: true }).author).toBe(jenny);
      expect(gate.release(post('the text', { screening }), { kind: 'safeguarding-lead' }).author).toBe('jenny_p99');
    }
    expect(gate.release(post('the text', { screening: 'person-cleared' }), analyst).author).toBe(jenny);
  });

  it('covers every state', () => {
    expect(cases.map(([s]) => s).sort()).toEqual([...SCREENING_STATES].sort());
  });

  it('publishes (quotes, terms) only clear posts that are not retweets or the campaign\'s own', () => {
    expect(gate.isPublishable(post('x', { screening: 'machine-clear' }))).toBe(true);
    expect(gate.isPublishable(post('x', { screening: 'awaiting' }))).toBe(false);
    expect(gate.isPublishable(post('x', { kind: 'retweet' }))).toBe(false);
    expect(gate.isPublishable(post('x', { identity: { authorHandle: 'CornwallCT', authorSourceId: '999' } }))).toBe(false);
    expect(gate.toTermsText(post('x', { screening: 'person-flagged' }))).toBeNull();
  });
});

describe('the gate: identifiers', () => {
  it('pseudonymises the author and drops the handle from X links by default, keeps both when asked', () => {
    const released = gate.release(post('hello'), analyst);
    expect(released.author).toBe(jenny);
    expect(released.url).toBe('https://x.com/i/web/status/1642000000000000001');
    const kept = gate.release(post('hello'), { kind: 'analyst', includeAuthors: true });
    expect(kept.author).toBe('jenny_p99');
    expect(kept.url).toContain('jenny_p99');
  });

  it('replaces known people\'s handles and full names in the text with their pseudonyms', () => {
    const released = gate.release(post('Tomos Trewin totally agree, ask @jenny_p99 or x.com/jenny_p99 too'), analyst);
    expect(released.text).not.toMatch(/Tomos Trewin|jenny_p99/i);
    expect(released.text).toContain(tomos);
    expect(released.text).toContain(jenny);
  });

  it('removes links, e-mail addresses and phone numbers for the public', () => {
    const text = 'mail me on kid@example.org or ring 07700 900123, see https://example.org/x';
    const released = gate.release(post(text), { kind: 'public' });
    expect(released.text).not.toMatch(/example\.org|07700/);
  });

  it('terms text keeps the words and blanks every identifier', () => {
    expect(gate.toTermsText(post('thanks @someone and Jenny Pascoe for the skatepark'))).not.toMatch(/someone|jenny|pascoe|person-/i);
  });
});

describe('the organisation\'s own voice', () => {
  it('is the X accounts in X_OWN_ACCOUNTS, retweets of them, and the Facebook page itself', () => {
    expect(gate.isOwn(post('Tell us!', { identity: { authorHandle: 'cornwallct', authorSourceId: '999' } }))).toBe(true);
    expect(gate.isOwn(post('RT @CornwallCT: Tell us about your family', { kind: 'retweet' }))).toBe(true);
    expect(gate.isOwn(post('RT @someone_else: hi', { kind: 'retweet' }))).toBe(false);
    const page = { source: 'facebook', conversationId: '1234_5678' };
    expect(gate.isOwn(post('Our events this week', { ...page, identity: { authorSourceId: '1234', authorHandle: null, authorName: 'Cornwall CT' } }))).toBe(true);
    expect(gate.isOwn(post('I went', { ...page, identity: { authorSourceId: '222', authorHandle: null, authorName: 'Tomos Trewin' } }))).toBe(false);
    expect(gate.release(post('Tell us!', { identity: { authorHandle: 'CornwallCT', authorSourceId: '999' } }), analyst).own).toBe(true);
  });
});
