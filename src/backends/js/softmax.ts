/** @file Reference log-softmax along one axis and its vector–Jacobian product, each one pass per row in float64. */
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";

/** The row structure of `axis` in `shape`: rows (outer·inner), their length, and the stride between their elements. */
function rowsOf(shape: Shape, axis: number): { outer: number; len: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  // a 0-d tensor is one row of one element
  return { outer, len: shape[axis] ?? 1, inner };
}

/**
 * What a row of `len` values from `base` (every `stride`-th) is shifted by before exponentiating:
 * its max, 0 where that max is ±∞ (so an all −∞ row gives NaN and a +∞ entry does not turn its row
 * into NaN − NaN), NaN if it holds a NaN.
 * @example
 * rowShift(Float64Array.of(3, 1), 0, 2, 1); // 3
 */
export function rowShift(x: TypedArray, base: number, len: number, stride: number): number {
  let m = -Infinity;
  for (let k = 0, p = base; k < len; k++, p += stride) {
    const v = x[p]!;
    if (v !== v) return NaN;
    if (v > m) m = v;
  }
  return m === Infinity || m === -Infinity ? 0 : m;
}

/**
 * out = x − m − log Σ exp(x − m) along `axis`, with m the row's shift (`rowShift`); a NaN makes its
 * row NaN. Accumulates in float64 and rounds once per element.
 * @example
 * logSoftmaxJs(Float64Array.of(1000, 0), [2], 0, out); // out = [0, -1000]
 */
export function logSoftmaxJs(x: TypedArray, shape: Shape, axis: number, out: TypedArray): void {
  const { outer, len, inner } = rowsOf(shape, axis);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      const shift = rowShift(x, base, len, inner);
      let s = 0;
      for (let k = 0, p = base; k < len; k++, p += inner) s += Math.exp(x[p]! - shift);
      const lse = Math.log(s);
      for (let k = 0, p = base; k < len; k++, p += inner) out[p] = x[p]! - shift - lse;
    }
  }
}

/**
 * The vector–Jacobian product of log-softmax from its output y: out = g − exp(y)·Σ g along `axis`
 * (∂yᵢ/∂xⱼ = δᵢⱼ − softmax(x)ⱼ).
 * @example
 * logSoftmaxGradJs(Float64Array.of(1, 0), Float64Array.of(Math.log(0.5), Math.log(0.5)), [2], 0, out); // [0.5, -0.5]
 */
export function logSoftmaxGradJs(g: TypedArray, y: TypedArray, shape: Shape, axis: number, out: TypedArray): void {
  const { outer, len, inner } = rowsOf(shape, axis);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let s = 0;
      for (let k = 0, p = base; k < len; k++, p += inner) s += g[p]!;
      for (let k = 0, p = base; k < len; k++, p += inner) out[p] = g[p]! - Math.exp(y[p]!) * s;
    }
  }
}
