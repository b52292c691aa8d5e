/** A reply is classified with the post it answers in view (issue 15: "use the thread"), and every post is classified once. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FULL_EVIDENCE, NO_EVIDENCE, classify } from '../../src/classify/classify';
import { STORED_EVIDENCE, classifyPosts, readDefaultModel, readTrainingData, toClassificationRow } from '../../src/cli/classifier';
import type { Post } from '../../src/core/post';
import { loadClassification } from '../../src/store/classifications';
import { openDatabase, type Db } from '../../src/store/database';
import { savePosts } from '../../src/store/posts';
import { makeTempDir, runCli } from '../helpers/cli';

let tmp: ReturnType<typeof makeTempDir>;
let db: Db;
beforeEach(() => {
  tmp = makeTempDir();
  db = openDatabase(tmp.file('ov.db'));
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

const NOW = '2026-12-01T10:00:00.000Z';
const PARENT = 'The CAMHS waiting list for my son is two years. His anxiety is getting worse.';
const REPLY = 'same here, still waiting';

function post(sourceId: string, text: string, parentSourceId: string | null): Post {
  return {
    source: 'facebook', sourceId, kind: parentSourceId ? 'comment' : 'post', createdAt: '2017-06-06T18:00:00.000Z', author: null,
    text, url: null, lang: 'en', parentSourceId, conversationId: 'p1', metrics: null, raw: { id: sourceId },
  };
}

const storedScores = (sourceId: string) => {
  const { id } = db.prepare('SELECT id FROM posts WHERE source_id = ?').get(sourceId) as { id: number };
  return loadClassification(db, id)?.scores;
};

it("stores the reply's classification made with its parent's text as context", () => {
  const model = readDefaultModel();
  const alone = toClassificationRow(0, 1, classify(model, REPLY), NOW).scores;
  const inThread = toClassificationRow(0, 1, classify(model, REPLY, PARENT), NOW).scores;
  expect(inThread).not.toBe(alone);

  savePosts(db, [post('p1', PARENT, null), post('c1', REPLY, 'p1'), post('c2', REPLY, 'not-stored')], NOW);
  classifyPosts(db, model, { all: false, now: NOW });

  expect(storedScores('c1')).toBe(inThread);
  expect(storedScores('c2')).toBe(alone);
  expect(storedScores('p1')).toBe(toClassificationRow(0, 1, classify(model, PARENT), NOW).scores);
});

it('explains a reply with the scores it was stored with, its parent in view', async () => {
  savePosts(db, [post('p1', PARENT, null), post('c1', REPLY, 'p1')], NOW);
  const model = readDefaultModel();
  classifyPosts(db, model, { all: false, now: NOW });
  db.close();
  const explained = await runCli(['--db', tmp.file('ov.db'), 'explain', 'facebook:c1', '--json'], { cwd: tmp.dir });
  db = openDatabase(tmp.file('ov.db'));
  expect(explained.code, explained.stderr).toBe(0);
  const stored = JSON.parse(storedScores('c1') ?? '{}') as Record<string, number>;
  const shown = JSON.parse(explained.stdout) as { decisions: Array<{ outcome: number; score: number }> };
  expect(shown.decisions).toHaveLength(5);
  for (const decision of shown.decisions) expect(decision.score).toBe(stored[String(decision.outcome)]);
});

it('classifies every post once across pages and transactions, and a second run finds nothing new', () => {
  const model = readDefaultModel();
  // More than one transaction's worth, not a whole number of pages.
  const posts = Array.from({ length: 2105 }, (_, i) => post(`p${i}`, `youth club number ${i} shut, nothing to do`, i % 3 === 0 && i > 0 ? `p${i - 1}` : null));
  savePosts(db, posts, NOW);
  expect(classifyPosts(db, model, { all: false, now: NOW })).toMatchObject({ classified: 2105, changed: 0 });
  expect(db.prepare('SELECT count(*) AS n, count(DISTINCT post_id) AS d FROM classifications').get()).toEqual({ n: 2105, d: 2105 });
  expect(classifyPosts(db, model, { all: false, now: NOW }).classified).toBe(0);
  expect(classifyPosts(db, model, { all: true, now: NOW })).toMatchObject({ classified: 2105, changed: 0 });
});

it('classifies a reply again, with its parent in view, when the parent arrives in a later collection', () => {
  const model = readDefaultModel();
  const alone = toClassificationRow(0, 1, classify(model, REPLY), NOW).scores;
  const inThread = toClassificationRow(0, 1, classify(model, REPLY, PARENT), NOW).scores;
  savePosts(db, [post('c1', REPLY, 'p1')], NOW);
  classifyPosts(db, model, { all: false, now: NOW });
  expect(storedScores('c1')).toBe(alone);

  const later = '2026-12-02T10:00:00.000Z';
  savePosts(db, [post('p1', PARENT, null)], later);
  expect(classifyPosts(db, model, { all: false, now: later }).classified).toBe(2);
  expect(storedScores('c1')).toBe(inThread);
  // Once scored with its parent, the reply is not picked up again.
  expect(classifyPosts(db, model, { all: false, now: later }).classified).toBe(0);
});

it("keeps in a row's explanation the three strongest features of each outcome given or named by a phrase, found without choosing the rest", () => {
  const model = readDefaultModel();
  const texts = readTrainingData().map((example) => example.text);
  let explained = 0;
  texts.forEach((text, i) => {
    // Alone, and as a reply to another text: a parent adds features of its own.
    for (const context of [undefined, texts[(i * 7 + 3) % texts.length]]) {
      const full = classify(model, text, context);
      const row = toClassificationRow(1, 1, classify(model, text, context, undefined, STORED_EVIDENCE), NOW);
      const { evidence } = JSON.parse(row.explanation) as { evidence: Array<{ outcome: number; features: unknown[] }> };
      const expected = full.decisions.filter((d) => d.matched || d.phrases.length > 0).map((d) => ({ outcome: d.outcome, features: d.features.slice(0, 3) }));
      expect(evidence.map(({ outcome, features }) => ({ outcome, features })), text).toEqual(expected);
      expect(row).toEqual(toClassificationRow(1, 1, full, NOW));
      explained += evidence.length;
    }
  });
  expect(explained).toBeGreaterThan(texts.length);
});

it('decides and scores the same with no evidence chosen, as training and `eval` classify', () => {
  const model = readDefaultModel();
  for (const { text } of readTrainingData()) {
    const full = classify(model, text);
    const bare = classify(model, text, undefined, undefined, NO_EVIDENCE);
    expect(bare.decisions.every((d) => d.features.length === 0)).toBe(true);
    expect({ ...bare, decisions: bare.decisions.map((d) => ({ ...d, features: [] })) }, text).toEqual({ ...full, decisions: full.decisions.map((d) => ({ ...d, features: [] })) });
  }
});

it("writes a row's scores and explanation as JSON.stringify writes them, for every bundled text alone and as a reply", () => {
  const model = readDefaultModel();
  const texts = readTrainingData().map((example) => example.text);
  // Quotes, backslashes, control characters and astral symbols in what a row quotes (phrases as written, cue phrases).
  texts.push('my mum said "ur 15, deal with it"\\ \u0007 i dont want to be here anymore 😭 CAMHS wait in Bude', 'é\u2028 self harm \u{1F62D} "anxiety"');
  let quoted = 0;
  texts.forEach((text, i) => {
    const result = classify(model, text, i % 3 === 0 ? texts[i + 1] : undefined, undefined, STORED_EVIDENCE);
    const row = toClassificationRow(1, 1, result, NOW);
    const explanation = {
      thresholds: result.decisions.map((d) => d.threshold),
      evidence: result.decisions.flatMap((d) => {
        const kept = STORED_EVIDENCE(d.matched, d.phrases);
        return kept > 0 ? [{ outcome: d.outcome, phrases: d.phrases.map((p) => p.text), features: d.features.slice(0, kept) }] : [];
      }),
      safeguarding: result.safeguarding.cues.map((c) => c.phrase),
    };
    expect(row.explanation, text).toBe(JSON.stringify(explanation));
    expect(row.scores, text).toBe(JSON.stringify(Object.fromEntries(result.decisions.map((d) => [d.outcome, d.score]))));
    if (explanation.evidence.some((e) => e.phrases.length > 0) || explanation.safeguarding.length > 0) quoted += 1;
  });
  expect(quoted).toBeGreaterThan(texts.length / 10);
  // Words a codebook may hold, which a post's words never do: quotes, backslashes, control and separator characters, a lone surrogate.
  const odd = ['say "no"', 'back\\slash', 'bell\u0007 tab\t', 'line\u2028end', 'half \ud83d', 'é 😭'];
  const base = classify(model, texts[0] ?? '', undefined, undefined, FULL_EVIDENCE);
  const decisions = base.decisions.map((d, i) => ({
    ...d,
    matched: true,
    phrases: odd.map((text) => ({ phrase: text, text, weight: 1, negated: false, dismissed: false })),
    features: odd.slice(i).map((feature, k) => ({ feature: `phrase:${feature}`, contribution: k === 0 ? -0 : 0.5 / (k + 1) })),
  }));
  const result = { ...base, decisions, safeguarding: { ...base.safeguarding, cues: odd.map((phrase) => ({ phrase, text: phrase, weight: 1, negated: false, dismissed: false })) } };
  const row = toClassificationRow(1, 1, result, NOW);
  expect(JSON.parse(row.explanation)).toEqual(JSON.parse(JSON.stringify({
    thresholds: decisions.map((d) => d.threshold),
    evidence: decisions.map((d) => ({ outcome: d.outcome, phrases: odd, features: d.features.slice(0, STORED_EVIDENCE(true, d.phrases)) })),
    safeguarding: odd,
  })));
  expect(row.explanation).toBe(JSON.stringify(JSON.parse(row.explanation)));
});
