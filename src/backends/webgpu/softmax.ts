/** @file WGSL log-softmax along an axis, its vector–Jacobian product, and per-row softmax cross-entropy losses (one thread per row). */
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";
import { groupsFor } from "./elementwise.js";
import { bufferOf, dispatch, outputOf, words } from "./runner.js";
import { MAIN, MATH } from "./wgsl.js";

/** WGSL: the row's base and stride from P (rows, len, inner), and its shift (max; 0 when ±∞; NaN when it holds a NaN). */
const ROW = `
  if (i >= P[0]) { return; }
  let len = P[1];
  let inner = P[2];
  let base = (i / inner) * len * inner + i % inner;
  var m = -inf();
  var bad = false;
  for (var c = 0u; c < len; c++) {
    let v = X[base + c * inner];
    if (isnan(v)) { bad = true; }
    m = max(m, v);
  }
  if (abs(m) > 3.4e38) { m = 0.0; }
  if (bad) { m = nan(); }`;

const logSoftmaxCode = `${MATH}
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
${MAIN}
${ROW}
  var s = 0.0;
  for (var c = 0u; c < len; c++) { s += exp(X[base + c * inner] - m); }
  let lse = log(s);
  for (var c = 0u; c < len; c++) { let p = base + c * inner; Y[p] = X[p] - m - lse; }
}`;

const logSoftmaxGradCode = `${MATH}
@group(0) @binding(0) var<storage, read> G: array<f32>;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
@group(0) @binding(3) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  let len = P[1];
  let inner = P[2];
  let base = (i / inner) * len * inner + i % inner;
  var s = 0.0;
  for (var c = 0u; c < len; c++) { s += G[base + c * inner]; }
  for (var c = 0u; c < len; c++) { let p = base + c * inner; Y[p] = G[p] - exp(X[p]) * s; }
}`;

const crossEntropyCode = `${MATH}
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read> Q: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
@group(0) @binding(3) var<storage, read> P: array<u32>;
${MAIN}
${ROW}
  var s = 0.0;
  for (var c = 0u; c < len; c++) { s += exp(X[base + c] - m); }
  let lse = log(s);
  var loss = 0.0;
  for (var c = 0u; c < len; c++) {
    let w = Q[base + c];
    if (w != 0.0) { loss += w * (lse - (X[base + c] - m)); }
  }
  Y[i] = select(loss, nan(), isnan(lse));
}`;

/** rows (outer·inner), len and inner of `axis` in `shape`. */
function rows(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer * inner, shape[axis] ?? 1, inner];
}

/** log-softmax of `x` along `axis` into `out`. */
export function webgpuLogSoftmax(x: TypedArray, shape: Shape, axis: number, out: TypedArray): void {
  const r = rows(shape, axis);
  dispatch(logSoftmaxCode, [bufferOf(x, "logSoftmax").buffer, outputOf(out, "logSoftmax").buffer], words(r), groupsFor(r[0]));
}

/** Its vector–Jacobian product from the output y: `out = g − exp(y)·Σ g` along `axis`. */
export function webgpuLogSoftmaxGrad(g: TypedArray, y: TypedArray, shape: Shape, axis: number, out: TypedArray): void {
  const r = rows(shape, axis);
  const bufs = [bufferOf(g, "logSoftmax").buffer, bufferOf(y, "logSoftmax").buffer, outputOf(out, "logSoftmax").buffer];
  dispatch(logSoftmaxGradCode, bufs, words(r), groupsFor(r[0]));
}

/** Per-row losses Σ_c q_c (lse − z_c) of `rows` rows of `len` logits into `out` (float32, on the GPU): the kernel table's `softmaxCrossEntropyRows`. */
export function webgpuCrossEntropyRows(z: TypedArray, q: TypedArray, nRows: number, len: number, out: TypedArray): void {
  const bufs = [bufferOf(z, "crossEntropy").buffer, bufferOf(q, "crossEntropy").buffer, outputOf(out, "crossEntropy").buffer];
  dispatch(crossEntropyCode, bufs, words([nRows, len, 1]), groupsFor(nRows));
}
