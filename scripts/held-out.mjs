// npm run eval:held-out: how the training recipe does on voices it has never seen, from the bundled
// training data only: 5-fold cross-validation, then each writer's file held out in turn, then each
// channel. These are the figures to steer by; the blind sets in data/evaluation are for reporting only.
// OV_HELD_OUT=folds,writer,channel picks which (all three by default); --json prints JSON.
import path from 'node:path';
import './quiet-pipe.mjs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { readCodebook, readTrainingData } = require(path.join(ROOT, 'dist/cli/classifier.js'));
const { foldGroupOf, gatherHeldOut } = require(path.join(ROOT, 'dist/classify/crossval.js'));
const { heldOutPiecesLargestFirst, runTrainingPieces } = require(path.join(ROOT, 'dist/cli/training-pool.js'));
const { evaluate, flagPrecisionAt, levelFigures } = require(path.join(ROOT, 'dist/classify/evaluate.js'));
const { DEFAULT_TRAIN_OPTIONS } = require(path.join(ROOT, 'dist/classify/model.js'));

const examples = readTrainingData();
const codebook = readCodebook();
const gold = examples.map((e) => ({ outcomes: e.outcomes, safeguarding: e.safeguarding, ...(e.level ? { level: e.level } : {}) }));
const wanted = (process.env.OV_HELD_OUT ?? 'folds,writer,channel').split(',');
// Each scheme's grouping of the rows: every group is scored by a model trained on the others, the groups shared between two cores.
const schemes = {
  folds: (e) => foldGroupOf(e, DEFAULT_TRAIN_OPTIONS),
  writer: (e) => e.group ?? 'unknown',
  channel: (e) => e.channel ?? 'unknown',
};
async function heldOut(groupOf) {
  const groups = examples.map(groupOf);
  const pieces = heldOutPiecesLargestFirst(groups);
  const { results } = await runTrainingPieces({ examples, recipes: [{ codebook, options: DEFAULT_TRAIN_OPTIONS }], groupings: [groups] }, pieces);
  return gatherHeldOut(examples.length, results);
}
const results = {};
/** Shares of the cases caught at which `flagDepths` reads precision. */
const DEPTHS = [0.95, 0.98, 0.99, 1];
for (const name of wanted) {
  const started = Date.now();
  const predicted = await heldOut(schemes[name]);
  const e = evaluate(gold, predicted);
  const ranks = predicted.map((p) => p.flagRank);
  results[name] = {
    macroF1: e.macroF1,
    f1: e.outcomes.map((o) => o.f1),
    microF1: e.microF1,
    exactMatch: e.exactMatch,
    safeguarding: e.safeguarding && { recall: e.safeguarding.recall, precision: e.safeguarding.precision, caught: e.safeguarding.truePositives, support: e.safeguarding.support, flagged: e.safeguarding.flagged },
    // S4, on the rows whose writer gave a level: how the flags' levels fell.
    levels: levelFigures(gold, predicted.map((p) => p.level)),
    // How well the flag ranks cases, whatever the threshold: precision when just deep enough to catch each share of them.
    flagDepths: e.safeguarding && DEPTHS.map((share) => ({ share, ...flagPrecisionAt(gold, ranks, Math.ceil(share * e.safeguarding.support)) })),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  if (!process.argv.includes('--json')) {
    const r = results[name];
    const f = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
    const sg = r.safeguarding;
    process.stdout.write(`${name.padEnd(8)} macro-F1 ${f(r.macroF1)} [${r.f1.map(f).join(' ')}] micro ${f(r.microF1)} exact ${f(r.exactMatch)} | safeguarding recall ${f(sg?.recall)} (${sg?.caught}/${sg?.support}) precision ${f(sg?.precision)} (${sg?.flagged} flagged) | ${r.seconds}s\n`);
    if (r.flagDepths) process.stdout.write(`${''.padEnd(8)} flag precision when just deep enough to catch ${r.flagDepths.map((d) => `${d.share * 100} %: ${f(d.precision)} (${d.caught}/${sg.support} in ${d.flagged})`).join(', ')}\n`);
    const l = r.levels;
    if (l) process.stdout.write(`${''.padEnd(8)} levels: ${l.disclosure.rows} disclosures as disclosure ${l.disclosure.asDisclosure}, concern ${l.disclosure.asConcern}, missed ${l.disclosure.missed}; ${l.concern.rows} concerns as disclosure ${l.concern.asDisclosure}, concern ${l.concern.asConcern}, missed ${l.concern.missed}; unflagged called a disclosure ${l.falseDisclosures}\n`);
  }
}
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ rows: examples.length, ...results }, null, 2)}\n`);
