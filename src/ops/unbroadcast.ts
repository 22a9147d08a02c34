/** @file The one place where broadcasting is undone: a gradient is summed back to its input's shape. */
import { sameShape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { reshape } from "./movement.js";
import { sum } from "./reduce.js";

/**
 * Sums `g` over the axes that broadcasting added or stretched, so it has `shape` again
 * (the multivariable chain rule: a value used at many positions collects all their gradients).
 * @example
 * sumToShape(ones([3, 4]), [1, 4]).toArray(); // [[3, 3, 3, 3]]
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length ? sum(g, axes, true) : g;
  return reshape(summed, shape);
}
