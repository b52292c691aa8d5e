/** The safeguarding recall a retrain is set by: the lead's choice, kept from one retrain to the next. */
import { expect, it } from 'vitest';
import { DEFAULT_TRAIN_OPTIONS, loweredRecall, trainOptionsFor, type TrainOptions } from '../../src/classify/model';

const trainedWith = (options: TrainOptions) => ({ options });

it('uses the defaults when there is no active model or it chose nothing', () => {
  expect(trainOptionsFor(null)).toEqual(DEFAULT_TRAIN_OPTIONS);
  // A model from before concerns had their own recall held every flag to one figure: that was no choice.
  const { concernRecall: _, ...older } = { ...DEFAULT_TRAIN_OPTIONS, safeguardingRecall: 0.95 };
  expect(trainOptionsFor(trainedWith(older))).toEqual(DEFAULT_TRAIN_OPTIONS);
});

it('keeps the recall the active model was trained to, and takes a new one when given', () => {
  const chosen = trainedWith({ ...DEFAULT_TRAIN_OPTIONS, safeguardingRecall: 0.99, concernRecall: 0.97 });
  expect(trainOptionsFor(chosen)).toMatchObject({ safeguardingRecall: 0.99, concernRecall: 0.97 });
  expect(trainOptionsFor(chosen, { concerns: 0.9 })).toMatchObject({ safeguardingRecall: 0.99, concernRecall: 0.9 });
  expect(trainOptionsFor(null, { flags: 0.95 })).toMatchObject({ safeguardingRecall: 0.95, concernRecall: DEFAULT_TRAIN_OPTIONS.concernRecall });
  // Nothing else in the recipe is the lead's to set here.
  const { safeguardingRecall: _s, concernRecall: _c, ...rest } = trainOptionsFor(chosen, { flags: 0.5 });
  const { safeguardingRecall: _ds, concernRecall: _dc, ...defaults } = DEFAULT_TRAIN_OPTIONS;
  expect(rest).toEqual(defaults);
});

it('names a recall setting chosen below the one the retrain would otherwise use, and nothing else', () => {
  const active = trainedWith({ ...DEFAULT_TRAIN_OPTIONS, safeguardingRecall: 0.98, concernRecall: 0.9 });
  expect(loweredRecall(active, { concerns: 0.8 })).toEqual(['--concern-recall 80 % (was 90 %)']);
  expect(loweredRecall(active, { flags: 0.9, concerns: 0.95 })).toEqual(['--flag-recall 90 % (was 98 %)']);
  expect(loweredRecall(active, { flags: 0.98, concerns: 0.99 })).toEqual([]);
  expect(loweredRecall(active, {})).toEqual([]);
  // With no active choice, the defaults are what a setting is lowered from.
  expect(loweredRecall(null, { concerns: 0.85 })).toEqual([`--concern-recall 85 % (was ${DEFAULT_TRAIN_OPTIONS.concernRecall! * 100} %)`]);
});
