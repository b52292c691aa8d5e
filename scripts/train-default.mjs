// npm run train:default: rebuilds data/classifier/default-model.json, the model a fresh clone uses before
// anyone runs `onevision train`, from the bundled codebook and data/training/ (train.csv and more/*.csv) only. Deterministic:
// the same codebook, training rows and code give the same file byte for byte (a test checks it).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { readCodebook, readTrainingData, DEFAULT_MODEL_FILE } = require(path.join(ROOT, 'dist/cli/classifier.js'));
const { trainModel } = require(path.join(ROOT, 'dist/classify/train.js'));

const model = trainModel(readTrainingData(), readCodebook());
fs.mkdirSync(path.dirname(DEFAULT_MODEL_FILE), { recursive: true });
fs.writeFileSync(DEFAULT_MODEL_FILE, `${JSON.stringify(model)}\n`);
const cv = model.crossValidation;
process.stderr.write(`wrote ${path.relative(ROOT, DEFAULT_MODEL_FILE)}: ${model.modelVersion}, ${Object.keys(model.weights).length} features, out-of-fold macro-F1 ${cv.macroF1}\n`);
