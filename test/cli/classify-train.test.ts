import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { readTrainingData } from '../../src/cli/classifier';
import { ROOT, TRAIN_TIMEOUT_MS, makeTempDir, runCli } from '../helpers/cli';
import { queryDb } from '../helpers/db';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
beforeEach(() => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
});
afterEach(() => tmp.cleanup());

const cli = (...args: string[]) => runCli(['--db', db, ...args], { cwd: tmp.dir, timeoutMs: TRAIN_TIMEOUT_MS });
const codebook = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'data/codebook/one-vision-2017.json'), 'utf8')) as { version: string; outcomes: Array<{ terms: Record<string, string[]> }> };

interface TrainResult {
  replaced: boolean;
  forced: boolean;
  rows: number;
  modelVersion: string;
  candidate: { macroF1: number };
  active: { macroF1: number } | null;
  wouldChange: { compared: number; labelled: number; changed: number };
}

// The most `train` runs a test here makes is three.
const TRAINING = 3 * TRAIN_TIMEOUT_MS;

/** `train` works on a database that exists (a mistyped --db is refused, test/cli/missing-database.test.ts). */
async function importOnePost(): Promise<void> {
  fs.writeFileSync(tmp.file('one.csv'), 'id,text\nr1,More buses please\n');
  expect((await cli('import', '--no-classify', tmp.file('one.csv'))).code).toBe(0);
}

describe('train', () => {
  it('learns from human labels, which survive retraining and re-classification', async () => {
    fs.writeFileSync(tmp.file('a.csv'), 'id,text\nr1,Saw a school of dolphins off Porthcurno this morning\nr2,More buses please\n');
    await cli('import', tmp.file('a.csv'));
    await cli('label', 'survey:r2', '--outcomes', '4');
    const result = await cli('train', '--json');
    expect(result.code).toBe(0);
    const trained = JSON.parse(result.stdout) as TrainResult;
    // Same recipe on the same rows is not worse, so the new model (which has seen the label) replaces the default.
    expect(trained).toMatchObject({ replaced: true, forced: false, rows: readTrainingData().length + 1 });
    expect(trained.candidate.macroF1).toBeGreaterThan(0.6);
    // The labelled post is meant to move, so it is not counted as churn.
    expect(trained.wouldChange).toMatchObject({ compared: 1, labelled: 1 });
    expect(queryDb(db, 'SELECT model_version, active FROM models')).toEqual([{ model_version: trained.modelVersion, active: 1 }]);

    const again = JSON.parse((await cli('classify', '--all', '--json')).stdout) as { modelVersion: string; model: string };
    expect(again).toMatchObject({ modelVersion: trained.modelVersion, model: 'database' });
    const rows = parse((await cli('export')).stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.source_id === 'r2')?.outcomes).toBe('4');
    expect(queryDb(db, 'SELECT outcomes FROM labels')).toEqual([{ outcomes: '4' }]);
  }, TRAINING);

  it('refuses a worse model unless forced', async () => {
    const worse = codebook();
    worse.version = '2017.1.0-no-terms';
    for (const outcome of worse.outcomes) outcome.terms = {};
    fs.writeFileSync(tmp.file('worse.json'), JSON.stringify(worse));
    await importOnePost();

    const refused = await cli('train', '--codebook', tmp.file('worse.json'), '--json');
    expect(refused.code).toBe(0);
    const r = JSON.parse(refused.stdout) as TrainResult;
    expect(r.replaced).toBe(false);
    expect(r.candidate.macroF1).toBeLessThan(r.active?.macroF1 ?? 0);
    expect(queryDb(db, 'SELECT * FROM models')).toEqual([]);

    const human = await cli('train', '--codebook', tmp.file('worse.json'), '--force');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/macro-F1\s+0\.\d{3}\s+0\.\d{3}/);
    expect(human.stdout).toContain('forced: new model 2017.1.0-no-terms+');
    expect(queryDb(db, 'SELECT codebook_version, active FROM models')).toEqual([{ codebook_version: '2017.1.0-no-terms', active: 1 }]);
  }, TRAINING);

  it('refuses a changed codebook that kept its version', async () => {
    const edited = codebook();
    edited.outcomes[0]?.terms['3']?.push('village fete');
    fs.writeFileSync(tmp.file('edited.json'), JSON.stringify(edited));
    await importOnePost();
    const result = await cli('train', '--codebook', tmp.file('edited.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`the codebook changed but its version is still ${edited.version}`);
    expect(result.stderr).toContain('Bump "version"');
  });
});

describe('train: how many posts a new model would re-tag', () => {
  interface ChurnResult extends TrainResult {
    dryRun: boolean;
    candidateVersion: string;
    reusedFrom: string | null;
    wouldReplace: boolean;
    reason: string;
    wouldChange: { compared: number; labelled: number; changed: number; share: number; byOutcome: Array<{ outcome: number; gained: number; lost: number }> };
    recall: { flags: number; concerns: number };
  }
  const train = async (...args: string[]) => {
    const result = await cli('train', '--json', ...args);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as ChurnResult;
  };

  it('shows the change in a dry run, refuses a model above --max-change, and --force overrides', async () => {
    await cli('import', path.join(ROOT, 'data/sample/survey-2017.csv'));
    const classified = (queryDb(db, 'SELECT count(*) AS n FROM classifications')[0] as { n: number }).n;
    // A codebook that no longer knows outcome 4's words re-tags some posts. Which outcomes move is the
    // model's business (its character grams carry much of outcome 4 without the codebook's words); the
    // per-outcome counts must account for every change.
    const edited = codebook();
    edited.version = '2017.1.9-no-aspiration-terms';
    const fourth = edited.outcomes[3];
    if (fourth) fourth.terms = {};
    fs.writeFileSync(tmp.file('edited.json'), JSON.stringify(edited));

    const dry = await train('--codebook', tmp.file('edited.json'), '--dry-run', '--max-change', '100');
    expect(dry).toMatchObject({ dryRun: true, replaced: false, reusedFrom: null });
    expect(dry.wouldChange.compared).toBe(classified);
    expect(dry.wouldChange.changed).toBeGreaterThan(0);
    const moves = dry.wouldChange.byOutcome.reduce((sum, o) => sum + o.gained + o.lost, 0);
    expect(moves).toBeGreaterThanOrEqual(dry.wouldChange.changed);
    expect(queryDb(db, 'SELECT count(*) AS n FROM models')).toEqual([{ n: 0 }]);

    // The same rows, codebook and settings: the dry run's cross-validation and model are reused, not redone.
    const refused = await train('--codebook', tmp.file('edited.json'), '--max-change', '0');
    expect(refused.replaced).toBe(false);
    expect(refused.reason).toMatch(/would change the outcomes of [\d.]+ % of classified posts, above the 0\.0 % allowed/);
    expect(queryDb(db, 'SELECT count(*) AS n FROM models')).toEqual([{ n: 0 }]);
    expect(refused.reusedFrom).toEqual(expect.any(String));
    expect(refused).toMatchObject({ candidateVersion: dry.candidateVersion, candidate: dry.candidate, active: dry.active, wouldChange: { changed: dry.wouldChange.changed } });

    const forced = await train('--codebook', tmp.file('edited.json'), '--max-change', '0', '--force');
    expect(forced).toMatchObject({ replaced: true, forced: true, reusedFrom: refused.reusedFrom, modelVersion: dry.candidateVersion });
    expect(queryDb(db, 'SELECT codebook_version FROM models WHERE active = 1')).toEqual([{ codebook_version: edited.version }]);
    // Kept, the candidate would only be a second copy of the active model's weights.
    expect(queryDb(db, 'SELECT count(*) AS n FROM model_candidates')).toEqual([{ n: 0 }]);
  }, TRAINING);

  it('sets the safeguarding threshold by the recall the lead asks for, and remembers it in the model', async () => {
    await cli('import', path.join(ROOT, 'data/sample/survey-2017.csv'));
    const defaultThreshold = (JSON.parse(fs.readFileSync(path.join(ROOT, 'data/classifier/default-model.json'), 'utf8')) as { safeguarding: { threshold: number } }).safeguarding.threshold;
    const trained = await train('--flag-recall', '99', '--concern-recall', '99');
    expect(trained).toMatchObject({ replaced: true, recall: { flags: 0.99, concerns: 0.99 } });
    // More recall asked for, so a lower threshold: more posts flagged, real and false.
    const [saved] = queryDb(db, `SELECT json_extract(model, '$.options.concernRecall') AS concerns, json_extract(model, '$.safeguarding.threshold') AS threshold FROM models WHERE active = 1`) as Array<{ concerns: number; threshold: number }>;
    expect(saved?.concerns).toBe(0.99);
    expect(saved?.threshold).toBeLessThan(defaultThreshold);
    // Lowering it again is refused without --force, however little the cross-validated recall moves.
    const lowered = await train('--concern-recall', '80', '--dry-run');
    expect(lowered).toMatchObject({ wouldReplace: false, reason: expect.stringContaining('--concern-recall 80 % (was 99 %)') as unknown });
    // Other settings, so trained afresh rather than taken from the last train.
    expect(lowered.reusedFrom).toBeNull();
  }, TRAINING);

  it('refuses a recall that is not a percentage or is below half', async () => {
    for (const [flag, value] of [['--concern-recall', '120'], ['--flag-recall', '40'], ['--flag-recall', 'most']]) {
      const result = await cli('train', flag as string, value as string);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${flag} must be a percentage from 50 to 100, not "${value}"`);
    }
    // Refused before the database is opened: nothing created, nothing trained.
    expect(fs.existsSync(db)).toBe(false);
  });

  it('says what to do with a --max-change that is not a percentage', async () => {
    const result = await cli('train', '--max-change', 'lots');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-change must be a percentage from 0 to 100');
  });
});
