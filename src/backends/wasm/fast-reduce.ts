/** @file Written-out reduction loops (sum, max, min) for contiguous axis runs; other axis sets use the reference. */
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";
import { contiguousSplit as split, reduceKernels } from "../js/reduce.js";
import type { ReduceKernel, ReduceKernelName } from "../kernels.js";

function sum(x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray): void {
  const s = split(shape, axes);
  if (!s) return reduceKernels.sum(x, shape, axes, out);
  const [outer, red, inner] = s;
  if (inner === 1) {
    // rows: one running sum each, in the reference's order
    for (let o = 0; o < outer; o++) {
      const base = o * red;
      let acc = 0;
      for (let r = 0; r < red; r++) acc += x[base + r]!;
      out[o] = acc;
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    const base = o * red * inner;
    for (let i = 0; i < inner; i++) out[ob + i] = x[base + i]!;
    for (let r = 1; r < red; r++) {
      const rb = base + r * inner;
      for (let i = 0; i < inner; i++) out[ob + i] = out[ob + i]! + x[rb + i]!;
    }
    if (red === 0) for (let i = 0; i < inner; i++) out[ob + i] = 0;
  }
}

/** max (sign = 1) or min (sign = -1) with NaN propagating, like the reference. */
function extreme(name: "max" | "min"): ReduceKernel {
  const isMax = name === "max";
  return (x, shape, axes, out) => {
    const s = split(shape, axes);
    if (!s || s[1] === 0) return reduceKernels[name](x, shape, axes, out);
    const [outer, red, inner] = s;
    for (let o = 0; o < outer; o++) {
      const ob = o * inner;
      const base = o * red * inner;
      for (let i = 0; i < inner; i++) {
        let acc = x[base + i]!;
        for (let r = 1; r < red && acc === acc; r++) {
          const v = x[base + r * inner + i]!;
          if (isMax ? v > acc : v < acc) acc = v;
          else if (v !== v) acc = v;
        }
        out[ob + i] = acc;
      }
    }
  };
}

/** The reduction table of the wasm backend. */
export const fastReduceKernels: { readonly [K in ReduceKernelName]: ReduceKernel } = {
  sum,
  max: extreme("max"),
  min: extreme("min"),
};
