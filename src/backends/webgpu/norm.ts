/** @file WGSL layer normalisation of contiguous rows and its vector–Jacobian product (one thread per row). */
import type { TypedArray } from "../../tensor/dtype.js";
import { groupsFor } from "./elementwise.js";
import { bufferOf, dispatch, f32, outputOf, words } from "./runner.js";
import { MAIN, MATH } from "./wgsl.js";

/** WGSL: the row's base from P (rows, n, ε), its mean mu and r = 1/√(σ² + ε) (biased variance, two passes). */
const STATS = `
  if (i >= P[0]) { return; }
  let n = P[1];
  let eps = bitcast<f32>(P[2]);
  let base = i * n;
  var s = 0.0;
  for (var k = 0u; k < n; k++) { s += X[base + k]; }
  let mu = s / f32(n);
  var v = 0.0;
  for (var k = 0u; k < n; k++) { let c = X[base + k] - mu; v += c * c; }
  let r = 1.0 / sqrt(v / f32(n) + eps);`;

// y = (x − μ)·r
const layerNormCode = `${MATH}
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
${MAIN}
${STATS}
  for (var k = 0u; k < n; k++) { Y[base + k] = (X[base + k] - mu) * r; }
}`;

// ∂L/∂x = r·(g − mean(g) − y·mean(g·y)), y recomputed from x
const layerNormGradCode = `${MATH}
@group(0) @binding(0) var<storage, read> G: array<f32>;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
@group(0) @binding(3) var<storage, read> P: array<u32>;
${MAIN}
${STATS}
  var sg = 0.0;
  var sgy = 0.0;
  for (var k = 0u; k < n; k++) { let g = G[base + k]; sg += g; sgy += g * (X[base + k] - mu) * r; }
  let mg = sg / f32(n);
  let mgy = sgy / f32(n);
  for (var k = 0u; k < n; k++) { Y[base + k] = r * (G[base + k] - mg - (X[base + k] - mu) * r * mgy); }
}`;

/**
 * Layer normalisation of `rows` contiguous rows of `n` into `out` (the kernel table's `layerNorm`).
 * @example
 * webgpuLayerNorm(x, 2, 64, 1e-5, out);
 */
export function webgpuLayerNorm(x: TypedArray, rows: number, n: number, eps: number, out: TypedArray): void {
  dispatch(
    layerNormCode,
    [bufferOf(x, "layerNorm").buffer, outputOf(out, "layerNorm").buffer],
    words([rows, n, f32(eps)]),
    groupsFor(rows),
  );
}

/**
 * Its vector–Jacobian product at x into `out` (the kernel table's `layerNormGrad`).
 * @example
 * webgpuLayerNormGrad(g, x, 2, 64, 1e-5, out);
 */
export function webgpuLayerNormGrad(g: TypedArray, x: TypedArray, rows: number, n: number, eps: number, out: TypedArray): void {
  const bufs = [bufferOf(g, "layerNorm").buffer, bufferOf(x, "layerNorm").buffer, outputOf(out, "layerNorm").buffer];
  dispatch(layerNormGradCode, bufs, words([rows, n, f32(eps)]), groupsFor(rows));
}
