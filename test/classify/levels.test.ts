/**
 * S4's two levels come from a level model learned from the writers' own levels: a disclosure says
 * plainly that a specific child is harmed now, a concern only gives signs. Trained on three writers'
 * files and judged on a fourth writer it never saw, as `npm run eval:held-out` does for all of them.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, type SafeguardingLevel } from '../../src/classify/classify';
import { compileModel, type ModelFile } from '../../src/classify/model';
import { trainModel, type TrainingExample } from '../../src/classify/train';
import { readCodebook, readTrainingFile } from '../../src/cli/classifier';
import { ROOT } from '../helpers/cli';

const writer = (name: string) => readTrainingFile(path.join(ROOT, 'data/training/more', `writer-${name}.csv`));
const withoutLevels = (rows: readonly TrainingExample[]) => rows.map(({ level: _level, ...row }) => row);

/** How the held-out writer's flagged rows were levelled, per level they gave. */
function levelsOn(model: ModelFile, rows: readonly TrainingExample[]): Record<SafeguardingLevel, Record<string, number>> {
  const compiled = compileModel(JSON.parse(JSON.stringify(model)));
  const tally: Record<SafeguardingLevel, Record<string, number>> = { disclosure: {}, concern: {} };
  for (const row of rows) {
    if (!row.level) continue;
    const called = String(classify(compiled, row.text, row.context).safeguarding.level);
    tally[row.level][called] = (tally[row.level][called] ?? 0) + 1;
  }
  return tally;
}

describe('the safeguarding level model', () => {
  const codebook = readCodebook();
  const training = ['f', 'g', 'h'].flatMap(writer);
  const heldOut = writer('i');

  it('calls a new writer’s concerns concerns far more often than a flag’s score does, and its disclosures disclosures as often', () => {
    const learned = trainModel(training, codebook);
    const byScore = trainModel(withoutLevels(training), codebook);
    expect(learned.safeguarding.level?.threshold).toBeGreaterThan(0);
    // Without a single level in the rows there is nothing to learn from: no level model.
    expect(byScore.safeguarding.level).toBeUndefined();

    const withModel = levelsOn(learned, heldOut);
    const withScore = levelsOn(byScore, heldOut);
    const disclosures = heldOut.filter((row) => row.level === 'disclosure').length;
    expect(disclosures).toBeGreaterThan(10);
    // The urgent ones stay urgent: at least as many disclosures called disclosures, and at least four in five.
    expect(withModel.disclosure.disclosure ?? 0).toBeGreaterThanOrEqual(Math.min(withScore.disclosure.disclosure ?? 0, Math.ceil(0.8 * disclosures)));
    expect(withModel.disclosure.disclosure ?? 0).toBeGreaterThanOrEqual(0.8 * disclosures);
    // And the lead's urgent list is no longer nearly every flag: concerns are called concerns.
    expect(withModel.concern.concern ?? 0).toBeGreaterThanOrEqual((withScore.concern.concern ?? 0) + 3);
  }, 120_000);
});
