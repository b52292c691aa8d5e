/** The post page's loader: the post, its thread, its classification and its history, text held for the gate. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/cli/audit-trail';
import { recordPersonDecision } from '../../src/cli/screening-decisions';
import type { AuthorRef, Post } from '../../src/core/post';
import { createGate } from '../../src/gate/release';
import { saveClassificationChanges } from '../../src/store/classification-changes';
import { saveClassifications } from '../../src/store/classifications';
import { openDatabase, type Db } from '../../src/store/database';
import { loadKnownPeople, loadPseudonymKey } from '../../src/store/exports';
import { saveLabel } from '../../src/store/labels';
import { saveSafeguardingDecision } from '../../src/store/safeguarding-decisions';
import { loadPostDetail, loadPostDetailByRef, MAX_REPLIES } from '../../src/store/post-detail';
import { savePosts } from '../../src/store/posts';
import { makeTempDir } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
let db: Db;

const NOW = '2026-12-01T10:00:00.000Z';
const JACK: AuthorRef = { sourceAuthorId: '70002', handle: 'jackpengelly', name: 'Jack Pengelly' };
const KERENZA: AuthorRef = { sourceAuthorId: '70001', handle: 'kerenzaqxvo', name: 'Kerenza Vosper' };
const CANARY_TEXT = 'zyqueltrip: things at home are bad';
const CANARY_NOTE = 'zyxorbund named in the post';
const CANARY_LEAD_NOTE = 'wibblequest: referred to the MASH';

function post(sourceId: string, text: string, extra: Partial<Post> = {}): Post {
  return { source: 'x', sourceId, kind: 'reply', createdAt: `2017-05-01T12:00:${sourceId.slice(-2)}.000Z`, author: JACK, text, url: `https://x.com/${JACK.handle}/status/${sourceId}`, lang: 'en', parentSourceId: null, conversationId: '100', metrics: null, raw: { id: sourceId }, ...extra };
}

function idOf(sourceId: string): number {
  return (db.prepare(`SELECT id FROM posts WHERE source = 'x' AND source_id = ?`).get(sourceId) as { id: number }).id;
}

beforeEach(() => {
  tmp = makeTempDir();
  db = openDatabase(tmp.file('ov.db'));
  savePosts(
    db,
    [
      post('100', 'is there a bus to Truro after 6?', { kind: 'post' }),
      post('101', CANARY_TEXT, { author: KERENZA, parentSourceId: '100' }),
      post('103', 'same here, none after 6', { parentSourceId: '101' }),
      post('102', 'sorry to hear that', { parentSourceId: '101' }),
      post('104', 'a reply the platform deleted', { parentSourceId: '101' }),
      // Another source's post with the same ids is no part of this thread.
      { ...post('105', 'a survey answer', { parentSourceId: '101' }), source: 'survey' },
    ],
    NOW,
  );
  db.prepare(`UPDATE posts SET deleted_at = ? WHERE source_id = '104'`).run(NOW);
  const postId = idOf('101');
  saveClassifications(
    db,
    [{ postId, postRevision: 1, outcomes: '1;3', scores: '{"1":0.61,"3":0.82}', safeguarding: 1, safeguardingScore: 0.93, safeguardingLevel: 'disclosure', confidence: 0.7, tone: 'negative', explanation: JSON.stringify({ phrases: [CANARY_TEXT] }), codebookVersion: 'c2', modelVersion: 'm2', classifiedAt: '2026-12-01T11:00:00.000Z' }],
    [{ state: 'machine-flagged', revision: 1, score: 0.93, decidedBy: null, decidedAt: null, decidedRevision: null, level: null }],
  );
  saveClassificationChanges(db, [{ postId, postRevision: 1, changedAt: '2026-12-01T11:00:00.000Z', fromModel: 'm1', toModel: 'm2', fromCodebook: 'c1', toCodebook: 'c2', fromOutcomes: '3', toOutcomes: '1;3' }]);
  saveLabel(db, { postId, postRevision: 1, outcomes: '3', note: CANARY_NOTE, labelledBy: 'dsl', labelledAt: '2026-12-01T12:00:00.000Z' });
  recordAudit(db, new Date('2026-12-01T12:00:00.000Z'), { action: 'label', subject: 'x:101', details: { by: 'dsl', outcomes: '3', revision: 1 } });
  recordPersonDecision(db, { postId, revision: 1, ref: 'x:101' }, { flagged: true, by: 'dsl', at: '2026-12-01T12:01:00.000Z' });
  saveSafeguardingDecision(db, { postId, postRevision: 1, decision: 'referred', note: CANARY_LEAD_NOTE, decidedBy: 'dsl', decidedAt: '2026-12-01T12:01:30.000Z' });
  recordAudit(db, new Date('2026-12-01T12:02:00.000Z'), { action: 'label', subject: 'x:100', details: { by: 'dsl', outcomes: '4', revision: 1 } });
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

describe('the post page', () => {
  it('holds the post, its parent and its live replies in this source, oldest first, each for the gate', () => {
    const detail = loadPostDetail(db, idOf('101'))!;
    expect(detail.post).toMatchObject({ source: 'x', sourceId: '101', kind: 'reply', revision: 1, parentSourceId: '100', screening: 'person-flagged', lang: 'en' });
    expect(detail.parent?.sourceId).toBe('100');
    expect(detail.replies.map((r) => r.sourceId)).toEqual(['102', '103']);
    expect(detail.replyCount).toBe(2);
    const gate = createGate({ pseudonymKey: loadPseudonymKey(db), people: loadKnownPeople(db), own: { xHandles: new Set(), facebookPage: 'none' } });
    expect(gate.release(detail.post, { kind: 'analyst' }).withheld).toBe('flagged');
    expect(gate.release(detail.post, { kind: 'safeguarding-lead' }).text).toBe(CANARY_TEXT);
    expect(gate.release(detail.replies[0]!, { kind: 'analyst' }).withheld).toBe('awaiting-screening');
  });

  it('holds its classification, label, screening, what new models changed, and its audit trail', () => {
    const detail = loadPostDetail(db, idOf('101'))!;
    expect(detail.classification).toEqual({
      outcomes: [1, 3],
      scores: { 1: 0.61, 3: 0.82 },
      safeguarding: true,
      safeguardingScore: 0.93,
      safeguardingLevel: 'disclosure',
      confidence: 0.7,
      tone: 'negative',
      modelVersion: 'm2',
      codebookVersion: 'c2',
      classifiedAt: '2026-12-01T11:00:00.000Z',
      postRevision: 1,
    });
    expect(detail.label).toEqual({ outcomes: [3], postRevision: 1, labelledBy: 'dsl', labelledAt: '2026-12-01T12:00:00.000Z', hasNote: true });
    expect(detail.screening).toMatchObject({ state: 'person-flagged', revision: 1, decidedBy: 'dsl', decidedRevision: 1 });
    expect(detail.classificationChanges).toEqual([{ postRevision: 1, changedAt: '2026-12-01T11:00:00.000Z', fromModel: 'm1', toModel: 'm2', fromCodebook: 'c1', toCodebook: 'c2', fromOutcomes: '3', toOutcomes: '1;3' }]);
    expect(detail.safeguardingDecisions).toEqual([{ id: expect.any(Number), postRevision: 1, decision: 'referred', decidedBy: 'dsl', decidedAt: '2026-12-01T12:01:30.000Z' }]);
    expect(detail.audit.map((a) => [a.action, a.subject, a.details])).toEqual([
      ['label', 'x:101', { by: 'dsl', outcomes: '3', revision: 1 }],
      ['flag-raised', 'x:101', { by: 'dsl', revision: 1 }],
    ]);
  });

  it('lets no text out but through the gate: not the post\'s, not the explanation\'s, not a note\'s, not a handle', () => {
    const json = JSON.stringify(loadPostDetail(db, idOf('101')));
    for (const secret of ['zyqueltrip', 'zyxorbund', 'wibblequest', KERENZA.handle!, KERENZA.name!, 'Truro']) expect(json).not.toContain(secret);
  });

  it('says when the classification is of older text', () => {
    savePosts(db, [post('101', `${CANARY_TEXT}, edited`, { author: KERENZA, parentSourceId: '100' })], NOW);
    const detail = loadPostDetailByRef(db, 'x', '101')!;
    expect(detail.post.revision).toBe(2);
    expect(detail.classification?.postRevision).toBe(1);
    // A person's flag stands until a person clears it.
    expect(detail.post.screening).toBe('person-flagged');
  });

  it('is found by SOURCE:ID too; a missing or platform-deleted post is not found', () => {
    expect(loadPostDetailByRef(db, 'x', '101')?.post.postId).toBe(idOf('101'));
    expect(loadPostDetailByRef(db, 'x', '104')).toBeUndefined();
    expect(loadPostDetailByRef(db, 'facebook', '101')).toBeUndefined();
    expect(loadPostDetail(db, 999_999)).toBeUndefined();
    const root = loadPostDetail(db, idOf('100'))!;
    expect(root).toMatchObject({ parent: null, classification: null, label: null, screening: null, classificationChanges: [], safeguardingDecisions: [] });
    expect(root.replies.map((r) => r.sourceId)).toEqual(['101']);
  });

  it(`lists at most ${MAX_REPLIES} replies, and counts them all`, () => {
    savePosts(db, Array.from({ length: MAX_REPLIES + 3 }, (_, i) => post(`9${String(i).padStart(3, '0')}`, `reply ${i}`, { parentSourceId: '100' })), NOW);
    const root = loadPostDetailByRef(db, 'x', '100')!;
    expect(root.replies).toHaveLength(MAX_REPLIES);
    expect(root.replyCount).toBe(MAX_REPLIES + 4);
  });
});
