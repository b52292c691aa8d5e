// Stability: after one person's label, `train` then `classify --all`, how many other posts change outcome?
// Target (issue 15): at most 1 %. On the demo database (the bundled sample collected through the fakes,
// about 420 posts), for labels drawn with a seed (BENCH_SEED, default 20170301): a post, and an outcome
// set that differs from the machine's by one outcome, as an officer's correction would. Each scenario
// starts from the bundled model, as the first retrain on a fresh install does.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, report, tempDir } from './lib/util.mjs';

const require = createRequire(import.meta.url);
const { readCodebook, readDefaultModel, readTrainingData } = require(path.join(ROOT, 'dist/cli/classifier.js'));
const { trainModel } = require(path.join(ROOT, 'dist/classify/train.js'));
const { compileModel } = require(path.join(ROOT, 'dist/classify/model.js'));
const { mergeExamples } = require(path.join(ROOT, 'dist/classify/compare.js'));
const { seededRandom } = require(path.join(ROOT, 'dist/classify/random.js'));
const { measureOutcomeChurn, churnShare } = require(path.join(ROOT, 'dist/cli/model-churn.js'));
const { openDatabase } = require(path.join(ROOT, 'dist/store/database.js'));

const SCENARIOS = 8;
const seed = Number(process.env.BENCH_SEED ?? 20170301);
const dir = tempDir('churn');
const demo = spawnSync(process.execPath, [path.join(ROOT, 'bin/onevision'), '--db', path.join(dir, 'ov.db'), 'demo'], { cwd: dir, encoding: 'utf8' });
if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`);
const db = openDatabase(path.join(dir, 'demo', 'onevision-demo.db'));
const posts = db.prepare(`SELECT p.text, c.outcomes FROM posts p JOIN classifications c ON c.post_id = p.id WHERE length(p.text) > 30 ORDER BY p.id`).all();
const bundled = readTrainingData();
const codebook = readCodebook();
const active = readDefaultModel().file;
const random = seededRandom(seed);
const shares = [];
for (let k = 0; k < SCENARIOS; k += 1) {
  const post = posts[Math.floor(random() * posts.length)];
  const outcomes = new Set(post.outcomes.split(';').filter(Boolean).map(Number));
  const flip = 1 + Math.floor(random() * 5);
  if (outcomes.has(flip)) outcomes.delete(flip);
  else outcomes.add(flip);
  const label = { id: `label-${k}`, text: post.text, outcomes: [...outcomes].sort(), safeguarding: null, human: true };
  const candidate = trainModel(mergeExamples(bundled, [label]), codebook, undefined, active);
  const churn = measureOutcomeChurn(db, compileModel(candidate), [post.text]);
  shares.push(churnShare(churn));
  process.stderr.write(`  label ${k + 1}: ${churn.changed} of ${churn.compared} other posts changed\n`);
}
db.close();
report('one label then train: share of other posts whose outcomes change (demo database)', {
  seed,
  scenarios: SCENARIOS,
  maxPercent: 100 * Math.max(...shares),
  meanPercent: (100 * shares.reduce((a, b) => a + b, 0)) / shares.length,
  target: '<= 1 %',
});
