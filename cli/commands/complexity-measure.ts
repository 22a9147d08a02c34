/** @file The side note's experiment: ∂ℓ/∂W₁ by forward differences (d² + 1 forward passes) vs one backprop, timed. */
import { gradients, matmul, noGrad, tensor, type Tensor } from "../../src/index.js";
import { seedL, seedLInputs, type SeedLInputs } from "../../src/examples/worksheet.js";

/** One measured size. */
export interface ComplexityRow {
  d: number;
  /** Best CPU time of the forward-difference gradient, in milliseconds. */
  numericMs: number;
  /** Best CPU time of the backprop gradient (forward + backward), in milliseconds. */
  analyticMs: number;
  /** Forward passes the forward differences needed: one per entry of W₁, plus the unperturbed one. */
  forwardPasses: number;
  /** max over entries of |numeric − analytic| / max(|analytic|, 10⁻³·max|analytic|). */
  maxRelDiff: number;
}

/** How the forward passes of the differences are run. */
export interface MeasureOptions {
  /** Forward passes per batched forward (stacked copies of W₁, default autoBatch(d)); 1 = one pass at a time with seedL, W₁ perturbed in place. */
  batch?: number;
  /** Keep repeating a measurement until this much time was spent (best time is kept); default 300 ms. */
  minTimeMs?: number;
}

/**
 * The forward step h of the differences. The error of (ℓ(W + h) − ℓ(W))/h is about h·|ℓ''|/2 + ε·|ℓ|/h
 * (ε = 2.2e-16); ℓ here grows to ~50 at d = 128, so h = 1e-7 balances the two better than the
 * generic float64 default √ε ≈ 1e-8 (used by gradcheck for unit-scale functions).
 */
export const FORWARD_EPS = 1e-7;

/**
 * Seeded float64 inputs of ℓ of size d (Φ = tanh throughout).
 * @example
 * complexityInputs(8).W1.shape; // [8, 8]
 */
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
 * The default batch: about 2¹⁵ stacked values of W₁ per batched forward, so every size pays the same
 * small fraction of fixed per-op cost (B·d² constant) and the stack stays in cache.
 * @example
 * autoBatch(16); // 128
 */
export function autoBatch(d: number): number {
  return Math.max(1, Math.min(d * d, Math.round(32768 / (d * d))));
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
    // the same ℓ as seedL, for B stacked copies of W₁ (rows k·d … k·d + d − 1 are copy k):
    // x₁ = W₁x + b for every copy in one product, x₃ = x₂W₂ᵀ row by row, ℓ = ½ Σ (x₃ − y)² per copy
    const forward = (stack: Tensor, b: number): Tensor => {
      const x1 = matmul(stack, xc).reshape([b, d]).add(inp.b);
      return matmul(x1.tanh(), inp.W2, { transB: true }).sub(inp.y).square().sum(1).mul(0.5);
    };
    // B copies of W₁ made once per batch size; each pass perturbs one entry of its copy and puts it back
    const stacks = new Map<number, Tensor>();
    const stackOf = (b: number): Tensor => {
      let t = stacks.get(b);
      if (!t) {
        const data = new Float64Array(b * n);
        for (let k = 0; k < b; k++) data.set(W1, k * n);
        t = tensor(data, { shape: [b * d, d] });
        stacks.set(b, t);
      }
      return t;
    };
    for (let start = 0; start < n; start += batch) {
      const b = Math.min(batch, n - start);
      const stack = stackOf(b);
      const s = stack.data;
      for (let k = 0; k < b; k++) s[k * n + start + k] = W1[start + k]! + FORWARD_EPS;
      const losses = forward(stack, b).data;
      for (let k = 0; k < b; k++) {
        g[start + k] = (losses[k]! - l0) / (s[k * n + start + k]! - W1[start + k]!);
        s[k * n + start + k] = W1[start + k]!;
      }
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

/** CPU time of this process in ms (user + system): unlike wall time, not inflated when other programs share the cores. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Best CPU time of one call of `fn`, in ms: calls are grouped into batches of ≥ 2 ms (so the clock's
 * resolution does not matter for fast calls), and batches repeat until `minTimeMs` in total and at
 * least `minBatches` batches; the fastest batch's time per call is kept.
 * @example
 * bestTime(() => gradW1Backprop(inp), 100); // e.g. 0.02
 */
export function bestTime(fn: () => unknown, minTimeMs: number, minBatches = 3): number {
  let t0 = cpuMs();
  fn();
  const first = Math.max(cpuMs() - t0, 1e-3);
  const reps = Math.max(1, Math.ceil(2 / first));
  let best = reps === 1 ? first : Infinity;
  let total = first;
  for (let batch = 0; batch < minBatches || total < minTimeMs; batch++) {
    t0 = cpuMs();
    for (let i = 0; i < reps; i++) fn();
    const dt = cpuMs() - t0;
    best = Math.min(best, dt / reps);
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
  const batch = opts.batch ?? autoBatch(d);
  const minTimeMs = opts.minTimeMs ?? 300;
  const analytic = gradW1Backprop(inp);
  const numeric = gradW1ForwardDifferences(inp, batch);
  return {
    d,
    numericMs: bestTime(() => gradW1ForwardDifferences(inp, batch), minTimeMs, 2),
    analyticMs: bestTime(() => gradW1Backprop(inp), minTimeMs),
    forwardPasses: d * d + 1,
    maxRelDiff: maxRelDiff(analytic, numeric),
  };
}

/**
 * The sizes a slope is fitted over: those ≥ minD when at least two distinct ones are, else all of them.
 * @example
 * fitSizes([8, 16, 32]); // [16, 32]
 */
export function fitSizes(ds: readonly number[], minD = 16): number[] {
  const big = ds.filter((d) => d >= minD);
  return new Set(big).size >= 2 ? big : ds.slice();
}

/**
 * How a fit over `ds` is labelled: "over d ≥ 16", or the sizes themselves when fewer than two are ≥ minD
 * (then the slope is not the asymptotic one, and the label says so).
 * @example
 * fitLabel([1, 2]); // "over d = 1, 2 (fewer than two sizes d ≥ 16: not the asymptotic slope)"
 */
export function fitLabel(ds: readonly number[], minD = 16): string {
  const big = new Set(ds.filter((d) => d >= minD));
  return big.size >= 2 ? `over d ≥ ${minD}` : `over d = ${ds.join(", ")} (fewer than two sizes d ≥ ${minD}: not the asymptotic slope)`;
}

/**
 * Least-squares slope of log(ms) against log(d) over the rows with d ≥ minD (all rows if fewer than
 * two qualify); null with fewer than two distinct sizes.
 * @example
 * logLogSlope([{ d: 16, ms: 1 }, { d: 32, ms: 16 }]); // 4
 */
export function logLogSlope(points: readonly { d: number; ms: number }[], minD = 16): number | null {
  const sizes = new Set(
    fitSizes(
      points.map((p) => p.d),
      minD,
    ),
  );
  const use = points.filter((p) => sizes.has(p.d));
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
