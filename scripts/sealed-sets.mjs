// npm run eval:sealed: the bundled default model (or the model file named by OV_MODEL) on every sealed blind set
// in data/evaluation (blind-*.csv; the opened set H, and any set kept for the next model, are left out), one Markdown row per set and the sets pooled,
// as BENCHMARKS.md's table of every sealed set. Figures only: no row of a sealed set is printed. Run it for a
// model only after that model is chosen; choosing between models on these figures would unseal the sets.
//
// `npm run eval:sealed -- --veto CANDIDATE.json`: the check after a choice. The candidate and the current model
// (the default, or OV_MODEL) on every sealed set, the waiting ones included (which are then scored, so their
// READMEs must say so): for each set the cases each catches and how many the current model catches that the
// candidate misses. Any such case vetoes the candidate (exit 1): a model that loses a known case does not
// replace one that catches it (stop 50 named only the waiting sets, and a loss on set V was seen only after).
// The training files not yet trained on (data/training/pending) are checked the same way: written blind and
// seen by neither model (unless the candidate adds one), they are unseen voices too, and stop 51's chosen
// candidate passed every sealed set yet lost a case on one of them, found only after.
// `--current-build DIR` scores the current model with another build of onevision (a checkout of the commit
// that trained it, built with `npm run build`): a candidate on new features cannot be read by the old code,
// nor the current model by the new (stop 52).
import fs from 'node:fs';
import path from 'node:path';
import './quiet-pipe.mjs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { DEFAULT_MODEL_FILE, readTrainingFile } = require(path.join(ROOT, 'dist/cli/classifier.js'));
const { evaluate } = require(path.join(ROOT, 'dist/classify/evaluate.js'));
const { parseGold } = require(path.join(ROOT, 'dist/classify/gold.js'));

/** Opened for error analysis (their READMEs say so): no longer blind, so not reported with the sealed ones. */
const OPENED = new Set(['blind-2026-12h.csv']);
/**
 * Sealed and kept for the next model chosen: scored for no model yet, so a choice between candidates
 * can be checked on a set none of them was scored on. Take a set out of here once it has been scored
 * for the chosen model (its README says when), and it joins the table.
 */
const WAITING = new Set([]);
const dir = path.join(ROOT, 'data/evaluation');
// In the order the sets were written: t … z, then aa, ab … (a plain sort puts aa before t).
const inOrderWritten = (a, b) => a.length - b.length || a.localeCompare(b);
const files = fs.readdirSync(dir).filter((name) => /^blind-.*\.csv$/.test(name) && !OPENED.has(name) && !WAITING.has(name)).sort(inOrderWritten);
const pendingDir = path.join(ROOT, 'data/training/pending');
const pendingFiles = fs.existsSync(pendingDir) ? fs.readdirSync(pendingDir).filter((name) => name.endsWith('.csv')).sort() : [];
const vetoAt = process.argv.indexOf('--veto');
const candidateFile = vetoAt >= 0 ? process.argv[vetoAt + 1] : undefined;
const buildAt = process.argv.indexOf('--current-build');
const currentBuild = buildAt >= 0 ? process.argv[buildAt + 1] : ROOT;
const isBuild = (dir) => Boolean(dir) && fs.existsSync(path.join(dir, 'dist/classify/model.js')) && fs.existsSync(path.join(dir, 'dist/classify/classify.js'));

/** A model file read and scored by the build of onevision at `root`: its version and a `predict` for gold rows. */
function loadModel(file, root = ROOT) {
  const { compileModel, ModelError } = require(path.join(root, 'dist/classify/model.js'));
  const { classify } = require(path.join(root, 'dist/classify/classify.js'));
  let model;
  try {
    model = compileModel(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    throw new UsageError(`${file}: ${error.message}; score it with the build that trained it: --current-build DIR (a checkout of that commit, built)`);
  }
  const predict = (gold) =>
    gold.map((g) => {
      const result = classify(model, g.text, g.context);
      return { outcomes: result.outcomes, safeguarding: result.safeguarding.flagged };
    });
  return { version: model.file.modelVersion, predict };
}

class UsageError extends Error {}

const f = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
const meetsTargets = (e) => e.macroF1 >= 0.87 && e.outcomes.every((o) => o.f1 >= 0.82) && e.safeguarding?.recall === 1 && e.safeguarding.precision >= 0.5;
const row = (name, rows, e) => {
  const s = e.safeguarding;
  return `| ${name} (${rows}) | ${f(e.macroF1)} | ${e.outcomes.map((o) => f(o.f1)).join(' / ')} | ${s.truePositives}/${s.support} | ${f(s.precision)} (${s.flagged}) | ${meetsTargets(e) ? 'all four' : '–'} |`;
};
const readSet = (name) => parseGold(fs.readFileSync(path.join(dir, name), 'utf8'), name);
const setName = (name) => name.replace(/^blind-|\.csv$/g, '');

// A mistyped command is told so before any model is read.
const usageProblem =
  vetoAt >= 0 && !candidateFile
    ? '--veto needs a candidate model file, e.g. npm run eval:sealed -- --veto /tmp/candidate.json'
    : candidateFile && !fs.existsSync(candidateFile)
      ? `no model file at ${candidateFile} (a model JSON, as \`npm run train:default\` writes)`
      : buildAt >= 0 && !isBuild(currentBuild)
        ? `no onevision build at ${currentBuild ?? '(none given)'}: --current-build needs a checkout with dist/ (run \`npm run build\` there)`
        : undefined;
try {
  if (usageProblem) throw new UsageError(usageProblem);
  const model = loadModel(process.env.OV_MODEL ?? DEFAULT_MODEL_FILE, currentBuild);
  if (candidateFile) vetoCheck(model, loadModel(candidateFile));
  else table(model);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`eval:sealed: ${error.message}\n`);
  process.exitCode = 2;
}

function table(model) {
  const pooledGold = [];
  const pooledPredicted = [];
  const lines = [`model ${model.version}`, '', '| set (rows) | macro-F1 | per outcome (1–5) | recall | precision (flagged) | all four |', '| --- | ---: | --- | ---: | ---: | --- |'];
  for (const name of files) {
    const gold = readSet(name);
    const predicted = model.predict(gold);
    pooledGold.push(...gold);
    pooledPredicted.push(...predicted);
    lines.push(row(setName(name), gold.length, evaluate(gold, predicted)));
  }
  lines.push(row('pooled', pooledGold.length, evaluate(pooledGold, pooledPredicted)));
  if (WAITING.size > 0) lines.push('', `not scored, kept for the next model chosen: ${[...WAITING].join(', ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function vetoCheck(model, candidate) {
  const names = [...files, ...[...WAITING].sort(inOrderWritten)];
  const caught = (s) => `${s.truePositives}/${s.support} (${s.flagged} flagged)`;
  const lines = [`current ${model.version} against candidate ${candidate.version}`, '', '| set | current: caught (flagged) | candidate: caught (flagged) | caught by current, missed by candidate |', '| --- | --- | --- | ---: |'];
  let lost = 0;
  const compare = (label, gold) => {
    const now = model.predict(gold);
    const next = candidate.predict(gold);
    const missed = gold.filter((g, i) => g.safeguarding && now[i].safeguarding && !next[i].safeguarding).length;
    lost += missed;
    lines.push(`| ${label} | ${caught(evaluate(gold, now).safeguarding)} | ${caught(evaluate(gold, next).safeguarding)} | ${missed} |`);
  };
  for (const name of names) compare(`${setName(name)}${WAITING.has(name) ? ' (was waiting)' : ''}`, readSet(name));
  for (const name of pendingFiles) compare(`${name.replace(/\.csv$/, '')} (pending)`, readTrainingFile(path.join(pendingDir, name)));
  lines.push('', lost > 0 ? `vetoed: the candidate misses ${lost} case${lost === 1 ? '' : 's'} the current model catches` : 'not vetoed: the candidate misses no case the current model catches');
  if (WAITING.size > 0) lines.push(`the waiting sets are now scored for both models: ${[...WAITING].join(', ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = lost > 0 ? 1 : 0;
}
