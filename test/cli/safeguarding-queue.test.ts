/** S4 in the safeguarding lead's queue: people's flags first, then the machine's; disclosures before concerns, a person's level first. */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { DISCLOSURE } from './classify-fixture';
import { openDatabase } from '../../src/store/database';
import { loadLabelledTexts } from '../../src/store/labels';
import { activateEditedModel } from './model-fixture';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
});
afterEach(() => tmp.cleanup());

const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });

/** The labelling guide's own examples: S4's concern, S1's disclosure, and a post nobody would flag. */
const DOUBT = 'the lad next door is always out till 2am and never seems to eat';
const POSTS = [
  ['doubt', DOUBT],
  ['urgent', DISCLOSURE],
  ['ordinary', 'More apprenticeships and careers advice at college please'],
];

/** What `train` reads from the database: each labelled post's person's level. */
const trainingLevels = () => {
  const handle = openDatabase(db);
  try {
    return loadLabelledTexts(handle).map((row) => [row.sourceId, row.level]);
  } finally {
    handle.close();
  }
};

const score = (id: string) => queryDb<{ score: number }>(db, `SELECT c.safeguarding_score AS score FROM classifications c JOIN posts p ON p.id = c.post_id WHERE p.source_id = ?`, id)[0]?.score ?? NaN;

describe('the safeguarding queue', () => {
  it('lists a person’s flag first, then disclosures before concerns, and says which is which', async () => {
    fs.writeFileSync(tmp.file('posts.csv'), `id,text\n${POSTS.map(([id, text]) => `${id},"${text ?? ''}"`).join('\n')}\n`);
    expect((await cli('import', tmp.file('posts.csv'))).code).toBe(0);
    expect((await cli('label', 'survey:ordinary', '--safeguarding', 'yes', '--by', 'DSL Jo')).code).toBe(0);
    // Both posts flagged whatever their scores; which level each gets is the bundled level model's own call.
    const low = Math.min(score('doubt'), score('urgent'));
    activateEditedModel(db, 'both-flagged', (model) => {
      model.safeguarding.threshold = Math.min(model.safeguarding.threshold, low);
    });
    expect((await cli('classify', '--all')).code).toBe(0);

    const result = await cli('safeguarding', '--json');
    expect(result.code, result.stderr).toBe(0);
    const queue = JSON.parse(result.stdout) as Array<{ post: string; state: string; level: string | null }>;
    expect(queue.map((item) => [item.post, item.state, item.level])).toEqual([
      ['survey:ordinary', 'person-flagged', null],
      ['survey:urgent', 'machine-flagged', 'disclosure'],
      ['survey:doubt', 'machine-flagged', 'concern'],
    ]);
    const human = (await cli('safeguarding')).stdout;
    expect(human.indexOf('survey:urgent')).toBeLessThan(human.indexOf('survey:doubt'));
    expect(human).toMatch(/survey:urgent .*DISCLOSURE \(urgent\)/);
    expect(human).toMatch(/survey:doubt .*concern/);
  });

  it('says when --limit leaves flags off the list, in text and beside --json', async () => {
    fs.writeFileSync(tmp.file('posts.csv'), `id,text\n${POSTS.map(([id, text]) => `${id},"${text ?? ''}"`).join('\n')}\n`);
    expect((await cli('import', tmp.file('posts.csv'))).code).toBe(0);
    for (const id of ['doubt', 'urgent', 'ordinary']) expect((await cli('label', `survey:${id}`, '--safeguarding', 'yes', '--by', 'DSL Jo')).code).toBe(0);

    const text = await cli('safeguarding', '--limit', '2');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('2 of 3 flagged posts listed, the most urgent first: use --limit 3 to see them all.');
    const json = await cli('safeguarding', '--limit', '2', '--json');
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(2);
    expect(json.stderr).toContain('2 of 3 flagged posts listed');
    // Nothing left off, nothing said.
    const all = await cli('safeguarding', '--limit', '3');
    expect(all.stdout + all.stderr).not.toContain('flagged posts listed');
  });

  it("counts a flag on the campaign's own post as awaiting review in summary, as the queue lists it", async () => {
    const tweet = (id: string, text: string, user: { id: string; username: string }, parent?: string) => ({
      id, text, author_id: user.id, conversation_id: parent ?? id, created_at: '2017-05-01T10:00:00.000Z', edit_history_tweet_ids: [id], author: { ...user, name: user.username },
      ...(parent ? { referenced_tweets: [{ type: 'replied_to', id: parent }] } : {}),
    });
    const lines = [
      tweet('1200000000000000001', DISCLOSURE, { id: '601', username: 'resident_a' }),
      tweet('1200000000000000002', "@resident_a we're so sorry. Please ring Childline on 0800 1111 today, they will listen", { id: '602', username: 'CornwallCT' }, '1200000000000000001'),
    ];
    fs.writeFileSync(tmp.file('thread.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    expect((await cli('import', tmp.file('thread.jsonl'), '--format', 'twarc')).code).toBe(0);
    // Both flagged by the classifier, whatever their scores.
    activateEditedModel(db, 'all-flagged', (model) => {
      model.safeguarding.threshold = 0;
    });
    expect((await cli('classify', '--all')).code).toBe(0);
    const queue = JSON.parse((await cli('safeguarding', '--json')).stdout) as Array<{ state: string }>;
    expect(queue.filter((item) => item.state === 'machine-flagged')).toHaveLength(2);
    const summary = JSON.parse((await cli('summary', '--json')).stdout) as { totals: { posts: number; ownLeftOut: number; awaitingReview: number } };
    expect(summary.totals).toMatchObject({ posts: 1, ownLeftOut: 1, awaitingReview: 2 });
  });

  it("takes a person's level over the classifier's: it orders the queue, says whose it is, and is what training reads", async () => {
    fs.writeFileSync(tmp.file('posts.csv'), `id,text\n${POSTS.map(([id, text]) => `${id},"${text ?? ''}"`).join('\n')}\n`);
    expect((await cli('import', tmp.file('posts.csv'))).code).toBe(0);
    const low = Math.min(score('doubt'), score('urgent'));
    activateEditedModel(db, 'both-flagged', (model) => {
      model.safeguarding.threshold = Math.min(model.safeguarding.threshold, low);
    });
    expect((await cli('classify', '--all')).code).toBe(0);
    // The lead reads them the other way round from the classifier.
    expect((await cli('label', 'survey:doubt', '--level', 'disclosure', '--by', 'DSL Jo')).code).toBe(0);
    expect((await cli('label', 'survey:urgent', '--outcomes', '3', '--level', 'Concern', '--by', 'DSL Jo')).code).toBe(0);
    expect((await cli('label', 'survey:ordinary', '--safeguarding', 'yes')).code).toBe(0);

    const queue = JSON.parse((await cli('safeguarding', '--json')).stdout) as Array<{ post: string; state: string; level: string | null; levelBy: string | null }>;
    expect(queue.map((item) => [item.post, item.state, item.level, item.levelBy])).toEqual([
      ['survey:doubt', 'person-flagged', 'disclosure', 'person'],
      ['survey:urgent', 'person-flagged', 'concern', 'person'],
      ['survey:ordinary', 'person-flagged', null, null],
    ]);
    expect((await cli('safeguarding')).stdout).toMatch(/survey:doubt .*DISCLOSURE \(urgent\), a person's level/);
    expect(trainingLevels()).toEqual([['urgent', 'concern']]);

    // A level is for a flag: a clear, or a level that is not one, is refused and changes nothing.
    for (const args of [['--level', 'urgent'], ['--level', 'concern', '--safeguarding', 'no']]) {
      const refused = await cli('label', 'survey:urgent', ...args);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr).toMatch(/--level/);
    }
    // Cleared, the post leaves the queue and its level no longer trains anything.
    expect((await cli('label', 'survey:urgent', '--safeguarding', 'no')).code).toBe(0);
    const after = JSON.parse((await cli('safeguarding', '--json')).stdout) as Array<{ post: string }>;
    expect(after.map((item) => item.post)).toEqual(['survey:doubt', 'survey:ordinary']);
    expect(trainingLevels()).toEqual([['urgent', null]]);
  });

  it('with a model trained before levels were learned, calls a flag a disclosure by how sure the flag is', async () => {
    fs.writeFileSync(tmp.file('posts.csv'), `id,text\n${POSTS.map(([id, text]) => `${id},"${text ?? ''}"`).join('\n')}\n`);
    expect((await cli('import', tmp.file('posts.csv'))).code).toBe(0);
    // No level model, and a disclosure level between the two flagged posts' scores.
    const [low, high] = [score('urgent'), score('doubt')].sort((a, b) => a - b) as [number, number];
    expect(high).toBeGreaterThan(low);
    activateEditedModel(db, 'no-level-model', (model) => {
      delete model.safeguarding.level;
      model.safeguarding.disclosureThreshold = (low + high) / 2;
      model.safeguarding.threshold = Math.min(model.safeguarding.threshold, low);
    });
    expect((await cli('classify', '--all')).code).toBe(0);
    const queue = JSON.parse((await cli('safeguarding', '--json')).stdout) as Array<{ post: string; level: string | null }>;
    const higher = score('urgent') > score('doubt') ? 'survey:urgent' : 'survey:doubt';
    expect(queue.map((item) => [item.post, item.level])).toEqual([
      [higher, 'disclosure'],
      [higher === 'survey:urgent' ? 'survey:doubt' : 'survey:urgent', 'concern'],
    ]);
  });

  it('puts a plain self-harm statement among the disclosures whatever its score, with the rule that flagged it, and withholds it', async () => {
    const plain = 'I cut myself when it gets bad';
    fs.writeFileSync(tmp.file('posts.csv'), `id,text\nplain,"${plain}"\nordinary,"More apprenticeships and careers advice at college please"\n`);
    expect((await cli('import', tmp.file('posts.csv'))).code).toBe(0);
    // A model that would need a score of 0.99 to flag: the statement is flagged all the same.
    activateEditedModel(db, 'hard-to-flag', (model) => {
      model.safeguarding.threshold = 0.99;
      model.safeguarding.disclosureThreshold = 0.995;
      if (model.safeguarding.level) model.safeguarding.level = { threshold: 1.01 };
    });
    expect((await cli('classify', '--all')).code).toBe(0);
    const queue = JSON.parse((await cli('safeguarding', '--json')).stdout) as Array<{ post: string; level: string | null; score: number; cues: string[]; text: string }>;
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ post: 'survey:plain', level: 'disclosure', text: plain });
    expect(queue[0]?.score).toBeLessThan(0.99);
    expect(queue[0]?.cues[0]).toBe('writer: cut myself');
    const exported = await cli('export');
    expect(exported.stdout).toContain('More apprenticeships');
    expect(exported.stdout).not.toContain('cut myself');
  });
});
