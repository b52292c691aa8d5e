/**
 * Issue 15 item 4: what a new model changed. `classify --all` under another model records each post
 * whose outcomes moved, and `onevision changes` reports the counts per outcome and the posts.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { withheldIdOf } from '../helpers/export-rows';
import { DISCLOSURE } from './classify-fixture';
import { activateEditedModel, readDefaultModelFile } from './model-fixture';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
});
afterEach(() => tmp.cleanup());

const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });

const POSTS: ReadonlyArray<readonly [string, string]> = [
  ['p1', 'CAMHS waiting lists are far too long, my daughter waited a year for counselling'],
  ['p2', 'More apprenticeships and careers advice at college please'],
  ['p3', 'Breakfast clubs and affordable childcare for working parents in Redruth'],
  ['p4', 'Saw a school of dolphins off Porthcurno this morning'],
  ['p5', 'Mental health support in every school, exam stress is awful'],
  ['p6', DISCLOSURE],
];

function writeCsv(name: string, rows: ReadonlyArray<readonly [string, string]>): string {
  const file = tmp.file(name);
  fs.writeFileSync(file, `id,text,created_at\n${rows.map(([id, text], i) => `${id},"${text.replace(/"/g, '""')}",2017-05-${String(10 + i).padStart(2, '0')}T10:00:00Z`).join('\n')}\n`);
  return file;
}

async function ok(...args: string[]) {
  const result = await cli(...args);
  expect(result.code, `onevision ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

const storedOutcomes = () => new Map(queryDb<{ id: string; outcomes: string }>(db, 'SELECT p.source_id AS id, c.outcomes FROM classifications c JOIN posts p ON p.id = c.post_id').map((r) => [r.id, r.outcomes]));
const has = (outcomes: string | undefined, n: number) => (outcomes ?? '').split(';').includes(String(n));

/**
 * A copy of the default model that never gives outcome 2 and always gives outcome 5: thresholds
 * beyond every score by more than the decision band, so no earlier decision is kept.
 */
const activateNo2All5 = () =>
  activateEditedModel(db, 'no2all5', (model) => {
    model.thresholds[1] = 2;
    model.thresholds[4] = -1;
  });

interface Tally {
  outcome: number;
  gained: number;
  lost: number;
  net: number;
}

interface ChangesJson {
  from: { model: string; codebook: string } | null;
  to: { model: string; codebook: string } | null;
  lastChangedAt: string | null;
  posts: number;
  labelled: number;
  outcomes: Array<Tally & { name: string }>;
  changes: Array<{ post: string; source: string; sourceId: string; createdAt: string | null; from: number[]; to: number[]; gained: number[]; lost: number[]; labelled: boolean; text?: string; withheld?: string | null }>;
  pairs: Array<{ from: string; to: string; posts: number; lastChangedAt: string }>;
}

/** What the edited model must change, worked out from the outcomes stored before it. */
function expectedTallies(before: Map<string, string>): Tally[] {
  const lost2 = [...before.values()].filter((o) => has(o, 2)).length;
  const gained5 = [...before.values()].filter((o) => !has(o, 5)).length;
  return [1, 2, 3, 4, 5].map((outcome) => {
    const gained = outcome === 5 ? gained5 : 0;
    const lost = outcome === 2 ? lost2 : 0;
    return { outcome, gained, lost, net: gained - lost };
  });
}

describe('classify --all under another model', () => {
  it('counts the gains and losses per outcome, records them, and `changes --json` reports the same', async () => {
    await ok('import', writeCsv('posts.csv', POSTS));
    const defaultVersion = readDefaultModelFile().modelVersion;
    const before = storedOutcomes();
    const changedIds = [...before].filter(([, o]) => has(o, 2) || !has(o, 5)).map(([id]) => id);
    expect(changedIds.length).toBeGreaterThan(1);
    await ok('label', 'survey:p2', '--outcomes', '4', '--by', 'officer');

    const newVersion = activateNo2All5();
    const run = JSON.parse((await ok('classify', '--all', '--json')).stdout) as { changed: number; versionChanges: number; outcomeChanges: Tally[]; modelVersion: string };
    expect(run.modelVersion).toBe(newVersion);
    expect(run.changed).toBe(changedIds.length);
    expect(run.versionChanges).toBe(changedIds.length);
    expect(run.outcomeChanges).toEqual(expectedTallies(before));

    const changes = JSON.parse((await ok('changes', '--json')).stdout) as ChangesJson;
    expect(changes.from).toEqual({ model: defaultVersion, codebook: readDefaultModelFile().codebookVersion });
    expect(changes.to?.model).toBe(newVersion);
    expect(changes.posts).toBe(changedIds.length);
    expect(changes.outcomes.map(({ name: _name, ...tally }) => tally)).toEqual(run.outcomeChanges);
    // The flagged post (p6) is listed by its stand-in, as an export lists it.
    const storedId = new Map(POSTS.map(([id]) => [withheldIdOf(db, 'survey', id), id]));
    const listed = changes.changes.map((c) => ({ ...c, sourceId: storedId.get(c.sourceId) ?? c.sourceId }));
    expect(listed.map((c) => c.sourceId).sort()).toEqual([...changedIds].sort());
    const after = storedOutcomes();
    for (const item of listed) {
      expect(item.from.join(';')).toBe(before.get(item.sourceId));
      expect(item.to.join(';')).toBe(after.get(item.sourceId));
      expect(item.labelled).toBe(item.sourceId === 'p2');
    }
    expect(changes.labelled).toBe(changedIds.includes('p2') ? 1 : 0);
    // No text unless asked for.
    expect(JSON.stringify(changes)).not.toContain('boyfriend');
    expect(changes.changes.every((c) => c.text === undefined)).toBe(true);

    // The same model again changes nothing and records nothing more.
    const again = JSON.parse((await ok('classify', '--all', '--json')).stdout) as { changed: number; versionChanges: number };
    expect(again).toMatchObject({ changed: 0, versionChanges: 0 });
    expect(queryDb(db, 'SELECT count(*) AS n FROM classification_changes')).toEqual([{ n: changedIds.length }]);

    const human = await ok('classify', '--all');
    expect(human.stdout).toMatch(/^classified 6 posts, 0 changed outcome/);
    const table = (await ok('changes')).stdout;
    expect(table).toContain(`from model ${defaultVersion}`);
    expect(table).toContain(`${changedIds.length} posts changed outcome`);
    expect(table).toMatch(/5 Positive contribution\s+\d+\s+0\s+\d+/);
  });

  it('prints the per-outcome counts in the human summary', async () => {
    await ok('import', writeCsv('posts.csv', POSTS));
    activateNo2All5();
    const result = await ok('classify', '--all');
    expect(result.stdout).toMatch(/outcome 5 \+\d+ −0/);
    expect(result.stdout).toContain('see `onevision changes`');
  });

  it('does not record a post re-classified because its text changed', async () => {
    await ok('import', writeCsv('posts.csv', POSTS));
    activateNo2All5();
    // p4 had no outcome 5 under the default model; its new text is classified by the new model on import.
    await ok('import', writeCsv('edited.csv', [['p4', 'Saw dolphins off Porthcurno again, and seals this time']]));
    expect(storedOutcomes().get('p4')).toContain('5');
    expect(queryDb(db, 'SELECT count(*) AS n FROM classification_changes')).toEqual([{ n: 0 }]);
    await ok('classify', '--all');
    expect(queryDb<{ id: string }>(db, 'SELECT p.source_id AS id FROM classification_changes ch JOIN posts p ON p.id = ch.post_id').map((r) => r.id)).not.toContain('p4');
  });

  it('lists --limit posts but counts them all; --text shows only what an export would', async () => {
    await ok('import', writeCsv('posts.csv', POSTS));
    activateNo2All5();
    await ok('classify', '--all');
    const limited = JSON.parse((await ok('changes', '--json', '--limit', '1')).stdout) as ChangesJson;
    expect(limited.changes).toHaveLength(1);
    expect(limited.posts).toBeGreaterThan(1);

    const withText = JSON.parse((await ok('changes', '--json', '--text')).stdout) as ChangesJson;
    const standIn = withheldIdOf(db, 'survey', 'p6');
    const disclosure = withText.changes.find((c) => c.sourceId === standIn);
    expect(disclosure, 'the flagged post gained outcome 5').toBeDefined();
    expect(disclosure?.withheld).toBe('flagged');
    expect(disclosure?.text).toContain('withheld');
    expect(withText.changes.find((c) => c.sourceId === 'p4')).toMatchObject({ post: 'survey:p4', text: POSTS[3]?.[1], withheld: null });
    const human = (await ok('changes', '--text')).stdout;
    expect(human).not.toContain('boyfriend');
    expect(human).toContain('dolphins');
  });

  it('names a withheld post by its stand-in, as an export does, with or without --text', async () => {
    await ok('import', writeCsv('posts.csv', POSTS));
    activateNo2All5();
    await ok('classify', '--all');
    const standIn = withheldIdOf(db, 'survey', 'p6');
    for (const flags of [[], ['--text']]) {
      const json = JSON.parse((await ok('changes', '--json', ...flags)).stdout) as ChangesJson;
      expect(json.changes.find((c) => c.post === `survey:${standIn}`)).toMatchObject({ source: 'survey', sourceId: standIn });
      expect(json.changes.some((c) => c.sourceId === 'p6' || c.post === 'survey:p6')).toBe(false);
      const human = (await ok('changes', ...flags)).stdout;
      expect(human).toContain(standIn);
      expect(human).not.toMatch(/\bp6\b/);
    }
  });

  it('erasing a post erases what was recorded about it', async () => {
    await ok('import', writeCsv('posts.csv', POSTS));
    activateNo2All5();
    await ok('classify', '--all');
    const recorded = () => queryDb<{ id: string }>(db, 'SELECT p.source_id AS id FROM classification_changes ch JOIN posts p ON p.id = ch.post_id').map((r) => r.id);
    const total = () => queryDb<{ n: number }>(db, 'SELECT count(*) AS n FROM classification_changes')[0]?.n;
    expect(recorded()).toContain('p4');
    const before = total() ?? 0;
    await ok('forget', '--post', 'survey:p4');
    expect(total()).toBe(before - 1);
    expect(recorded()).not.toContain('p4');
  });
});

describe('changes: usage', () => {
  it('with nothing recorded says so, and exits 0', async () => {
    await ok('import', writeCsv('posts.csv', POSTS));
    const json = JSON.parse((await ok('changes', '--json')).stdout) as ChangesJson;
    expect(json).toMatchObject({ from: null, to: null, posts: 0, changes: [], pairs: [] });
    expect(json.outcomes).toHaveLength(5);
    expect((await ok('changes')).stdout).toContain('no outcome changes between versions recorded yet');
  });

  it('refuses bad flags with exit 2 and says what to type', async () => {
    await ok('import', writeCsv('posts.csv', POSTS));
    const nothing = await cli('changes', '--from', 'nope');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('classify --all');

    const newVersion = activateNo2All5();
    await ok('classify', '--all');
    const unknown = await cli('changes', '--from', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--from nope is not a version');
    expect(unknown.stderr).toContain(newVersion);
    expect(unknown.stderr).toContain(readDefaultModelFile().modelVersion);

    const reversed = await cli('changes', '--from', newVersion);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('Recorded pairs: --from');

    for (const limit of ['0', 'ten', '-1', '1.5']) {
      const result = await cli('changes', '--limit', limit);
      expect(result.code, limit).toBe(2);
      expect(result.stderr).toContain('--limit');
    }
    const help = await ok('changes', '--help');
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('--text');
  });

  it('--json has the documented shape', async () => {
    await ok('import', writeCsv('posts.csv', POSTS));
    activateNo2All5();
    await ok('classify', '--all');
    const json = JSON.parse((await ok('changes', '--json')).stdout) as ChangesJson;
    expect(Object.keys(json).sort()).toEqual(['changes', 'from', 'labelled', 'lastChangedAt', 'outcomes', 'pairs', 'posts', 'to']);
    expect(json.outcomes.map((o) => Object.keys(o).sort())).toEqual(Array(5).fill(['gained', 'lost', 'name', 'net', 'outcome']));
    expect(Object.keys(json.changes[0] ?? {}).sort()).toEqual(['createdAt', 'from', 'gained', 'labelled', 'lost', 'post', 'source', 'sourceId', 'to']);
    expect(json.changes[0]?.createdAt).toMatch(/^2017-05-/);
    expect(json.pairs).toEqual([{ from: json.from?.model, to: json.to?.model, posts: json.posts, lastChangedAt: json.lastChangedAt }]);
  });
});
