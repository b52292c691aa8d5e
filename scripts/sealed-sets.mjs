// npm run eval:sealed: the bundled default model (or the model file named by OV_MODEL) on every sealed blind set
// in data/evaluation (blind-*.csv; the opened set H, and any set kept for the next model, are left out), one Markdown row per set and the sets pooled,
// as BENCHMARKS.md's table of every sealed set. Figures only: no row of a sealed set is printed. Run it for a
// model only after that model is chosen; choosing between models on these figures would unseal the sets.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { DEFAULT_MODEL_FILE } = require(path.join(ROOT, 'dist/cli/classifier.js'));
const { compileModel } = require(path.join(ROOT, 'dist/classify/model.js'));
const { classify } = require(path.join(ROOT, 'dist/classify/classify.js'));
const { evaluate } = require(path.join(ROOT, 'dist/classify/evaluate.js'));
const { parseGold } = require(path.join(ROOT, 'dist/classify/gold.js'));

/** Opened for error analysis (their READMEs say so): no longer blind, so not reported with the sealed ones. */
const OPENED = new Set(['blind-2026-12h.csv']);
/**
 * Sealed and kept for the next model chosen: scored for no model yet, so a choice between candidates
 * can be checked on a set none of them was scored on. Take a set out of here once it has been scored
 * for the chosen model (its README says when), and it joins the table.
 */
const WAITING = new Set(['blind-2026-12ak.csv', 'blind-2026-12al.csv']);
const dir = path.join(ROOT, 'data/evaluation');
const files = fs.readdirSync(dir).filter((name) => /^blind-.*\.csv$/.test(name) && !OPENED.has(name) && !WAITING.has(name))
  // In the order the sets were written: t … z, then aa, ab … (a plain sort puts aa before t).
  .sort((a, b) => a.length - b.length || a.localeCompare(b));
const model = compileModel(JSON.parse(fs.readFileSync(process.env.OV_MODEL ?? DEFAULT_MODEL_FILE, 'utf8')));

const f = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
const meetsTargets = (e) => e.macroF1 >= 0.87 && e.outcomes.every((o) => o.f1 >= 0.82) && e.safeguarding?.recall === 1 && e.safeguarding.precision >= 0.5;
const row = (name, rows, e) => {
  const s = e.safeguarding;
  return `| ${name} (${rows}) | ${f(e.macroF1)} | ${e.outcomes.map((o) => f(o.f1)).join(' / ')} | ${s.truePositives}/${s.support} | ${f(s.precision)} (${s.flagged}) | ${meetsTargets(e) ? 'all four' : '–'} |`;
};

const pooledGold = [];
const pooledPredicted = [];
const lines = [`model ${model.file.modelVersion}`, '', '| set (rows) | macro-F1 | per outcome (1–5) | recall | precision (flagged) | all four |', '| --- | ---: | --- | ---: | ---: | --- |'];
for (const name of files) {
  const gold = parseGold(fs.readFileSync(path.join(dir, name), 'utf8'), name);
  const predicted = gold.map((g) => {
    const result = classify(model, g.text, g.context);
    return { outcomes: result.outcomes, safeguarding: result.safeguarding.flagged };
  });
  pooledGold.push(...gold);
  pooledPredicted.push(...predicted);
  lines.push(row(name.replace(/^blind-|\.csv$/g, ''), gold.length, evaluate(gold, predicted)));
}
lines.push(row('pooled', pooledGold.length, evaluate(pooledGold, pooledPredicted)));
if (WAITING.size > 0) lines.push('', `not scored, kept for the next model chosen: ${[...WAITING].join(', ')}`);
process.stdout.write(`${lines.join('\n')}\n`);
