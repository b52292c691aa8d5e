/**
 * Training's feature bookkeeping: every feature name in the training rows numbered once, in the order
 * the vocabulary sorts names, so each fold's vocabulary is a count-and-filter over numbers and its
 * vectors come out already in index order (no Map look-up per feature, no sort per fold). Pure.
 */
import { isSafeguardingFeature, type FeatureMap } from './features';
import type { SparseVector } from './logistic';

export interface FeatureTable {
  /** Sorted as `Array.prototype.sort` sorts strings: the order of every vocabulary's indices. */
  readonly names: readonly string[];
  /** 1 for names that need `minCount` rows to enter a vocabulary. */
  readonly counted: Uint8Array;
  /** 1 for features only the safeguarding model learns from. */
  readonly safeguarding: Uint8Array;
  /** Each row's features as numbers into `names`, ascending. */
  readonly rows: readonly SparseVector[];
}

export interface Vocabulary {
  /** Feature number → index in this vocabulary, or -1 when it is not in it. */
  readonly indexOf: Int32Array;
  /** The vocabulary's names by index. */
  readonly names: readonly string[];
}

export function toFeatureTable(features: readonly FeatureMap[]): FeatureTable {
  // Numbered as first met, then renumbered by sorted name: one sort of the distinct names.
  const firstMet = new Map<string, number>();
  const metIds = features.map((f) => Int32Array.from(f.keys(), (name) => numberOf(firstMet, name)));
  const names = [...firstMet.keys()].sort();
  const rank = new Int32Array(names.length);
  names.forEach((name, r) => (rank[firstMet.get(name) as number] = r));
  const rows = features.map((f, i) => {
    const ids = (metIds[i] as Int32Array).map((id) => rank[id] as number);
    const values = Float64Array.from(f.values());
    const order = Array.from(ids.keys()).sort((a, b) => (ids[a] as number) - (ids[b] as number));
    return { index: Int32Array.from(order, (k) => ids[k] as number), value: Float64Array.from(order, (k) => values[k] as number) };
  });
  return {
    names,
    counted: Uint8Array.from(names, (name) => (/^(word|pair|negated|not-this|phrase|chr):/.test(name) ? 1 : 0)),
    safeguarding: Uint8Array.from(names, (name) => (isSafeguardingFeature(name) ? 1 : 0)),
    rows,
  };
}

function numberOf(numbers: Map<string, number>, name: string): number {
  const known = numbers.get(name);
  if (known !== undefined) return known;
  numbers.set(name, numbers.size);
  return numbers.size - 1;
}

/** The features in at least `minCount` of the rows (or in any, for kinds that are not counted), in name order. */
export function toVocabulary(table: FeatureTable, rows: readonly number[], minCount: number): Vocabulary {
  const counts = new Int32Array(table.names.length);
  for (const i of rows) for (const id of (table.rows[i] as SparseVector).index) counts[id] = (counts[id] as number) + 1;
  const indexOf = new Int32Array(counts.length).fill(-1);
  const names: string[] = [];
  counts.forEach((n, id) => {
    if (n === 0 || (n < minCount && table.counted[id] === 1)) return;
    indexOf[id] = names.length;
    names.push(table.names[id] as string);
  });
  return { indexOf, names };
}

/** A row over the vocabulary's indices (ascending, as the feature numbers are), without the `excluded` features. */
export function vectorise(row: SparseVector, vocabulary: Vocabulary, excluded?: Uint8Array): SparseVector {
  const kept = (id: number) => (vocabulary.indexOf[id] as number) >= 0 && excluded?.[id] !== 1;
  let size = 0;
  for (const id of row.index) if (kept(id)) size += 1;
  const index = new Int32Array(size);
  const value = new Float64Array(size);
  let at = 0;
  for (let k = 0; k < row.index.length; k += 1) {
    const id = row.index[k] as number;
    if (!kept(id)) continue;
    index[at] = vocabulary.indexOf[id] as number;
    value[at] = row.value[k] as number;
    at += 1;
  }
  return { index, value };
}
