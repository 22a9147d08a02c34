/** @file Reference layer normalisation of contiguous rows and its vector–Jacobian product, one pass per row in float64. */
import type { TypedArray } from "../../tensor/dtype.js";

/** The mean and 1/√(var + ε) of `x[base : base + n]` (biased variance, two passes, float64). */
function rowStats(x: TypedArray, base: number, n: number, eps: number): [number, number] {
  let s = 0;
  for (let k = 0; k < n; k++) s += x[base + k]!;
  const mu = s / n;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = x[base + k]! - mu;
    v += c * c;
  }
  return [mu, 1 / Math.sqrt(v / n + eps)];
}

/**
 * out = (x − μ)/√(σ² + ε) per row of `n` contiguous elements (μ and σ² the row's mean and biased variance).
 * @example
 * layerNormJs(Float64Array.of(1, 2, 3), 1, 3, 0, out); // out ≈ [-1.2247, 0, 1.2247]
 */
export function layerNormJs(x: TypedArray, rows: number, n: number, eps: number, out: TypedArray): void {
  for (let r = 0, base = 0; r < rows; r++, base += n) {
    const [mu, rstd] = rowStats(x, base, n, eps);
    for (let k = 0; k < n; k++) out[base + k] = (x[base + k]! - mu) * rstd;
  }
}

/**
 * The vector–Jacobian product of layerNormJs at x: with y = (x − μ)·r and r = 1/√(σ² + ε) recomputed
 * per row, out = r·(g − mean(g) − y·mean(g·y)) (∂yᵢ/∂xⱼ = r·(δᵢⱼ − 1/n − yᵢyⱼ/n)).
 * @example
 * layerNormGradJs(Float64Array.of(1, 0, 0), Float64Array.of(1, 2, 3), 1, 3, 0, out);
 */
export function layerNormGradJs(g: TypedArray, x: TypedArray, rows: number, n: number, eps: number, out: TypedArray): void {
  for (let r = 0, base = 0; r < rows; r++, base += n) {
    const [mu, rstd] = rowStats(x, base, n, eps);
    let sg = 0;
    let sgy = 0;
    for (let k = 0; k < n; k++) {
      const gk = g[base + k]!;
      sg += gk;
      sgy += gk * (x[base + k]! - mu) * rstd;
    }
    const mg = sg / n;
    const mgy = sgy / n;
    for (let k = 0; k < n; k++) out[base + k] = rstd * (g[base + k]! - mg - (x[base + k]! - mu) * rstd * mgy);
  }
}
