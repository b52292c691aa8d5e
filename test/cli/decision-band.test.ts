/**
 * A retrain nudges every score a little; a post already classified keeps its side of a threshold unless
 * its score clearly crosses it (DECISION_BAND), so `classify --all` does not flip posts on the line.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DECISION_BAND } from '../../src/classify/classify';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { activateEditedModel } from './model-fixture';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
});
afterEach(() => tmp.cleanup());

const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });
const stored = (id: string) => queryDb<{ outcomes: string; scores: string }>(db, 'SELECT c.outcomes, c.scores FROM classifications c JOIN posts p ON p.id = c.post_id WHERE p.source_id = ?', [id])[0];

it('keeps a decision whose score moved past the threshold by less than the band, and changes one that moved further', async () => {
  const text = 'More apprenticeships and careers advice at college please';
  fs.writeFileSync(tmp.file('a.csv'), `id,text\nkept,"${text}"\n`);
  expect((await cli('import', tmp.file('a.csv'))).code).toBe(0);
  const before = stored('kept');
  if (!before) throw new Error('not classified');
  const score5 = (JSON.parse(before.scores) as Record<string, number>)['5'] ?? 0;
  expect(before.outcomes.split(';')).not.toContain('5');

  // Outcome 5's threshold drops to just under this post's score: a fresh post would now get 5.
  activateEditedModel(db, 'nudged', (model) => {
    model.thresholds[4] = score5 - DECISION_BAND / 3;
  });
  fs.writeFileSync(tmp.file('b.csv'), `id,text\nnew,"${text}"\n`);
  expect((await cli('import', tmp.file('b.csv'))).code).toBe(0);
  expect((await cli('classify', '--all')).code).toBe(0);
  expect(stored('new')?.outcomes.split(';')).toContain('5');
  expect(stored('kept')?.outcomes).toBe(before.outcomes);

  // Far below the score, the new model's verdict stands.
  activateEditedModel(db, 'moved', (model) => {
    model.thresholds[4] = score5 - 3 * DECISION_BAND;
  });
  expect((await cli('classify', '--all')).code).toBe(0);
  expect(stored('kept')?.outcomes.split(';')).toContain('5');
});
