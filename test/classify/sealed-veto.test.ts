/**
 * `npm run eval:sealed -- --veto CANDIDATE.json`, the check after a model is chosen: every sealed set, and a
 * case the current model catches that the candidate misses vetoes the candidate. Figures only: no row of a
 * sealed set may appear in what it prints.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ROOT, makeTempDir } from '../helpers/cli';

const SCRIPT = path.join(ROOT, 'scripts/sealed-sets.mjs');
const DEFAULT_MODEL = path.join(ROOT, 'data/classifier/default-model.json');
const SEALED = fs.readdirSync(path.join(ROOT, 'data/evaluation')).filter((name) => /^blind-.*\.csv$/.test(name) && name !== 'blind-2026-12h.csv');
const PENDING = fs.readdirSync(path.join(ROOT, 'data/training/pending')).filter((name) => name.endsWith('.csv'));

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const veto = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, '--veto', ...args], { encoding: 'utf8', env: { ...process.env, OV_MODEL: DEFAULT_MODEL } });

/** Every line is a heading, a table row of set names and counts, or the verdict: nothing a sealed row could be. */
function expectFiguresOnly(stdout: string): void {
  for (const line of stdout.split('\n').filter(Boolean)) {
    expect(line).toMatch(/^(current \S+ against candidate \S+|\| set \|.*|\| --- \|.*|\| [\w-]+( \((was waiting|pending)\))? \| \d+\/\d+ \(\d+ flagged\) \| \d+\/\d+ \(\d+ flagged\) \| \d+ \||(not )?vetoed: .*|the waiting sets .*)$/);
  }
}

it('passes a candidate that catches every case the current model catches, on every sealed set and every file waiting to be trained on', () => {
  const result = veto(DEFAULT_MODEL);
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toContain('not vetoed');
  expect(result.stdout.match(/^\| [\w-]+( \(was waiting\))? \| \d/gm)).toHaveLength(SEALED.length);
  expect(result.stdout.match(/^\| [\w-]+ \(pending\) \| \d/gm)).toHaveLength(PENDING.length);
  expectFiguresOnly(result.stdout);
});

it('vetoes a candidate that misses cases the current model catches, and says how many', () => {
  // The same model with its flag threshold near 1: only plain statements stay flagged.
  const model = JSON.parse(fs.readFileSync(DEFAULT_MODEL, 'utf8')) as { modelVersion: string; safeguarding: { threshold: number } };
  model.safeguarding.threshold = 0.99;
  model.modelVersion = `${model.modelVersion}-deaf`;
  fs.writeFileSync(tmp.file('deaf.json'), JSON.stringify(model));
  const result = veto(tmp.file('deaf.json'));
  expect(result.status).toBe(1);
  const lost = Number(/vetoed: the candidate misses (\d+) cases? the current model catches/.exec(result.stdout)?.[1]);
  const perSet = [...result.stdout.matchAll(/ \| (\d+) \|$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  expect(lost).toBeGreaterThan(0);
  expect(perSet).toBe(lost);
  expectFiguresOnly(result.stdout);
});

it('says what it needs when the candidate is missing', () => {
  expect(veto().status).toBe(2);
  const result = veto(tmp.file('nowhere.json'));
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('no model file at');
});

it('scores the current model with the build named by --current-build, and says so when the current model needs another build', () => {
  const same = veto(DEFAULT_MODEL, '--current-build', ROOT);
  expect(same.status, same.stderr).toBe(0);
  expect(same.stdout).toBe(veto(DEFAULT_MODEL).stdout);

  const nowhere = veto(DEFAULT_MODEL, '--current-build', tmp.file('no-build'));
  expect(nowhere.status).toBe(2);
  expect(nowhere.stderr).toContain('no onevision build at');

  // A model trained on other features than this build's (as after a change to the features) cannot be read here.
  const older = JSON.parse(fs.readFileSync(DEFAULT_MODEL, 'utf8')) as { featureVersion: string };
  older.featureVersion = 'ov-features-0';
  fs.writeFileSync(tmp.file('older.json'), JSON.stringify(older));
  const result = spawnSync(process.execPath, [SCRIPT, '--veto', DEFAULT_MODEL], { encoding: 'utf8', env: { ...process.env, OV_MODEL: tmp.file('older.json') } });
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/older\.json: model was built for features ov-features-0.*--current-build DIR/);
  expect(result.stdout).toBe('');
});
