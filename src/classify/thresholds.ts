/** Choosing decision thresholds on out-of-fold scores. Pure. */

const GRID = Array.from({ length: 81 }, (_, i) => Math.round((0.1 + i * 0.01) * 100) / 100);

/** The threshold with the best F1, F1 smoothed over neighbouring thresholds so one lucky post does not decide it. */
export function f1Threshold(scores: readonly number[], labels: readonly number[]): number {
  const f1 = GRID.map((t) => f1At(scores, labels, t));
  let best = 0;
  let bestValue = -1;
  GRID.forEach((_, i) => {
    const window = f1.slice(Math.max(0, i - 2), i + 3);
    const value = window.reduce((a, b) => a + b, 0) / window.length;
    if (value > bestValue + 1e-12) {
      bestValue = value;
      best = i;
    }
  });
  return GRID[best] ?? 0.5;
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

/**
 * The highest threshold that still catches `target` of the positives, halved for safety margin on
 * unseen text: for safeguarding a missed disclosure costs far more than a false alarm.
 */
export function recallThreshold(scores: readonly number[], labels: readonly number[], target: number): number {
  const positives = scores.filter((_, i) => labels[i] === 1).sort((a, b) => a - b);
  if (positives.length === 0) return 0.5;
  const allowedMisses = Math.floor(positives.length * (1 - target));
  const threshold = (positives[allowedMisses] ?? 0.5) / 2;
  return Math.round(Math.max(0.01, Math.min(0.5, threshold)) * 1e4) / 1e4;
}
