/** @file The side note's experiment: ∂ℓ/∂W₁ by forward differences (d² + 1 forward passes) vs one backprop, timed. */
import { CHECK_DEFAULTS, gradients, matmul, noGrad, tensor, type Tensor } from "../../src/index.js";
import { seedL, seedLInputs, type SeedLInputs } from "../../src/examples/worksheet.js";

/** One measured size. */
export interface ComplexityRow {
  d: number;
  /** Best wall time of the forward-difference gradient, in milliseconds. */
  numericMs: number;
  /** Best wall time of the backprop gradient (forward + backward), in milliseconds. */
  analyticMs: number;
  /** Forward passes the forward differences needed: one per entry of W₁, plus the unperturbed one. */
  forwardPasses: number;
  /** max over entries of |numeric − analytic| / max(|analytic|, 10⁻³·max|analytic|). */
  maxRelDiff: number;
}

/** How the forward passes of the differences are run. */
export interface MeasureOptions {
  /** Perturbed copies of W₁ evaluated per batched forward; 1 (the default) = one pass at a time, W₁ perturbed in place. */
  batch?: number;
  /** Keep repeating a measurement until this much time was spent (best time is kept); default 300 ms. */
  minTimeMs?: number;
}

/** The forward step of the differences (float64's default forward eps, √ε_mach-sized). */
export const FORWARD_EPS = CHECK_DEFAULTS.float64.eps.forward;

/** Seeded float64 inputs of ℓ of size d (Φ = tanh throughout). */
export function complexityInputs(d: number): SeedLInputs {
  return seedLInputs(d, { seed: 0, dtype: "float64" });
}

/**
 * ∂ℓ/∂W₁ by reverse mode: one forward and one backward pass, O(d²).
 * @example
 * gradW1Backprop(complexityInputs(8)).length; // 64
 */
export function gradW1Backprop(inp: SeedLInputs): Float64Array {
  const W1 = tensor(inp.W1.data, { shape: inp.W1.shape, requiresGrad: true });
  const loss = seedL({ ...inp, W1 }, "tanh");
  return gradients(loss, [W1])[0]!.data as Float64Array;
}

/**
 * ∂ℓ/∂W₁ by forward differences, (ℓ(W₁ + h·Eᵢⱼ) − ℓ(W₁))/h for each of the d² entries: d² + 1
 * forward passes of O(d²) each, O(d⁴) in all. With batch = 1, W₁ is perturbed in place and the same
 * forward (seedL) re-run under noGrad. With batch B > 1, B perturbed copies of W₁ are stacked into
 * one [B, d, d] tensor and pushed through the forward at once (a batched matmul), so the fixed cost
 * per op is paid once per batch; each pass still does its full O(d²) work.
 * @example
 * gradW1ForwardDifferences(complexityInputs(8), 16).length; // 64
 */
export function gradW1ForwardDifferences(inp: SeedLInputs, batch: number): Float64Array {
  const d = inp.W1.shape[0]!;
  const n = d * d;
  const W1 = inp.W1.data as Float64Array;
  const g = new Float64Array(n);
  return noGrad(() => {
    const l0 = seedL(inp, "tanh").item();
    if (batch <= 1) {
      for (let j = 0; j < n; j++) {
        const w = W1[j]!;
        W1[j] = w + FORWARD_EPS;
        const h = W1[j]! - w;
        g[j] = (seedL(inp, "tanh").item() - l0) / h;
        W1[j] = w;
      }
      return g;
    }
    const xc = inp.x.reshape([d, 1]);
    const bc = inp.b.reshape([d, 1]);
    const yc = inp.y.reshape([d, 1]);
    // the same ℓ as seedL, for a stack of W₁'s: ½‖W₂ tanh(W₁x + b) − y‖² per stacked copy
    const forward = (Ws: Tensor): Tensor => matmul(inp.W2, matmul(Ws, xc).add(bc).tanh()).sub(yc).square().sum([1, 2]).mul(0.5);
    for (let start = 0; start < n; start += batch) {
      const b = Math.min(batch, n - start);
      const stack = new Float64Array(b * n);
      for (let k = 0; k < b; k++) {
        stack.set(W1, k * n);
        stack[k * n + start + k] = W1[start + k]! + FORWARD_EPS;
      }
      const losses = forward(tensor(stack, { shape: [b, d, d] })).data;
      for (let k = 0; k < b; k++) g[start + k] = (losses[k]! - l0) / (stack[k * n + start + k]! - W1[start + k]!);
    }
    return g;
  });
}

/**
 * The largest entrywise relative difference, each entry relative to max(|analytic|, 10⁻³·max|analytic|)
 * so that near-zero entries do not blow it up.
 * @example
 * maxRelDiff(new Float64Array([1, 2]), new Float64Array([1, 2.002])); // 0.001
 */
export function maxRelDiff(analytic: ArrayLike<number>, numeric: ArrayLike<number>): number {
  let amax = 0;
  for (let i = 0; i < analytic.length; i++) amax = Math.max(amax, Math.abs(analytic[i]!));
  const floor = Math.max(1e-3 * amax, Number.MIN_VALUE);
  let worst = 0;
  for (let i = 0; i < analytic.length; i++) {
    worst = Math.max(worst, Math.abs(numeric[i]! - analytic[i]!) / Math.max(Math.abs(analytic[i]!), floor));
  }
  return worst;
}

/** Best wall time of `fn` in ms over at least `minReps` runs and `minTimeMs` in total (the first run included). */
export function bestTime(fn: () => unknown, minTimeMs: number, minReps = 2): number {
  let best = Infinity;
  let total = 0;
  for (let reps = 0; reps < minReps || total < minTimeMs; reps++) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    best = Math.min(best, dt);
    total += dt;
  }
  return best;
}

/**
 * Measures one size: both gradients, their agreement, and their best times.
 * @example
 * measureSize(16, { minTimeMs: 50 }).forwardPasses; // 257
 */
export function measureSize(d: number, opts: MeasureOptions = {}): ComplexityRow {
  const inp = complexityInputs(d);
  const batch = opts.batch ?? 1;
  const minTimeMs = opts.minTimeMs ?? 300;
  const analytic = gradW1Backprop(inp);
  const numeric = gradW1ForwardDifferences(inp, batch);
  return {
    d,
    numericMs: bestTime(() => gradW1ForwardDifferences(inp, batch), minTimeMs),
    analyticMs: bestTime(() => gradW1Backprop(inp), minTimeMs, 5),
    forwardPasses: d * d + 1,
    maxRelDiff: maxRelDiff(analytic, numeric),
  };
}

/**
 * Least-squares slope of log(ms) against log(d) over the rows with d ≥ minD (all rows if fewer than
 * two qualify); null with fewer than two distinct sizes.
 * @example
 * logLogSlope([{ d: 16, ms: 1 }, { d: 32, ms: 16 }]); // 4
 */
export function logLogSlope(points: readonly { d: number; ms: number }[], minD = 16): number | null {
  const big = points.filter((p) => p.d >= minD);
  const use = big.length >= 2 ? big : points;
  const xs = use.map((p) => Math.log(p.d));
  const ys = use.map((p) => Math.log(Math.max(p.ms, 1e-9)));
  if (new Set(xs).size < 2) return null;
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
  });
  return sxy / sxx;
}
