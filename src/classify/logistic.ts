/**
 * Logistic regression, two sizes. Sparse one-vs-rest L2 (Adagrad, seeded shuffles) for thousands of
 * word features and a few hundred posts; and a tiny dense fit (Newton) for blending and Platt
 * calibration on a handful of inputs. Pure and deterministic.
 */
import { seededRandom, shuffled } from './random';

export interface SparseVector {
  readonly index: Int32Array;
  readonly value: Float64Array;
}

export interface SparseOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly seed: number;
}

export interface LinearModel {
  readonly weights: Float64Array;
  bias: number;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

export function sparseScore(model: LinearModel, x: SparseVector): number {
  let z = model.bias;
  for (let k = 0; k < x.index.length; k += 1) z += (model.weights[x.index[k] as number] ?? 0) * (x.value[k] as number);
  return z;
}

/** Trains one binary model per label column (`labels[column][doc]`), all on the same vectors. */
export function trainSparse(docs: readonly SparseVector[], labels: ReadonlyArray<readonly number[]>, dimension: number, options: SparseOptions): LinearModel[] {
  return labels.map((column, c) => trainBinary(docs, column, dimension, { ...options, seed: options.seed + c * 7919 }));
}

function trainBinary(docs: readonly SparseVector[], y: readonly number[], dimension: number, options: SparseOptions): LinearModel {
  const model: LinearModel = { weights: new Float64Array(dimension), bias: 0 };
  const squared = new Float64Array(dimension);
  let biasSquared = 0;
  const random = seededRandom(options.seed);
  const order = docs.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    for (const i of shuffled(order, random)) {
      if ((y[i] as number) < 0) continue;
      const x = docs[i] as SparseVector;
      const error = sigmoid(sparseScore(model, x)) - (y[i] as number);
      for (let k = 0; k < x.index.length; k += 1) {
        const j = x.index[k] as number;
        const w = model.weights[j] as number;
        const gradient = error * (x.value[k] as number) + options.l2 * w;
        squared[j] = (squared[j] as number) + gradient * gradient;
        model.weights[j] = w - (options.learningRate * gradient) / (Math.sqrt(squared[j] as number) + 1e-8);
      }
      biasSquared += error * error;
      model.bias -= (options.learningRate * error) / (Math.sqrt(biasSquared) + 1e-8);
    }
  }
  return model;
}

/** L2-regularised logistic regression on a few dense inputs, by Newton's method. */
export function fitDense(x: ReadonlyArray<readonly number[]>, y: readonly number[], l2 = 1e-2, iterations = 50): number[] {
  const d = (x[0]?.length ?? 0) + 1;
  const beta = new Array<number>(d).fill(0);
  const row = (i: number) => [...(x[i] as number[]), 1];
  for (let it = 0; it < iterations; it += 1) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < x.length; i += 1) {
      const r = row(i);
      const p = sigmoid(r.reduce((s, v, k) => s + v * (beta[k] as number), 0));
      const w = Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a < d; a += 1) {
        gradient[a] = (gradient[a] as number) + (p - (y[i] as number)) * (r[a] as number);
        for (let b = 0; b < d; b += 1) (hessian[a] as number[])[b] = ((hessian[a] as number[])[b] as number) + w * (r[a] as number) * (r[b] as number);
      }
    }
    // The intercept (last) is not penalised.
    for (let a = 0; a < d - 1; a += 1) {
      gradient[a] = (gradient[a] as number) + l2 * (beta[a] as number);
      (hessian[a] as number[])[a] = ((hessian[a] as number[])[a] as number) + l2;
    }
    const step = solve(hessian, gradient);
    let change = 0;
    for (let a = 0; a < d; a += 1) {
      beta[a] = (beta[a] as number) - (step[a] as number);
      change = Math.max(change, Math.abs(step[a] as number));
    }
    if (change < 1e-9) break;
  }
  return beta;
}

export function denseScore(beta: readonly number[], inputs: readonly number[]): number {
  let z = beta[beta.length - 1] ?? 0;
  for (let k = 0; k < inputs.length; k += 1) z += (beta[k] ?? 0) * (inputs[k] as number);
  return sigmoid(z);
}

/** Gaussian elimination with partial pivoting; the systems here are 2×2 to 5×5. */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((r, i) => [...r, vector[i] as number]);
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let r = col + 1; r < n; r += 1) if (Math.abs((a[r] as number[])[col] as number) > Math.abs((a[pivot] as number[])[col] as number)) pivot = r;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const p = (a[col] as number[])[col] as number;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r += 1) {
      if (r === col) continue;
      const f = ((a[r] as number[])[col] as number) / p;
      for (let c = col; c <= n; c += 1) (a[r] as number[])[c] = ((a[r] as number[])[c] as number) - f * ((a[col] as number[])[c] as number);
    }
  }
  return a.map((r, i) => {
    const p = r[i] as number;
    return Math.abs(p) < 1e-12 ? 0 : (r[n] as number) / p;
  });
}
