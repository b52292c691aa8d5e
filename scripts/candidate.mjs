// npm run eval:candidate: the figures a candidate training recipe is judged by before it may replace the
// default model (data/training/pending/README.md writes each stop's rule before its run). The recipe is a
// build's: its code, codebook and training data, so a candidate is a copy of the project with one change,
// built (`npm run build` there), and named with --build DIR; without it, this checkout (the current recipe).
//
// Every writer's file in the training data is held out in turn (scored by a model trained on every other
// file), and one model is trained on everything for the files it never sees: the opened set H and the
// training files still waiting in data/training/pending. The groups are shared between two cores. Prints:
//   - the original writers (train.csv and more/writer-*): cases caught at the threshold, and precision
//     when just deep enough to catch 700 of them;
//   - the retired sets, each held out: caught, precision (flagged), macro-F1;
//   - consultation a-d, each held out: caught, precision (flagged);
//   - every group held out together;
//   - H and each pending file, scored by the model trained on everything: caught (flagged), macro-F1.
// --out FILE writes every held-out row's judgement, in the examples' order, with the figures, so two
// runs of one recipe can be compared byte for byte (the harness checked before a candidate is judged).
// Takes about ten minutes on two cores. Sealed sets are never read here: they are for reporting
// (`npm run eval:sealed`).
import fs from 'node:fs';
import path from 'node:path';
import './quiet-pipe.mjs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const option = (name) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const build = path.resolve(option('--build') ?? HERE);
const out = option('--out');
if (!fs.existsSync(path.join(build, 'dist', 'cli', 'classifier.js'))) {
  process.stderr.write(`eval:candidate: no onevision build at ${build}: --build needs a checkout with dist/ (run \`npm run build\` there)\n`);
  process.exitCode = 2;
} else {
  await judge(build);
}

async function judge(root) {
  const from = (file) => require(path.join(root, 'dist', file));
  const { readCodebook, readTrainingData, readTrainingFile } = from('cli/classifier.js');
  const { gatherHeldOut } = from('classify/crossval.js');
  const { heldOutPiecesLargestFirst, runTrainingPieces } = from('cli/training-pool.js');
  const { evaluate, flagPrecisionAt } = from('classify/evaluate.js');
  const { DEFAULT_TRAIN_OPTIONS, compileModel } = from('classify/model.js');
  const { NO_EVIDENCE, classify } = from('classify/classify.js');
  const { parseGold } = from('classify/gold.js');
  // The training files, the codebook and the data a candidate adds are read from its own checkout.
  process.chdir(root);

  const started = Date.now();
  const examples = readTrainingData();
  const codebook = readCodebook();
  const groups = examples.map((e) => e.group ?? 'unknown');
  // The model on everything first: it is the largest piece.
  const pieces = [{ kind: 'model', recipe: 0 }, ...heldOutPiecesLargestFirst(groups)];
  const { results } = await runTrainingPieces({ examples, recipes: [{ codebook, options: DEFAULT_TRAIN_OPTIONS }], groupings: [groups] }, pieces);
  const [modelFile, ...scored] = results;
  const predicted = gatherHeldOut(examples.length, scored);
  const gold = examples.map((e) => ({ outcomes: e.outcomes, safeguarding: e.safeguarding }));

  const rowsOf = (keep) => examples.map((_, i) => i).filter((i) => keep(groups[i]));
  const figures = (indices) => {
    const e = evaluate(indices.map((i) => gold[i]), indices.map((i) => predicted[i]));
    return { macroF1: e.macroF1, caught: e.safeguarding.truePositives, cases: e.safeguarding.support, flagged: e.safeguarding.flagged, precision: e.safeguarding.precision };
  };
  const original = rowsOf((g) => !g.startsWith('retired-set-') && !g.startsWith('consultation-'));
  const report = {
    build: root,
    modelVersion: modelFile.modelVersion,
    original: { ...figures(original), precisionAt700: flagPrecisionAt(original.map((i) => gold[i]), original.map((i) => predicted[i].flagRank), 700).precision },
    retired: figures(rowsOf((g) => g.startsWith('retired-set-'))),
    consultationAtoD: figures(rowsOf((g) => /^consultation-[a-d]$/.test(g))),
    everyGroup: figures(examples.map((_, i) => i)),
    unseen: {},
  };

  const model = compileModel(JSON.parse(JSON.stringify(modelFile)));
  const scoreFile = (rows) => {
    const judged = rows.map((r) => classify(model, r.text, r.context ?? undefined, undefined, NO_EVIDENCE));
    const e = evaluate(rows, judged.map((j) => ({ outcomes: j.outcomes, safeguarding: j.safeguarding.flagged })));
    return { macroF1: e.macroF1, caught: e.safeguarding.truePositives, cases: e.safeguarding.support, flagged: e.safeguarding.flagged };
  };
  const h = path.join(root, 'data/evaluation/blind-2026-12h.csv');
  if (fs.existsSync(h)) report.unseen.H = scoreFile(parseGold(fs.readFileSync(h, 'utf8'), 'blind-2026-12h.csv'));
  const pending = path.join(root, 'data/training/pending');
  for (const name of fs.existsSync(pending) ? fs.readdirSync(pending).filter((n) => n.endsWith('.csv')).sort() : []) {
    report.unseen[name.replace(/\.csv$/, '')] = scoreFile(readTrainingFile(path.join(pending, name)));
  }
  report.seconds = Math.round((Date.now() - started) / 1000);

  if (out) fs.writeFileSync(out, `${JSON.stringify({ ...report, heldOut: predicted.map((p) => [p.outcomes, p.safeguarding, p.level, p.flagRank]) })}\n`);
  const f = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
  const line = (name, r) => `${name.padEnd(22)} ${r.caught}/${r.cases} caught, ${r.flagged} flagged${r.precision === undefined ? '' : `, precision ${f(r.precision)}`}, macro-F1 ${f(r.macroF1)}`;
  process.stdout.write(
    [
      `recipe of ${root}: model ${report.modelVersion} on everything (${report.seconds} s)`,
      `${line('original writers', report.original)}; precision at 700 caught ${f(report.original.precisionAt700)}`,
      line('retired sets', report.retired),
      line('consultation a-d', report.consultationAtoD),
      line('every group held out', report.everyGroup),
      ...Object.entries(report.unseen).map(([name, r]) => line(`${name} (unseen)`, r)),
      '',
    ].join('\n'),
  );
}
