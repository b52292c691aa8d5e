import { describe, expect, it } from 'vitest';
import { evaluate, flagPrecisionAt, isScored, topConfusions } from '../../src/classify/evaluate';
import { fitDense, denseScore } from '../../src/classify/logistic';
import { foldOf } from '../../src/classify/random';
import { LEVEL_RECALL, SAFEGUARDING_MARGIN, f1Threshold, levelThreshold, levelledRecallThreshold, recallThreshold } from '../../src/classify/thresholds';

describe('evaluation figures (checked by hand)', () => {
  // gold: {1}, {1,2}, {}, {3};  predicted: {1}, {1}, {2}, {3,4}
  const gold = [
    { outcomes: [1], safeguarding: true },
    { outcomes: [1, 2], safeguarding: false },
    { outcomes: [], safeguarding: true },
    { outcomes: [3], safeguarding: false },
  ] as const;
  const predicted = [
    { outcomes: [1], safeguarding: true },
    { outcomes: [1], safeguarding: true },
    { outcomes: [2], safeguarding: false },
    { outcomes: [3, 4], safeguarding: false },
  ] as const;
  const e = evaluate(gold, predicted);

  it('computes per-outcome precision, recall and F1', () => {
    expect(e.outcomes[0]).toMatchObject({ truePositives: 2, falsePositives: 0, falseNegatives: 0, f1: 1 });
    // outcome 2: one missed, one false alarm → P 0, R 0, F1 0
    expect(e.outcomes[1]).toMatchObject({ truePositives: 0, falsePositives: 1, falseNegatives: 1, f1: 0 });
    expect(e.outcomes[2]).toMatchObject({ f1: 1 });
    expect(e.outcomes[3]).toMatchObject({ falsePositives: 1, f1: 0 });
    // Outcome 5 is in no gold row and never predicted: it has no F1 to average (a perfect small file is not "poor").
    expect(isScored(e.outcomes[4]!)).toBe(false);
    expect(e.macroF1).toBeCloseTo((1 + 0 + 1 + 0) / 4, 10);
    // micro: tp 3, fp 2, fn 1 → 6 / 9
    expect(e.microF1).toBeCloseTo(6 / 9, 10);
    expect(e.exactMatch).toBeCloseTo(1 / 4, 10);
  });

  it('computes safeguarding recall and precision', () => {
    expect(e.safeguarding).toMatchObject({ support: 2, flagged: 2, truePositives: 1, recall: 0.5, precision: 0.5 });
  });

  it('shows which outcomes are confused with which', () => {
    expect(e.confusion['2']?.['none']).toBe(1);
    expect(e.confusion['none']?.['2']).toBe(1);
    expect(e.confusion['3']?.['4']).toBe(1);
    expect(topConfusions(e).map((c) => `${c.gold}>${c.predicted}`)).toEqual(['2>none', '3>4', 'none>2']);
  });
});

describe('learning helpers', () => {
  it('calibrates with a dense logistic fit', () => {
    const x = [[-2], [-1], [-0.5], [0.5], [1], [2], [-1.5], [1.5]];
    const y = [0, 0, 0, 1, 1, 1, 0, 1];
    const beta = fitDense(x, y, 1e-3);
    expect(denseScore(beta, [2])).toBeGreaterThan(0.9);
    expect(denseScore(beta, [-2])).toBeLessThan(0.1);
  });

  it('chooses thresholds on scores', () => {
    const scores = [0.1, 0.2, 0.3, 0.6, 0.7, 0.9];
    expect(f1Threshold(scores, [0, 0, 0, 1, 1, 1])).toBeGreaterThan(0.3);
    expect(f1Threshold(scores, [0, 0, 0, 1, 1, 1])).toBeLessThanOrEqual(0.6);
    // recall 1 needs the lowest positive (0.3), times the safety margin
    expect(recallThreshold(scores, [0, 0, 1, 1, 1, 1], 1)).toBeCloseTo(0.3 * SAFEGUARDING_MARGIN, 10);
  });

  it('holds disclosures and concerns to their own recall when flags have levels', () => {
    // 20 disclosures scored 0.30 … 0.49; 10 concerns, the hardest scored 0.05, the rest 0.40 … 0.48; non-flags below.
    const disclosures = Array.from({ length: 20 }, (_, i) => 0.3 + i * 0.01);
    const concerns = [0.05, ...Array.from({ length: 9 }, (_, i) => 0.4 + i * 0.01)];
    const others = Array.from({ length: 30 }, (_, i) => 0.01 + i * 0.003);
    const scores = [...disclosures, ...concerns, ...others];
    const labels = [...disclosures.map(() => 1), ...concerns.map(() => 1), ...others.map(() => 0)];
    const isConcern = [...disclosures.map(() => false), ...concerns.map(() => true), ...others.map(() => false)];
    // Every flag at 0.98: the one hard concern drags the threshold down to it.
    expect(levelledRecallThreshold(scores, labels, isConcern, { flags: 0.98 })).toBeCloseTo(0.05 * SAFEGUARDING_MARGIN, 10);
    expect(levelledRecallThreshold(scores, labels, isConcern, { flags: 0.98 })).toBe(recallThreshold(scores, labels, 0.98));
    // Concerns at 0.9 may miss that one; every disclosure is still caught (the lowest, 0.30, times the margin).
    const levelled = levelledRecallThreshold(scores, labels, isConcern, { flags: 0.98, concerns: 0.9 });
    expect(levelled).toBeCloseTo(0.3 * SAFEGUARDING_MARGIN, 10);
    expect(disclosures.every((s) => s >= levelled)).toBe(true);
    // With no concerns among the flags, the concern recall changes nothing.
    expect(levelledRecallThreshold(scores, labels, scores.map(() => false), { flags: 0.98, concerns: 0.9 })).toBe(recallThreshold(scores, labels, 0.98));
  });

  it('keeps the previous threshold when moving would gain little', () => {
    const scores = [0.1, 0.2, 0.3, 0.45, 0.6, 0.7, 0.9, 0.35];
    const labels = [0, 0, 0, 1, 1, 1, 1, 0];
    const fresh = f1Threshold(scores, labels);
    expect(f1Threshold(scores, labels, fresh + 0.01)).toBe(fresh + 0.01);
    // A previous threshold far worse than the best is not kept.
    expect(f1Threshold(scores, labels, 0.85)).toBe(fresh);
  });

  it('puts the level threshold where it still calls nine in ten disclosures disclosures, and keeps a nearby previous one', () => {
    // 20 disclosures scored 0.05, 0.10 … 1.00 and 20 other rows below them.
    const disclosures = Array.from({ length: 20 }, (_, i) => (i + 1) / 20);
    const scores = [...disclosures, ...disclosures.map((s) => s / 4)];
    const labels = [...disclosures.map(() => 1), ...disclosures.map(() => 0)];
    expect(LEVEL_RECALL).toBe(0.9);
    // Two of twenty may fall below: the third lowest disclosure's score.
    expect(levelThreshold(scores, labels)).toBe(0.15);
    // A previous threshold that still catches nine in ten stays; one that would miss more does not.
    expect(levelThreshold(scores, labels, 0.13)).toBe(0.13);
    expect(levelThreshold(scores, labels, 0.16)).toBe(0.15);
  });

  it('gives each row a fold of its own, whatever other rows there are', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `response ${i}`);
    const folds = keys.map((k) => foldOf(k, 5, 7));
    expect(keys.map((k) => foldOf(k, 5, 7))).toEqual(folds);
    // Roughly even: every fold within 30 % of its fair share of 100.
    for (let f = 0; f < 5; f += 1) expect(Math.abs(folds.filter((x) => x === f).length - 100)).toBeLessThan(30);
  });
});

describe('flag precision at a depth (checked by hand)', () => {
  const row = (safeguarding: boolean | null) => ({ outcomes: [], safeguarding });
  // Ranked: ∞ case, 2.0 not, 1.5 case and 1.5 not (tied), 0.9 case, 0.5 not; the undecided row at 5 is left out.
  const gold = [row(true), row(false), row(true), row(false), row(true), row(null), row(false)];
  const ranks = [Infinity, 2, 1.5, 1.5, 0.9, 5, 0.5];

  it('reads down from the highest rank until enough cases are caught', () => {
    expect(flagPrecisionAt(gold, ranks, 1)).toEqual({ caught: 1, flagged: 1, precision: 1 });
    expect(flagPrecisionAt(gold, ranks, 3)).toEqual({ caught: 3, flagged: 5, precision: 0.6 });
  });

  it('flags posts tied on a rank together, a plain statement (∞) included', () => {
    expect(flagPrecisionAt(gold, ranks, 2)).toEqual({ caught: 2, flagged: 4, precision: 0.5 });
    expect(flagPrecisionAt([row(false), row(true)], [Infinity, Infinity], 1)).toEqual({ caught: 1, flagged: 2, precision: 0.5 });
  });

  it('is null when fewer cases are ranked than asked for', () => {
    expect(flagPrecisionAt(gold, ranks, 4)).toBeNull();
  });
});
