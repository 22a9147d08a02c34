/** @file Pooling: maxPool2d and avgPool2d as composites of unfold and a reduction over each window. */
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTensor } from "./apply.js";
import { reshape } from "./movement.js";
import { max, mean } from "./reduce.js";
import { geometry, pair, unfoldWith, windowAttrs, type Pair } from "./window.js";

/** Options of pooling: stride (default: the kernel size) and padding on each side (at most half the kernel). */
export interface PoolOptions {
  stride?: Pair;
  padding?: Pair;
}

/** Each window of every channel as a column: x [n, c, h, w] → [n·c, kh·kw, oh·ow], and the output shape. */
function windows(x: Tensor, kernelSize: Pair, opts: PoolOptions, op: string, padValue: number): [Tensor, number[]] {
  checkTensor(x, op);
  const k = pair(kernelSize, 1, "kernelSize", op, 1);
  const a = windowAttrs(k, { stride: opts.stride ?? k, padding: opts.padding }, op, padValue);
  if (a.padding[0] * 2 > k[0] || a.padding[1] * 2 > k[1]) {
    throw new ValueError(
      `${op}: padding ${a.padding.join("×")} must be at most half the kernel ${k.join("×")}, or some windows would see only padding.`,
    );
  }
  const g = geometry(x.shape, a, op);
  const cols = unfoldWith(reshape(x, [g.n * g.c, 1, g.h, g.w]), a);
  return [cols, [g.n, g.c, g.oh, g.ow]];
}

/**
 * 2-d max pooling over x [batch, channels, h, w]: the largest value of each kh×kw window (stride
 * defaults to the kernel size; padding reads −∞). Where a window holds several equal maxima the
 * gradient is split equally between them, like `max`.
 * @example
 * maxPool2d(tensor([[[[1, 2], [3, 4]]]]), 2).toArray(); // [[[[4]]]]
 */
export function maxPool2d(x: Tensor, kernelSize: Pair, opts: PoolOptions = {}): Tensor {
  const [cols, shape] = windows(x, kernelSize, opts, "maxPool2d", -Infinity);
  return reshape(max(cols, 1), shape);
}

/**
 * 2-d average pooling over x [batch, channels, h, w]: the mean of each kh×kw window (stride
 * defaults to the kernel size); zero padding counts towards the mean (PyTorch's count_include_pad).
 * @example
 * avgPool2d(tensor([[[[1, 2], [3, 4]]]]), 2).toArray(); // [[[[2.5]]]]
 */
export function avgPool2d(x: Tensor, kernelSize: Pair, opts: PoolOptions = {}): Tensor {
  const [cols, shape] = windows(x, kernelSize, opts, "avgPool2d", 0);
  return reshape(mean(cols, 1), shape);
}
