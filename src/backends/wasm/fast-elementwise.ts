/**
 * @file Monomorphic JavaScript loops for the hot elementwise kernels (add/sub/mul/div, relu, exp, …)
 * with fast paths for same shape, scalar, row (last-axis) and column broadcasting. The reference
 * kernels call one shared closure per element, which V8 cannot inline; these loops are written out.
 */
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";
import { binaryKernels, unaryKernels } from "../js/elementwise.js";
import type { BinaryKernel, BinaryKernelName, UnaryKernel, UnaryKernelName } from "../kernels.js";

/**
 * How `b` broadcasts against `out` when `a` has the full output shape: "row" repeats `b` as a
 * block of the last axes ([T, d] against [B, T, d]), "column" repeats each of its values over the
 * last axis (one per row, cycling), "prefix" repeats each value over a block of trailing axes
 * ([B, T, 1] against [B, T, d]), "block" repeats each value over a block of trailing axes, the
 * whole cycling over leading axes ([C, 1, 1] against [N, C, H, W]: a bias per channel).
 */
export type Pattern = "same" | "scalar" | "row" | "column" | "prefix" | "block" | null;

/**
 * Classifies `small` (broadcast to `outShape`): a scalar, a row block over the last axes, a column
 * over the second-to-last, or a prefix block (its shape is outShape's leading axes then 1s).
 * @example
 * pattern(new Float32Array(3), [3], [2, 3], 6); // "row"
 * pattern(new Float32Array(6), [2, 3, 1], [2, 3, 4], 24); // "prefix"
 */
export function pattern(small: TypedArray, shape: Shape, outShape: Shape, n: number): Pattern {
  // a full-size operand that broadcasts can differ from outShape only by axes of size 1: same order
  if (small.length === n) return "same";
  if (small.length === 1) return "scalar";
  const nd = outShape.length;
  const off = nd - shape.length;
  // row: shape is 1s, then outShape's trailing axes
  let lead = 0;
  while (lead < shape.length && shape[lead] === 1) lead++;
  let row = true;
  for (let i = lead; i < shape.length && row; i++) row = shape[i] === outShape[off + i];
  if (row) return "row";
  // column: shape [..., r, 1] with r = outShape[nd-2] and all leading axes 1 (or absent)
  const last = outShape[nd - 1]!;
  if (
    nd >= 2 &&
    shape.length >= 2 &&
    shape[shape.length - 1] === 1 &&
    small.length === outShape[nd - 2] &&
    shape[shape.length - 2] === small.length
  ) {
    return "column";
  }
  // prefix: outShape's leading axes (none missing), then 1s; block: 1s, outShape's middle axes, then 1s
  if (shape.length === 0 || shape[shape.length - 1] !== 1 || last === 1) return null;
  let end = shape.length;
  while (end > 0 && shape[end - 1] === 1) end--;
  for (let i = lead; i < end; i++) if (shape[i] !== outShape[off + i]) return null;
  return off === 0 && lead === 0 ? "prefix" : "block";
}

/**
 * How many consecutive output elements each value of a "block" (or "prefix") operand covers: the
 * product of the trailing output axes where its shape has 1s.
 * @example
 * blockInner([3, 1, 1], [2, 3, 4, 5]); // 20
 */
export function blockInner(shape: Shape, outShape: Shape): number {
  let inner = 1;
  for (let i = shape.length - 1, o = outShape.length - 1; i >= 0 && shape[i] === 1; i--, o--) inner *= outShape[o]!;
  return inner;
}

/**
 * A binary kernel from four written-out loops: `vv` (same shape), `vs` (vector, scalar), `sv`
 * (scalar, vector) and `vr` (vector, row repeated every `len` elements); the rest falls back.
 */
function binary(
  name: BinaryKernelName,
  vv: (a: TypedArray, b: TypedArray, o: TypedArray, n: number) => void,
  vs: (a: TypedArray, s: number, o: TypedArray, n: number) => void,
  sv: (s: number, b: TypedArray, o: TypedArray, n: number) => void,
  vr: (a: TypedArray, r: TypedArray, o: TypedArray, n: number, len: number) => void,
  rv: (r: TypedArray, b: TypedArray, o: TypedArray, n: number, len: number) => void,
  vc: (a: TypedArray, c: TypedArray, o: TypedArray, rows: number, len: number) => void,
  cv: (c: TypedArray, b: TypedArray, o: TypedArray, rows: number, len: number) => void,
): BinaryKernel {
  const fallback = binaryKernels[name];
  return (a, aShape, b, bShape, out, outShape) => {
    const n = out.length;
    const last = outShape.length > 0 ? outShape[outShape.length - 1]! : 1;
    if (a.length === n) {
      switch (pattern(b, bShape, outShape, n)) {
        case "same":
          return vv(a, b, out, n);
        case "scalar":
          return vs(a, b[0]!, out, n);
        case "row":
          return vr(a, b, out, n, b.length);
        case "column":
          return vc(a, b, out, n / last, last);
        case "prefix":
          return vc(a, b, out, b.length, n / b.length);
        case "block": {
          const inner = blockInner(bShape, outShape);
          return vc(a, b, out, n / inner, inner);
        }
      }
    } else if (b.length === n) {
      switch (pattern(a, aShape, outShape, n)) {
        case "scalar":
          return sv(a[0]!, b, out, n);
        case "row":
          return rv(a, b, out, n, a.length);
        case "column":
          return cv(a, b, out, n / last, last);
        case "prefix":
          return cv(a, b, out, a.length, n / a.length);
        case "block": {
          const inner = blockInner(aShape, outShape);
          return cv(a, b, out, n / inner, inner);
        }
      }
    }
    fallback(a, aShape, b, bShape, out, outShape);
  };
}

// prettier-ignore
const add = binary(
  "add",
  (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! + b[i]!; },
  (a, s, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! + s; },
  (s, b, o, n) => { for (let i = 0; i < n; i++) o[i] = s + b[i]!; },
  (a, r, o, n, len) => { for (let i = 0; i < n; i += len) for (let j = 0; j < len; j++) o[i + j] = a[i + j]! + r[j]!; },
  (r, b, o, n, len) => { for (let i = 0; i < n; i += len) for (let j = 0; j < len; j++) o[i + j] = r[j]! + b[i + j]!; },
  (a, c, o, rows, len) => { for (let i = 0, p = 0; p < rows * len; i++) { const s = c[i % c.length]!; for (let j = 0; j < len; j++, p++) o[p] = a[p]! + s; } },
  (c, b, o, rows, len) => { for (let i = 0, p = 0; p < rows * len; i++) { const s = c[i % c.length]!; for (let j = 0; j < len; j++, p++) o[p] = s + b[p]!; } },
);
// prettier-ignore
const sub = binary(
  "sub",
  (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! - b[i]!; },
  (a, s, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! - s; },
  (s, b, o, n) => { for (let i = 0; i < n; i++) o[i] = s - b[i]!; },
  (a, r, o, n, len) => { for (let i = 0; i < n; i += len) for (let j = 0; j < len; j++) o[i + j] = a[i + j]! - r[j]!; },
  (r, b, o, n, len) => { for (let i = 0; i < n; i += len) for (let j = 0; j < len; j++) o[i + j] = r[j]! - b[i + j]!; },
  (a, c, o, rows, len) => { for (let i = 0, p = 0; p < rows * len; i++) { const s = c[i % c.length]!; for (let j = 0; j < len; j++, p++) o[p] = a[p]! - s; } },
  (c, b, o, rows, len) => { for (let i = 0, p = 0; p < rows * len; i++) { const s = c[i % c.length]!; for (let j = 0; j < len; j++, p++) o[p] = s - b[p]!; } },
);
// prettier-ignore
const mul = binary(
  "mul",
  (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! * b[i]!; },
  (a, s, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! * s; },
  (s, b, o, n) => { for (let i = 0; i < n; i++) o[i] = s * b[i]!; },
  (a, r, o, n, len) => { for (let i = 0; i < n; i += len) for (let j = 0; j < len; j++) o[i + j] = a[i + j]! * r[j]!; },
  (r, b, o, n, len) => { for (let i = 0; i < n; i += len) for (let j = 0; j < len; j++) o[i + j] = r[j]! * b[i + j]!; },
  (a, c, o, rows, len) => { for (let i = 0, p = 0; p < rows * len; i++) { const s = c[i % c.length]!; for (let j = 0; j < len; j++, p++) o[p] = a[p]! * s; } },
  (c, b, o, rows, len) => { for (let i = 0, p = 0; p < rows * len; i++) { const s = c[i % c.length]!; for (let j = 0; j < len; j++, p++) o[p] = s * b[p]!; } },
);
// prettier-ignore
const div = binary(
  "div",
  (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! / b[i]!; },
  (a, s, o, n) => { for (let i = 0; i < n; i++) o[i] = a[i]! / s; },
  (s, b, o, n) => { for (let i = 0; i < n; i++) o[i] = s / b[i]!; },
  (a, r, o, n, len) => { for (let i = 0; i < n; i += len) for (let j = 0; j < len; j++) o[i + j] = a[i + j]! / r[j]!; },
  (r, b, o, n, len) => { for (let i = 0; i < n; i += len) for (let j = 0; j < len; j++) o[i + j] = r[j]! / b[i + j]!; },
  (a, c, o, rows, len) => { for (let i = 0, p = 0; p < rows * len; i++) { const s = c[i % c.length]!; for (let j = 0; j < len; j++, p++) o[p] = a[p]! / s; } },
  (c, b, o, rows, len) => { for (let i = 0, p = 0; p < rows * len; i++) { const s = c[i % c.length]!; for (let j = 0; j < len; j++, p++) o[p] = s / b[p]!; } },
);

/** The binary table: written-out loops for the four arithmetic ops, the reference for the rest. */
export const fastBinaryKernels: { readonly [K in BinaryKernelName]: BinaryKernel } = { ...binaryKernels, add, sub, mul, div };

/** The unary table: written-out loops for the kernels training runs most, the reference for the rest. */
// prettier-ignore
export const fastUnaryKernels: { readonly [K in UnaryKernelName]: UnaryKernel } = {
  ...unaryKernels,
  neg: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = -x[i]!; },
  exp: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.exp(x[i]!); },
  log: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.log(x[i]!); },
  relu: (x, o) => { for (let i = 0; i < x.length; i++) { const v = x[i]!; o[i] = v > 0 || v !== v ? v : 0; } },
  step: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = x[i]! > 0 ? 1 : 0; },
  square: (x, o) => { for (let i = 0; i < x.length; i++) { const v = x[i]!; o[i] = v * v; } },
  tanh: (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.tanh(x[i]!); },
  sigmoid: (x, o) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v >= 0) o[i] = 1 / (1 + Math.exp(-v));
      else { const e = Math.exp(v); o[i] = e / (1 + e); }
    }
  },
};
