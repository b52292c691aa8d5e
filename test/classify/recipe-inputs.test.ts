/**
 * What a kept training run is filed under (`train --dry-run`, then `train`, reuses it): anything that
 * could change the comparison or the model must change the digest, or a `train` would save a model
 * trained on other rows or settings than it reports.
 */
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { recipeInputsDigest } from '../../src/classify/compare';
import { DEFAULT_MODEL_FILE, readCodebook } from '../../src/cli/classifier';
import { DEFAULT_TRAIN_OPTIONS, type ModelFile } from '../../src/classify/model';
import type { TrainingExample } from '../../src/classify/train';

const codebook = readCodebook();
const active = JSON.parse(fs.readFileSync(DEFAULT_MODEL_FILE, 'utf8')) as ModelFile;
const rows: TrainingExample[] = [
  { id: 'a', text: 'Two years on the CAMHS list', outcomes: [2], safeguarding: false },
  { id: 'b', text: 'More buses to Truro college', outcomes: [4], safeguarding: null, human: true },
];
const digest = (changes: { software?: string; examples?: TrainingExample[]; codebook?: typeof codebook; options?: typeof DEFAULT_TRAIN_OPTIONS; active?: ModelFile | null } = {}) =>
  recipeInputsDigest(changes.software ?? '0.1.0', changes.examples ?? rows, changes.codebook ?? codebook, changes.options ?? DEFAULT_TRAIN_OPTIONS, changes.active === undefined ? active : changes.active);

it('is the same for the same inputs, given afresh', () => {
  expect(digest({ examples: rows.map((row) => ({ ...row })) })).toBe(digest());
});

it('changes with any row, label, setting, codebook, active model or software version', () => {
  const base = digest();
  const variants = [
    digest({ examples: [rows[0] as TrainingExample] }),
    digest({ examples: [{ ...(rows[0] as TrainingExample), outcomes: [2, 3] }, rows[1] as TrainingExample] }),
    digest({ examples: [rows[0] as TrainingExample, { ...(rows[1] as TrainingExample), human: false }] }),
    digest({ examples: [{ ...(rows[0] as TrainingExample), safeguarding: true, level: 'concern' }, rows[1] as TrainingExample] }),
    digest({ examples: [{ ...(rows[0] as TrainingExample), context: 'What would you change?' }, rows[1] as TrainingExample] }),
    digest({ examples: [rows[1] as TrainingExample, rows[0] as TrainingExample] }),
    digest({ options: { ...DEFAULT_TRAIN_OPTIONS, concernRecall: 0.8 } }),
    digest({ codebook: { ...codebook, version: `${codebook.version}-edited` } }),
    digest({ active: { ...active, modelVersion: `${active.codebookVersion}+000000000000` } }),
    digest({ active: null }),
    digest({ software: '0.2.0' }),
  ];
  expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
});
