import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { ROOT, makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';
import { DISCLOSURE, importClassifierPosts } from './classify-fixture';
import { findExportRow } from '../helpers/export-rows';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
});
afterEach(() => tmp.cleanup());

const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir });

const importPosts = () => importClassifierPosts(tmp.file('posts.csv'), cli);

type Row = Record<string, string>;
const exportRows = async (...args: string[]) => parse((await cli('export', ...args)).stdout, { columns: true }) as Row[];
const byId = (rows: Row[], id: string) => findExportRow(rows, db, 'survey', id) as Row;

describe('import classifies what it brings in', () => {
  it('fills outcomes, confidence and tone, and records the codebook and model versions', async () => {
    await importPosts();
    const rows = await exportRows();
    expect(byId(rows, 'r1')).toMatchObject({ outcomes: '2', safeguarding: '0' });
    expect(byId(rows, 'r2')).toMatchObject({ outcomes: '' });
    expect(byId(rows, 'r4').outcomes).toBe('2');
    expect(Number(byId(rows, 'r1').confidence)).toBeGreaterThan(0);
    expect(['positive', 'neutral', 'negative']).toContain(byId(rows, 'r1').tone);
    const stored = queryDb<{ codebook_version: string; model_version: string }>(db, 'SELECT codebook_version, model_version FROM classifications');
    expect(stored).toHaveLength(4);
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/codebook/one-vision-2017.json'), 'utf8')) as { version: string };
    expect(stored[0]?.codebook_version).toBe(version);
    expect(stored[0]?.model_version).toMatch(new RegExp(`^${version.replaceAll('.', '\\.')}\\+[0-9a-f]{12}$`));
  });

  it('classifies only new posts by default; --all re-runs everything and counts changes', async () => {
    await importPosts();
    expect(JSON.parse((await cli('classify', '--json')).stdout)).toMatchObject({ classified: 0 });
    const all = JSON.parse((await cli('classify', '--all', '--json')).stdout) as { classified: number; changed: number };
    expect(all).toMatchObject({ classified: 4, changed: 0 });
  });
});

describe('safeguarding', () => {
  it('withholds flagged text from the export, lists it with its permalink, and only a person clears it', async () => {
    await importPosts();
    const flagged = byId(await exportRows(), 'r3');
    expect(flagged.safeguarding).toBe('1');
    expect(flagged.text).not.toContain('boyfriend');
    expect(flagged.text).toContain('withheld');
    expect(byId(await exportRows('--include-flagged'), 'r3').text).toBe(DISCLOSURE);

    const list = await cli('safeguarding', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ post: 'survey:r3', permalink: 'https://example.org/r3', text: DISCLOSURE })]);

    // Re-classifying never clears a flag; a person does.
    await cli('classify', '--all');
    expect(byId(await exportRows(), 'r3').safeguarding).toBe('1');
    const cleared = await cli('label', 'survey:r3', '--outcomes', '3', '--safeguarding', 'no', '--note', 'known to MARU');
    expect(cleared.code).toBe(0);
    expect(byId(await exportRows(), 'r3')).toMatchObject({ safeguarding: '0', text: DISCLOSURE });
    expect(JSON.parse((await cli('safeguarding', '--json')).stdout)).toEqual([]);
  });
});

describe('label', () => {
  it('wins over the machine and survives classify --all', async () => {
    await importPosts();
    expect((await cli('label', 'survey:r2', '--outcomes', '1,5', '--by', 'officer')).code).toBe(0);
    await cli('classify', '--all');
    expect(byId(await exportRows(), 'r2')).toMatchObject({ outcomes: '1;5', confidence: '1.00' });
    expect(queryDb(db, 'SELECT outcomes, labelled_by FROM labels')).toEqual([{ outcomes: '1;5', labelled_by: 'officer' }]);
    await cli('label', 'survey:r2', '--none');
    expect(byId(await exportRows(), 'r2').outcomes).toBe('');
  });

  it('refuses what it cannot understand, changing nothing', async () => {
    await importPosts();
    for (const args of [['survey:r1', '--outcomes', '6'], ['survey:r1'], ['survey:r1', '--none', '--outcomes', '1'], ['survey:nope', '--none'], ['r1', '--none'], ['survey:r1', '--none', '--safeguarding', 'maybe']]) {
      const result = await cli('label', ...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/onevision: /);
    }
    expect(queryDb(db, 'SELECT * FROM labels')).toEqual([]);
  });
});

describe('explain', () => {
  it('shows scores, thresholds and the evidence for each outcome', async () => {
    await importPosts();
    const human = await cli('explain', 'survey:r1', '--verbose');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/✔ 2 Promoting and protecting children's physical, emotional and mental health: score [01]\.\d\d, threshold 0\.\d\d/);
    expect(human.stdout).toContain('phrase "CAMHS"');
    expect(human.stdout).toContain('phrase "youth club" (youth club, weight 3, dismissed)');
    const json = JSON.parse((await cli('explain', 'survey:r1', '--json')).stdout) as { outcomes: number[]; decisions: Array<{ outcome: number; score: number; threshold: number }> };
    expect(json.outcomes).toEqual([2]);
    expect(json.decisions).toHaveLength(5);
    expect(json.decisions[1]?.score).toBeGreaterThanOrEqual(json.decisions[1]?.threshold ?? 1);
  });
});

