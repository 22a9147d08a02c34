/** @file WGSL data movement: transpose, expand and slice as one strided gather, and the slice's adjoint as a strided scatter. */
import type { TypedArray } from "../../tensor/dtype.js";
import { stridesOf, type Shape } from "../../tensor/shape.js";
import { broadcastStrides } from "../js/elementwise.js";
import { groupsFor } from "./elementwise.js";
import { bufferOf, dispatch, outputOf, words } from "./runner.js";
import { MAIN } from "./wgsl.js";

/** P: n, nd, base, the nd sizes of the walked shape, its nd strides into the other array. */
function shader(body: string): string {
  return `@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  let nd = P[1];
  var off = P[2];
  var rem = i;
  for (var j = 0u; j < nd; j++) {
    let d = nd - 1u - j;
    off += (rem % P[3u + d]) * P[3u + nd + d];
    rem = rem / P[3u + d];
  }
  ${body}
}`;
}

const gatherCode = shader("Y[i] = X[off];");
const scatterCode = shader("Y[off] = X[i];");

function gather(op: string, x: TypedArray, out: TypedArray, walk: Shape, strides: readonly number[], base: number): void {
  const n = out.length;
  dispatch(
    gatherCode,
    [bufferOf(x, op).buffer, outputOf(out, op).buffer],
    words([n, walk.length, base, ...walk, ...strides]),
    groupsFor(n),
  );
}

/** Copies `x` with axes permuted by `perm` into `out`. */
export function webgpuTranspose(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void {
  const s = stridesOf(shape);
  gather(
    "transpose",
    x,
    out,
    perm.map((p) => shape[p]!),
    perm.map((p) => s[p]!),
    0,
  );
}

/** Copies `x` broadcast from `shape` to `outShape`. */
export function webgpuExpand(x: TypedArray, shape: Shape, out: TypedArray, outShape: Shape): void {
  gather("expand", x, out, outShape, broadcastStrides(shape, outShape), 0);
}

/** The strides of a window with `steps` over `shape`, and the offset of its first element. */
function window(shape: Shape, starts: readonly number[], steps: readonly number[]): { strides: number[]; base: number } {
  const s = stridesOf(shape);
  return { strides: s.map((v, i) => v * steps[i]!), base: starts.reduce((acc, st, i) => acc + st * s[i]!, 0) };
}

/** `out[i] = x[start + i·step]` per axis; `outShape` is the window's shape. */
export function webgpuSlice(
  x: TypedArray,
  shape: Shape,
  starts: readonly number[],
  steps: readonly number[],
  out: TypedArray,
  outShape: Shape,
): void {
  const w = window(shape, starts, steps);
  gather("slice", x, out, outShape, w.strides, w.base);
}

/** The adjoint of slice: writes `x` (the window) into `out` at the window's places; other entries keep their values (the caller's zeros). */
export function webgpuScatterSlice(
  x: TypedArray,
  shape: Shape,
  starts: readonly number[],
  steps: readonly number[],
  out: TypedArray,
  outShape: Shape,
): void {
  const w = window(outShape, starts, steps);
  const n = x.length;
  // out's current values (the caller's zeros, or earlier pieces of a concat) are uploaded if they are only on the host
  bufferOf(out, "pad");
  dispatch(
    scatterCode,
    [bufferOf(x, "pad").buffer, outputOf(out, "pad").buffer],
    words([n, shape.length, w.base, ...shape, ...w.strides]),
    groupsFor(n),
  );
}
