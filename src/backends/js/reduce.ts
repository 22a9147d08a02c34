/** @file Reference reduction kernels along any set of axes. */
import type { ReduceKernel, ReduceKernelName } from "../kernels.js";
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";

/**
 * Splits `shape` around `axes` into (outer, reduced, inner) runs when the axes are contiguous,
 * which lets the common cases (sum over the last axis, over the first, over all) run as flat loops.
 * @example
 * contiguousSplit([2, 3, 4], [1]); // [2, 3, 4]
 */
export function contiguousSplit(shape: Shape, axes: readonly number[]): [number, number, number] | null {
  for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1]! + 1) return null;
  let outer = 1;
  let red = 1;
  let inner = 1;
  const first = axes[0] ?? shape.length;
  const last = axes[axes.length - 1] ?? shape.length - 1;
  for (let i = 0; i < shape.length; i++) {
    if (i < first) outer *= shape[i]!;
    else if (i <= last) red *= shape[i]!;
    else inner *= shape[i]!;
  }
  return [outer, red, inner];
}

function makeReduce(init: number, combine: (acc: number, x: number) => number): ReduceKernel {
  return (x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray) => {
    out.fill(init);
    const split = contiguousSplit(shape, axes);
    if (split) {
      const [outer, red, inner] = split;
      for (let o = 0; o < outer; o++) {
        const base = o * red * inner;
        const ob = o * inner;
        for (let r = 0; r < red; r++) {
          const rb = base + r * inner;
          for (let i = 0; i < inner; i++) out[ob + i] = combine(out[ob + i]!, x[rb + i]!);
        }
      }
      return;
    }
    // General case: walk every input element, tracking its output index.
    const nd = shape.length;
    const reduced = new Array<boolean>(nd).fill(false);
    for (const a of axes) reduced[a] = true;
    const outStrides = new Array<number>(nd).fill(0);
    let s = 1;
    for (let d = nd - 1; d >= 0; d--) {
      if (!reduced[d]) {
        outStrides[d] = s;
        s *= shape[d]!;
      }
    }
    const idx = new Array<number>(nd).fill(0);
    let o = 0;
    for (let i = 0; i < x.length; i++) {
      out[o] = combine(out[o]!, x[i]!);
      for (let d = nd - 1; d >= 0; d--) {
        idx[d]!++;
        o += outStrides[d]!;
        if (idx[d]! < shape[d]!) break;
        o -= outStrides[d]! * shape[d]!;
        idx[d] = 0;
      }
    }
  };
}

/** The reduction kernel table. NaN propagates through max and min. */
export const reduceKernels: { readonly [K in ReduceKernelName]: ReduceKernel } = {
  sum: makeReduce(0, (acc, x) => acc + x),
  max: makeReduce(-Infinity, (acc, x) => (x > acc || Number.isNaN(x) ? x : acc)),
  min: makeReduce(Infinity, (acc, x) => (x < acc || Number.isNaN(x) ? x : acc)),
};
