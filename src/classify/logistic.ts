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
  const matrix = toRowMatrix(docs);
  const workspace = toWorkspace(dimension + 1);
  return labels.map((column) => trainBinary(matrix, column, dimension, options, workspace, rowWeights));
}

/** The rows packed end to end (compressed sparse rows): one pass over two arrays instead of thousands of small ones. */
interface RowMatrix {
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
}

function toRowMatrix(docs: readonly SparseVector[]): RowMatrix {
  const start = new Int32Array(docs.length + 1);
  docs.forEach((x, i) => (start[i + 1] = (start[i] as number) + x.index.length));
  const index = new Int32Array(start[docs.length] as number);
  const value = new Float64Array(index.length);
  docs.forEach((x, i) => {
    index.set(x.index, start[i]);
    value.set(x.value, start[i]);
  });
  return { start, index, value };
}

function trainBinary(matrix: RowMatrix, y: readonly number[], dimension: number, options: SparseOptions, workspace: Workspace, rowWeights?: readonly number[]): LinearModel {
  const rows = Int32Array.from({ length: matrix.start.length - 1 }, (_, i) => i).filter((i) => (y[i] as number) >= 0);
  const weightOf = (i: number) => rowWeights?.[i] ?? 1;
  const total = rows.reduce((sum, i) => sum + weightOf(i), 0) || 1;
  const share = Float64Array.from(rows, (i) => weightOf(i) / total);
  const label = Float64Array.from(rows, (i) => y[i] as number);
  const { start, index, value } = matrix;
  // Parameters: the weights, then the bias (unpenalised) in the last slot.
  const objective = (theta: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    const bias = theta[dimension] as number;
    let loss = 0;
    for (let r = 0; r < rows.length; r += 1) {
      const i = rows[r] as number;
      const from = start[i] as number;
      const to = start[i + 1] as number;
      let z = bias;
      for (let k = from; k < to; k += 1) z += (theta[index[k] as number] as number) * (value[k] as number);
      const w = share[r] as number;
      const t = label[r] as number;
      // One exponential serves the loss and the sigmoid: exp(−|z|) is exp(−z) or exp(z), whichever is at most 1.
      const e = Math.exp(-Math.abs(z));
      loss += w * (Math.max(z, 0) - z * t + Math.log1p(e));
      const error = w * ((z >= 0 ? 1 / (1 + e) : e / (1 + e)) - t);
      for (let k = from; k < to; k += 1) {
        const j = index[k] as number;
        gradient[j] = (gradient[j] as number) + error * (value[k] as number);
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
  const theta = minimise(objective, workspace, options.iterations);
  return { weights: theta.subarray(0, dimension), bias: theta[dimension] as number };
}

/** One L-BFGS correction pair, with the products the two-loop recursion needs kept rather than recomputed. */
interface Pair {
  readonly s: Float64Array;
  readonly y: Float64Array;
  /** s·y and y·y. */
  sy: number;
  yy: number;
}

const MEMORY = 10;

/**
 * L-BFGS's buffers, one set per `trainSparse` and reused by each column's run: allocating a dozen
 * arrays of every feature per run made the garbage collector a tenth of training.
 */
interface Workspace {
  readonly x: Float64Array;
  readonly g: Float64Array;
  readonly xNew: Float64Array;
  readonly gNew: Float64Array;
  readonly direction: Float64Array;
  /** Correction pairs allocated so far (at most MEMORY + 1). */
  readonly pairs: Pair[];
}

function toWorkspace(n: number): Workspace {
  return { x: new Float64Array(n), g: new Float64Array(n), xNew: new Float64Array(n), gNew: new Float64Array(n), direction: new Float64Array(n), pairs: [] };
}

/**
 * L-BFGS (10 pairs, backtracking Armijo line search) from zero; stops when the gradient is negligible.
 * Loops over the parameters are fused and buffers reused, but every sum runs in the same order as
 * the plain textbook version, so the optimum is the same to the last bit (the model file is compared
 * byte for byte).
 */
function minimise(f: (x: Float64Array, g: Float64Array) => number, workspace: Workspace, maxIterations: number): Float64Array {
  let { x, g, xNew, gNew } = workspace;
  const { direction } = workspace;
  const n = x.length;
  x.fill(0);
  let fx = f(x, g);
  const pairs: Pair[] = [];
  const free = [...workspace.pairs];
  const takePair = (): Pair => {
    const reused = free.pop();
    if (reused) return reused;
    const pair = { s: new Float64Array(n), y: new Float64Array(n), sy: 0, yy: 0 };
    workspace.pairs.push(pair);
    return pair;
  };
  let spare = takePair();
  let gg = dot(g, g);
  for (let it = 0; it < maxIterations && Math.sqrt(gg) > 1e-7; it += 1) {
    const slope = twoLoop(g, pairs, direction);
    let step = it === 0 ? 1 / Math.max(1, Math.sqrt(gg)) : 1;
    if (slope >= 0) break;
    let fNew = Infinity;
    for (let tries = 0; tries < 30; tries += 1) {
      for (let j = 0; j < n; j += 1) xNew[j] = (x[j] as number) + step * (direction[j] as number);
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNew < fx)) break;
    gg = difference(spare, x, xNew, g, gNew);
    if (spare.sy > 1e-12) {
      pairs.push(spare);
      spare = pairs.length > MEMORY ? (pairs.shift() as Pair) : takePair();
    }
    const improvement = fx - fNew;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    fx = fNew;
    if (improvement < 1e-12 * Math.max(1, Math.abs(fx))) break;
  }
  // The workspace is reused by the next run: the model keeps a copy.
  return x.slice();
}

/** pair ← (xNew − x, gNew − g) with s·y and y·y; returns gNew·gNew, all in one pass. */
function difference(pair: Pair, x: Float64Array, xNew: Float64Array, g: Float64Array, gNew: Float64Array): number {
  const { s, y } = pair;
  let sy = 0;
  let yy = 0;
  let gg = 0;
  for (let j = 0; j < s.length; j += 1) {
    const sj = (xNew[j] as number) - (x[j] as number);
    const gj = gNew[j] as number;
    const yj = gj - (g[j] as number);
    s[j] = sj;
    y[j] = yj;
    sy += sj * yj;
    yy += yj * yj;
    gg += gj * gj;
  }
  pair.sy = sy;
  pair.yy = yy;
  return gg;
}

/**
 * direction = −H·g, H the L-BFGS inverse-Hessian estimate; returns the slope g·direction. Each pass
 * over the parameters updates the direction and takes the dot product the next step needs.
 */
function twoLoop(g: Float64Array, pairs: readonly Pair[], out: Float64Array): number {
  const m = pairs.length;
  const n = out.length;
  out.set(g);
  if (m === 0) return negate(out, g);
  const alphas = new Float64Array(m);
  const newest = pairs[m - 1] as Pair;
  const scale = newest.sy / newest.yy;
  let next = dot(newest.s, out);
  for (let k = m - 1; k >= 0; k -= 1) {
    const { y, sy } = pairs[k] as Pair;
    const alpha = next / sy;
    alphas[k] = alpha;
    next = 0;
    if (k > 0) {
      const sBefore = (pairs[k - 1] as Pair).s;
      for (let j = 0; j < n; j += 1) {
        const v = (out[j] as number) - alpha * (y[j] as number);
        out[j] = v;
        next += (sBefore[j] as number) * v;
      }
    } else {
      // The last update of the first loop, the initial scaling and the first product of the second loop.
      for (let j = 0; j < n; j += 1) {
        const v = ((out[j] as number) - alpha * (y[j] as number)) * scale;
        out[j] = v;
        next += (y[j] as number) * v;
      }
    }
  }
  for (let k = 0; k < m; k += 1) {
    const { s, sy } = pairs[k] as Pair;
    const coefficient = (alphas[k] as number) - next / sy;
    next = 0;
    if (k === m - 1) return addNegate(out, s, coefficient, g);
    const yAfter = (pairs[k + 1] as Pair).y;
    for (let j = 0; j < n; j += 1) {
      const v = (out[j] as number) + (s[j] as number) * coefficient;
      out[j] = v;
      next += (yAfter[j] as number) * v;
    }
  }
  return 0;
}

/** out ← −(out + s·coefficient); returns g·out. */
function addNegate(out: Float64Array, s: Float64Array, coefficient: number, g: Float64Array): number {
  let slope = 0;
  for (let j = 0; j < out.length; j += 1) {
    const d = -((out[j] as number) + (s[j] as number) * coefficient);
    out[j] = d;
    slope += (g[j] as number) * d;
  }
  return slope;
}

/** out ← −out; returns g·out. */
function negate(out: Float64Array, g: Float64Array): number {
  let slope = 0;
  for (let j = 0; j < out.length; j += 1) {
    const d = -(out[j] as number);
    out[j] = d;
    slope += (g[j] as number) * d;
  }
  return slope;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j += 1) sum += (a[j] as number) * (b[j] as number);
  return sum;
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
