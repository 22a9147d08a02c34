/** @file Reference data-movement kernels: transpose, expand, where, slice and its adjoint. */
import type { TypedArray } from "../../tensor/dtype.js";
import { stridesOf, type Shape } from "../../tensor/shape.js";
import { broadcastStrides } from "./elementwise.js";

/** Visits every index of `shape` in row-major order, giving the flat offset computed with `strides`. */
function walk(shape: Shape, strides: readonly number[], base: number, visit: (i: number, src: number) => void): void {
  const nd = shape.length;
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  const idx = new Array<number>(nd).fill(0);
  let src = base;
  for (let i = 0; i < total; i++) {
    visit(i, src);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      src += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      src -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/**
 * Copies `x` with axes permuted: output axis i is input axis perm[i]. Axes of size 1 are dropped and
 * output-neighbouring axes that are neighbours in the input too are merged, so the innermost loop
 * runs as long as it can ([B, n, H, d] → [B, H, n, d] copies runs of d).
 */
export function transposeJs(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void {
  const inStrides = stridesOf(shape);
  const dims: number[] = [];
  const strides: number[] = [];
  for (const p of perm) {
    const n = shape[p]!;
    if (n === 1) continue;
    const k = dims.length - 1;
    if (k >= 0 && strides[k] === inStrides[p]! * n) {
      dims[k]! *= n;
      strides[k] = inStrides[p]!;
    } else {
      dims.push(n);
      strides.push(inStrides[p]!);
    }
  }
  if (out.length === 0) return;
  if (dims.length <= 1 && (strides[0] ?? 1) === 1) {
    out.set(x.subarray(0, out.length));
    return;
  }
  if (dims.length === 2 && strides[1] === dims[0] && strides[0] === 1) {
    const [r, c] = dims as [number, number];
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = x[j * r + i]!;
    return;
  }
  const nd = dims.length;
  const last = dims[nd - 1]!;
  const step = strides[nd - 1]!;
  const idx = new Array<number>(nd).fill(0);
  let src = 0;
  for (let o = 0; o < out.length; o += last) {
    if (step === 1) for (let j = 0; j < last; j++) out[o + j] = x[src + j]!;
    else for (let j = 0, s = src; j < last; j++, s += step) out[o + j] = x[s]!;
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      src += strides[d]!;
      if (idx[d]! < dims[d]!) break;
      src -= strides[d]! * dims[d]!;
      idx[d] = 0;
    }
  }
}

/** Copies `x` broadcast from `shape` to `outShape`. */
export function expandJs(x: TypedArray, shape: Shape, out: TypedArray, outShape: Shape): void {
  if (x.length === 1) {
    out.fill(x[0]!);
    return;
  }
  // x (padded with leading 1s) differs from outShape only in its leading axes (a block repeated)
  // or only in its trailing axes, where it has 1s (each element repeated): runs of set/fill
  const lead = outShape.length - shape.length;
  const same = (d: number): boolean => (d < lead ? 1 : shape[d - lead]!) === outShape[d];
  let first = 0;
  while (first < outShape.length && !same(first)) first++;
  let rest = first;
  while (rest < outShape.length && same(rest)) rest++;
  if (rest === outShape.length && x.length > 0) {
    for (let o = 0; o < out.length; o += x.length) out.set(x, o);
    return;
  }
  if (first === 0 && x.length > 0) {
    let trailingOnes = true;
    for (let d = rest; d < outShape.length; d++) trailingOnes &&= d < lead || shape[d - lead] === 1;
    if (trailingOnes) {
      const inner = out.length / x.length;
      for (let i = 0; i < x.length; i++) out.fill(x[i]!, i * inner, (i + 1) * inner);
      return;
    }
  }
  walk(outShape, broadcastStrides(shape, outShape), 0, (i, src) => (out[i] = x[src]!));
}

/** `out = cond != 0 ? a : b` with broadcasting. */
export function whereJs(
  cond: TypedArray,
  cShape: Shape,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  out: TypedArray,
  outShape: Shape,
): void {
  const cs = broadcastStrides(cShape, outShape);
  const as = broadcastStrides(aShape, outShape);
  const bs = broadcastStrides(bShape, outShape);
  const nd = outShape.length;
  const idx = new Array<number>(nd).fill(0);
  let ic = 0;
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = cond[ic] !== 0 ? a[ia]! : b[ib]!;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      ic += cs[d]!;
      ia += as[d]!;
      ib += bs[d]!;
      if (idx[d]! < outShape[d]!) break;
      ic -= cs[d]! * outShape[d]!;
      ia -= as[d]! * outShape[d]!;
      ib -= bs[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
}

function windowStrides(shape: Shape, steps: readonly number[]): { strides: number[]; base: (starts: readonly number[]) => number } {
  const s = stridesOf(shape);
  return {
    strides: s.map((v, i) => v * steps[i]!),
    base: (starts) => starts.reduce((acc, st, i) => acc + st * s[i]!, 0),
  };
}

/** `out[i] = x[start + i*step]` on each axis; `outShape` is the window's shape. */
export function sliceJs(
  x: TypedArray,
  shape: Shape,
  starts: readonly number[],
  steps: readonly number[],
  out: TypedArray,
  outShape: Shape,
): void {
  const w = windowStrides(shape, steps);
  walk(outShape, w.strides, w.base(starts), (i, src) => (out[i] = x[src]!));
}

/** The adjoint of `sliceJs`: `out` (shape `outShape`, zero-filled by the caller) receives `x` (the window) at the window's places. */
export function scatterSliceJs(
  x: TypedArray,
  shape: Shape,
  starts: readonly number[],
  steps: readonly number[],
  out: TypedArray,
  outShape: Shape,
): void {
  const w = windowStrides(outShape, steps);
  walk(shape, w.strides, w.base(starts), (i, dst) => (out[dst] = x[i]!));
}
