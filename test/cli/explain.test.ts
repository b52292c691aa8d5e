/**
 * `onevision explain` as an officer reads it: sentences naming the post's own words and the outcome,
 * the raw scores and features only with --verbose or --json, and nothing of a withheld post's words
 * in any form.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { importClassifierPosts } from './classify-fixture';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
});
afterEach(() => tmp.cleanup());

const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });

async function explain(...args: string[]): Promise<string> {
  const result = await cli('explain', ...args);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

interface ExplainJson {
  withheld: string | null;
  reasons: { outcomes: Array<{ outcome: number; key: string; name: string; tagged: boolean; sentence: string }>; safeguarding: string };
  decisions: Array<{ outcome: number; score: number; threshold: number; phrases: unknown[]; features: unknown[] }>;
  safeguarding: { cues: unknown[] };
}

const RAW_FEATURE = /\b(word|pair|phrase|lexicon|dismissed|negated|not-this|cue):\S/;

describe('explain in words', () => {
  // r1: "we don't need another youth club, we need CAMHS"
  it('says why an outcome was given with the post\'s own words, and names the outcome', async () => {
    await importClassifierPosts(tmp.file('posts.csv'), cli);
    const out = await explain('survey:r1');
    expect(out).toContain('Tagged 2 (health) because it mentions "CAMHS" (strong)');
    expect(out).toContain("2 health: Promoting and protecting children's physical, emotional and mental health");
    // Pasted with a space or a line end after it, the reference still finds the post.
    expect(await explain(' survey:r1 \n')).toBe(out);
  });

  it('says a dismissed phrase was dismissed', async () => {
    await importClassifierPosts(tmp.file('posts.csv'), cli);
    expect(await explain('survey:r1')).toMatch(/Not 5 \(contribution\) because its score 0\.\d\d is below 0\.\d\d: .*it says "youth club" is not what is needed \(dismissed\)/);
  });

  // r2: "Saw a school of dolphins off Porthcurno this morning"
  it('says why a post that names an outcome\'s word did not get it', async () => {
    await importClassifierPosts(tmp.file('posts.csv'), cli);
    const out = await explain('survey:r2');
    expect(out).toContain('No outcome reached its threshold.');
    expect(out).toMatch(/Not 4 \(achievement\) because its score 0\.\d\d is below 0\.\d\d: .*"school of dolphins" counts against it \(strong\)/);
  });

  it('keeps feature names, weights and per-outcome scores out of the plain output', async () => {
    await importClassifierPosts(tmp.file('posts.csv'), cli);
    const out = await explain('survey:r1');
    expect(out).not.toMatch(RAW_FEATURE);
    expect(out).not.toContain('weight 3');
    expect(out).not.toMatch(/score [01]\.\d\d, threshold/);
  });
});

describe('explain --verbose and --json carry the raw data too', () => {
  it('--verbose adds every score, threshold, phrase weight and learned feature after the sentences', async () => {
    await importClassifierPosts(tmp.file('posts.csv'), cli);
    const out = await explain('survey:r1', '--verbose');
    expect(out).toContain('Tagged 2 (health) because it mentions "CAMHS" (strong)');
    expect(out).toMatch(/✔ 2 Promoting and protecting children's physical, emotional and mental health: score [01]\.\d\d, threshold 0\.\d\d/);
    expect(out).toContain('phrase "youth club" (youth club, weight 3, dismissed)');
    expect(out).toMatch(/feature \S+:\S+ [+-]\d\.\d\d/);
  });

  it('--json gives the sentences beside the decisions', async () => {
    await importClassifierPosts(tmp.file('posts.csv'), cli);
    const json = JSON.parse(await explain('survey:r1', '--json')) as ExplainJson;
    expect(json.reasons.outcomes[0]).toMatchObject({ outcome: 2, key: 'health', tagged: true, sentence: expect.stringContaining('"CAMHS" (strong)') as unknown });
    expect(json.reasons.safeguarding).toMatch(/^Safeguarding: the model does not flag it/);
    expect(json.decisions).toHaveLength(5);
    expect(json.decisions[1]?.phrases.length).toBeGreaterThan(0);
  });
});

describe('explain of a flagged post gives no text and no evidence, in any form', () => {
  // r3 is the disclosure: these are its words.
  const TELLS = ['boyfriend', 'shouts', 'hits', 'brother', 'upstairs', 'mums', 'tell'];

  for (const args of [[], ['--verbose'], ['--json']]) {
    it(`explain survey:r3 ${args.join(' ')}`, async () => {
      await importClassifierPosts(tmp.file('posts.csv'), cli);
      const out = await explain('survey:r3', ...args);
      expect(out).toContain('withheld');
      expect(out).toContain('the words behind it are withheld');
      for (const word of TELLS) expect(out.toLowerCase(), word).not.toContain(word);
      expect(out).not.toMatch(RAW_FEATURE);
    });
  }

  it('the sentences give the outcome, its score and the flag\'s level, and no phrase', async () => {
    await importClassifierPosts(tmp.file('posts.csv'), cli);
    const json = JSON.parse(await explain('survey:r3', '--json')) as ExplainJson;
    expect(json.withheld).toBe('flagged');
    expect(json.reasons.outcomes.find((r) => r.outcome === 3)?.sentence).toMatch(/^Tagged 3 \(protection\): its score \d\.\d\d reached 0\.\d\d; the words behind it are withheld/);
    for (const r of json.reasons.outcomes) expect(r.sentence).toContain('withheld');
    expect(json.reasons.safeguarding).toMatch(/^Safeguarding: the model flags it as (a possible disclosure|a concern)/);
    expect(json.reasons.outcomes.every((r) => !r.sentence.includes('"'))).toBe(true);
    expect(json.decisions.every((d) => d.phrases.length === 0 && d.features.length === 0)).toBe(true);
    expect(json.safeguarding.cues).toEqual([]);
  });
});

it('explain --help shows what a sentence looks like', async () => {
  const help = await cli('explain', '--help');
  expect(help.stdout).toContain('--verbose');
  expect(help.stdout).toMatch(/Examples:[\s\S]*Tagged 2 \(health\) because it mentions "CAMHS" \(strong\)/);
});

describe('explain of a released reply shows nothing of its withheld parent', () => {
  // The parent is a disclosure, so it is withheld; the reply answering it is clear and released. The
  // reply is scored with its parent in view, so the parent's words are among the model's features.
  const PARENT_TELLS = ['stepdad', 'hits', 'scared', 'home', 'work', 'mum', ' am 1'];
  const thread = [
    { id: '1100000000000000001', text: "my stepdad hits me when mum is at work and i'm scared to go home. i'm 13 #CIoSOneVision", author_id: '501', conversation_id: '1100000000000000001', created_at: '2017-05-01T10:00:00.000Z', edit_history_tweet_ids: ['1100000000000000001'], author: { id: '501', username: 'kid_anon1', name: 'Kid Anon' } },
    { id: '1100000000000000002', text: '@kid_anon1 yes totally agree with this', author_id: '502', conversation_id: '1100000000000000001', in_reply_to_user_id: '501', referenced_tweets: [{ type: 'replied_to', id: '1100000000000000001' }], created_at: '2017-05-01T11:00:00.000Z', edit_history_tweet_ids: ['1100000000000000002'], author: { id: '502', username: 'adult_b', name: 'Adult Bee' } },
  ];

  for (const args of [[], ['--verbose'], ['--json']]) {
    it(`explain x:1100000000000000002 ${args.join(' ')}`, async () => {
      fs.writeFileSync(tmp.file('thread.jsonl'), thread.map((t) => JSON.stringify(t)).join('\n'));
      expect((await cli('import', tmp.file('thread.jsonl'), '--format', 'twarc')).code).toBe(0);
      const parent = JSON.parse(await explain('x:1100000000000000001', '--json')) as ExplainJson;
      expect(parent.withheld).toBe('flagged');
      const out = await explain('x:1100000000000000002', ...args);
      expect(out).toContain('totally agree');
      // The reply's own text, as shown, has none of these; the handle it names is replaced.
      const withoutText = out.replace(/person-[0-9a-f]+ yes totally agree with this/g, '');
      for (const tell of [...PARENT_TELLS, 'kid_anon', 'anon1']) expect(withoutText.toLowerCase(), tell).not.toContain(tell);
    });
  }

  it('says the reply was tagged mostly because of the post it answers, rather than crediting its own small words', async () => {
    fs.writeFileSync(tmp.file('thread.jsonl'), thread.map((t) => JSON.stringify(t)).join('\n'));
    expect((await cli('import', tmp.file('thread.jsonl'), '--format', 'twarc')).code).toBe(0);
    const out = await explain('x:1100000000000000002');
    expect(out).toMatch(/Tagged 3 \(protection\) mostly because of the post it replies to/);
    expect(out).not.toContain('because of words that labelled posts tie to it');
  });
});
