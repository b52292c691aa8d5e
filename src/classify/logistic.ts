/**
 * Logistic regression, two sizes. Sparse one-vs-rest L2, fitted full-batch by L-BFGS to the optimum
 * of a strictly convex objective, for thousands of word features and a few thousand posts; and a tiny
 * dense fit (Newton) for blending and Platt calibration on a handful of inputs. Full-batch matters:
 * the optimum does not depend on row order, so adding one row moves the weights a little instead of
 * reshuffling every stochastic step (which made one label change 7 % of posts). Pure, deterministic.
 */
export interface SparseVector {
  readonly index: Int32Array;
  readonly value: Float64Array;
}

export interface SparseOptions {
  /** L2 penalty on the weights (not the bias), per unit of total row weight. */
  readonly l2: number;
  /** L-BFGS iterations at most; the fit usually converges well before. */
  readonly iterations: number;
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

/**
 * Trains one binary model per label column (`labels[column][doc]`, -1 = no decision), all on the same
 * vectors. `rowWeights` counts some rows more (human labels), 1 by default.
 */
export function trainSparse(docs: readonly SparseVector[], labels: ReadonlyArray<readonly number[]>, dimension: number, options: SparseOptions, rowWeights?: readonly number[]): LinearModel[] {
  return labels.map((column) => trainBinary(docs, column, dimension, options, rowWeights));
}

function trainBinary(docs: readonly SparseVector[], y: readonly number[], dimension: number, options: SparseOptions, rowWeights?: readonly number[]): LinearModel {
  const rows = docs.map((_, i) => i).filter((i) => (y[i] as number) >= 0);
  const weightOf = (i: number) => rowWeights?.[i] ?? 1;
  const total = rows.reduce((sum, i) => sum + weightOf(i), 0) || 1;
  // Parameters: the weights, then the bias (unpenalised) in the last slot.
  const objective = (theta: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    const bias = theta[dimension] as number;
    let loss = 0;
    for (const i of rows) {
      const x = docs[i] as SparseVector;
      let z = bias;
      for (let k = 0; k < x.index.length; k += 1) z += (theta[x.index[k] as number] as number) * (x.value[k] as number);
      const label = y[i] as number;
      const w = weightOf(i) / total;
      loss += w * (Math.max(z, 0) - z * label + Math.log1p(Math.exp(-Math.abs(z))));
      const error = w * (sigmoid(z) - label);
      for (let k = 0; k < x.index.length; k += 1) {
        const j = x.index[k] as number;
        gradient[j] = (gradient[j] as number) + error * (x.value[k] as number);
      }
      gradient[dimension] = (gradient[dimension] as number) + error;
    }
    for (let j = 0; j < dimension; j += 1) {
      const t = theta[j] as number;
      loss += 0.5 * options.l2 * t * t;
      gradient[j] = (gradient[j] as number) + options.l2 * t;
    }
    return loss;
  };
  const theta = minimise(objective, dimension + 1, options.iterations);
  return { weights: theta.subarray(0, dimension), bias: theta[dimension] as number };
}

/** L-BFGS (10 pairs, backtracking Armijo line search) from zero; stops when the gradient is negligible. */
function minimise(f: (x: Float64Array, g: Float64Array) => number, n: number, maxIterations: number): Float64Array {
  const memory = 10;
  let x = new Float64Array(n);
  let g = new Float64Array(n);
  let fx = f(x, g);
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const direction = new Float64Array(n);
  for (let it = 0; it < maxIterations && norm(g) > 1e-7; it += 1) {
    twoLoop(g, ss, ys, direction);
    let step = it === 0 ? 1 / Math.max(1, norm(g)) : 1;
    const slope = dot(g, direction);
    if (slope >= 0) break;
    const xNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let fNew = Infinity;
    for (let tries = 0; tries < 30; tries += 1) {
      for (let j = 0; j < n; j += 1) xNew[j] = (x[j] as number) + step * (direction[j] as number);
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNew < fx)) break;
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let j = 0; j < n; j += 1) {
      s[j] = (xNew[j] as number) - (x[j] as number);
      yv[j] = (gNew[j] as number) - (g[j] as number);
    }
    if (dot(s, yv) > 1e-12) {
      ss.push(s);
      ys.push(yv);
      if (ss.length > memory) {
        ss.shift();
        ys.shift();
      }
    }
    const improvement = fx - fNew;
    x = xNew;
    g = gNew;
    fx = fNew;
    if (improvement < 1e-12 * Math.max(1, Math.abs(fx))) break;
  }
  return x;
}

/** direction = −H·g, H the L-BFGS inverse-Hessian estimate. */
function twoLoop(g: Float64Array, ss: readonly Float64Array[], ys: readonly Float64Array[], out: Float64Array): void {
  out.set(g);
  const alphas: number[] = [];
  for (let k = ss.length - 1; k >= 0; k -= 1) {
    const s = ss[k] as Float64Array;
    const y = ys[k] as Float64Array;
    const alpha = dot(s, out) / dot(y, s);
    alphas[k] = alpha;
    for (let j = 0; j < out.length; j += 1) out[j] = (out[j] as number) - alpha * (y[j] as number);
  }
  if (ss.length > 0) {
    const s = ss[ss.length - 1] as Float64Array;
    const y = ys[ys.length - 1] as Float64Array;
    const scale = dot(s, y) / dot(y, y);
    for (let j = 0; j < out.length; j += 1) out[j] = (out[j] as number) * scale;
  }
  for (let k = 0; k < ss.length; k += 1) {
    const s = ss[k] as Float64Array;
    const y = ys[k] as Float64Array;
    const beta = dot(y, out) / dot(y, s);
    for (let j = 0; j < out.length; j += 1) out[j] = (out[j] as number) + (s[j] as number) * ((alphas[k] as number) - beta);
  }
  for (let j = 0; j < out.length; j += 1) out[j] = -(out[j] as number);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j += 1) sum += (a[j] as number) * (b[j] as number);
  return sum;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
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
