/** Seeded randomness, so training is repeatable: same data and seed, same model, byte for byte. */

/** mulberry32: a small, well-known 32-bit generator; plenty for shuffles. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Fold number per item, spreading each label combination evenly across folds. */
export function assignFolds(keys: readonly string[], folds: number, seed: number): number[] {
  const random = seededRandom(seed);
  const byKey = new Map<string, number[]>();
  keys.forEach((key, i) => byKey.set(key, [...(byKey.get(key) ?? []), i]));
  const fold = new Array<number>(keys.length).fill(0);
  let next = 0;
  for (const key of [...byKey.keys()].sort()) {
    for (const index of shuffled(byKey.get(key) ?? [], random)) {
      fold[index] = next % folds;
      next += 1;
    }
  }
  return fold;
}
