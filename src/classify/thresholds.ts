/** Choosing decision thresholds on out-of-fold scores. Pure. */

const GRID = Array.from({ length: 81 }, (_, i) => Math.round((0.1 + i * 0.01) * 100) / 100);
/** Half-width of the smoothing window, in grid steps: F1 is averaged over ±0.03 so one post cannot decide. */
const SMOOTHING = 3;
/** A previous threshold stays unless moving gains more than this much smoothed F1. */
const STICKINESS = 0.01;

/**
 * The threshold with the best F1, smoothed over neighbouring thresholds so one lucky post does not
 * decide it. With `previous` (the replaced model's threshold), that one is kept when it is nearly as
 * good, so retraining after one label does not move a whole band of posts across the line.
 */
export function f1Threshold(scores: readonly number[], labels: readonly number[], previous?: number): number {
  const f1 = GRID.map((t) => f1At(scores, labels, t));
  const smoothed = GRID.map((_, i) => mean(f1.slice(Math.max(0, i - SMOOTHING), i + SMOOTHING + 1)));
  let best = 0;
  smoothed.forEach((value, i) => {
    if (value > (smoothed[best] ?? -1) + 1e-12) best = i;
  });
  if (previous !== undefined) {
    const kept = GRID.findIndex((t) => Math.abs(t - previous) < 1e-9);
    if (kept >= 0 && (smoothed[kept] ?? 0) >= (smoothed[best] ?? 0) - STICKINESS) return previous;
  }
  return GRID[best] ?? 0.5;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

export function f1At(scores: readonly number[], labels: readonly number[], threshold: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  scores.forEach((s, i) => {
    const y = labels[i] === 1;
    if (s >= threshold && y) tp += 1;
    else if (s >= threshold) fp += 1;
    else if (y) fn += 1;
  });
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Margin below the out-of-fold recall point: a missed disclosure costs far more than a false alarm. */
export const SAFEGUARDING_MARGIN = 0.6;

/**
 * The highest threshold that still catches `target` of the positives out of fold, times a safety
 * margin for unseen text. A previous threshold is kept if it catches at least as many and is not far
 * lower (so the lead's queue does not grow or shrink on one new label).
 */
export function recallThreshold(scores: readonly number[], labels: readonly number[], target: number, previous?: number): number {
  const positives = scores.filter((_, i) => labels[i] === 1).sort((a, b) => a - b);
  if (positives.length === 0) return previous ?? 0.5;
  // The epsilon keeps 10 × (1 − 0.9), which is 0.999… in floating point, at one miss allowed.
  const allowedMisses = Math.floor(positives.length * (1 - target) + 1e-9);
  const computed = Math.round(Math.max(0.01, Math.min(0.5, (positives[allowedMisses] ?? 0.5) * SAFEGUARDING_MARGIN)) * 1e4) / 1e4;
  if (previous !== undefined && previous <= computed && previous >= computed * 0.8) return previous;
  return computed;
}

/** The out-of-fold recall the flag threshold is set by: of disclosures and flags without a level, and of concerns when they have their own. */
export interface RecallTargets {
  readonly flags: number;
  readonly concerns?: number;
}

/**
 * The flag threshold when flags have levels (S4): the highest that keeps `recall.flags` of disclosures
 * (and of flags without a level) and `recall.concerns` of concerns out of fold. Rows written either side
 * of the line make the hardest training flags concerns, and holding those to the disclosures' recall
 * pulled the threshold down until ordinary posts crossed it (BENCHMARKS.md, 2026-12-04). With no
 * concern recall, or no concerns, every flag is held to `recall.flags`.
 */
export function levelledRecallThreshold(scores: readonly number[], labels: readonly number[], isConcern: readonly boolean[], recall: RecallTargets, previous?: number): number {
  if (recall.concerns === undefined || !isConcern.some((c, i) => c && labels[i] === 1)) return recallThreshold(scores, labels, recall.flags, previous);
  // Only flags count towards recall, so each half needs its own flags and nothing else.
  const only = (keep: (i: number) => boolean) => ({ scores: scores.filter((_, i) => keep(i)), labels: labels.filter((_, i) => keep(i)) });
  const disclosures = only((i) => !isConcern[i]);
  const concerns = only((i) => isConcern[i] === true);
  return Math.min(recallThreshold(disclosures.scores, disclosures.labels, recall.flags, previous), recallThreshold(concerns.scores, concerns.labels, recall.concerns, previous));
}

/** Out-of-fold precision a score must reach to call a flag a disclosure (urgent) rather than a concern. */
const DISCLOSURE_PRECISION = 0.8;

/** The lowest score, at or above the flag threshold, above which flags are mostly real (S4 disclosure). */
export function disclosureThreshold(scores: readonly number[], labels: readonly number[], flagThreshold: number): number {
  for (const t of GRID) {
    if (t < flagThreshold) continue;
    let flagged = 0;
    let real = 0;
    scores.forEach((s, i) => {
      if (s < t) return;
      flagged += 1;
      if (labels[i] === 1) real += 1;
    });
    if (flagged > 0 && real / flagged >= DISCLOSURE_PRECISION) return t;
  }
  return Math.max(flagThreshold, 0.9);
}

/** Out of fold, the level model must call at least this share of the disclosures disclosures (S4: urgent ones first). */
export const LEVEL_RECALL = 0.9;

/**
 * The highest threshold on the level model's probability (in steps of 0.001: disclosures are a few
 * percent of the rows it learns from, so their probabilities are small) that still calls
 * `LEVEL_RECALL` of the disclosures disclosures out of fold; a flag below it is a concern. Calling a
 * disclosure a concern only delays it in the lead's queue, but that delay is the costly mistake, so
 * recall decides.
 */
export function levelThreshold(scores: readonly number[], labels: readonly number[], previous?: number): number {
  const positives = scores.filter((_, i) => labels[i] === 1).sort((a, b) => a - b);
  if (positives.length === 0) return previous ?? 0.5;
  const recallAt = (t: number) => positives.filter((s) => s >= t).length / positives.length;
  // 1e-9: 20 × (1 − 0.9) is 1.9999999999999996 in floating point, and two misses are allowed there.
  const atRecall = positives[Math.floor(positives.length * (1 - LEVEL_RECALL) + 1e-9)] as number;
  const computed = Math.max(0.001, Math.floor(atRecall * 1000) / 1000);
  // As the flag's threshold: the previous one stays while it keeps the recall and is not far from the new one.
  if (previous !== undefined && previous <= computed * 1.25 && previous >= computed * 0.8 && recallAt(previous) >= LEVEL_RECALL) return previous;
  return computed;
}
