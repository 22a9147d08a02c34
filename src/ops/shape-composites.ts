/** @file Shape helpers composed from reshape and concat: squeeze, unsqueeze, flatten, stack. */
import { ShapeError } from "../errors.js";
import { normalizeAxes, normalizeAxis } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkAnyTensor, checkTensor } from "./apply.js";
import { reshape } from "./movement.js";
import { concat } from "./slice-concat.js";

/**
 * Removes axes of size 1 (all of them, or the given ones).
 * @example
 * squeeze(zeros([1, 3, 1])).shape; // [3]
 */
export function squeeze(x: Tensor, axis?: number | number[]): Tensor {
  checkAnyTensor(x, "squeeze");
  const axes = axis === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(axis, x.ndim, "squeeze");
  for (const a of axes) {
    if (x.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${x.describe()} has size ${x.shape[a]}, not 1.`);
  }
  return reshape(
    x,
    x.shape.filter((_, i) => !axes.includes(i)),
  );
}

/**
 * Inserts an axis of size 1 at `axis` (negative counts from the end of the result).
 * @example
 * unsqueeze(zeros([3]), 0).shape; // [1, 3]
 */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  checkAnyTensor(x, "unsqueeze");
  const a = normalizeAxis(axis, x.ndim + 1, "unsqueeze");
  const shape = x.shape.slice();
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/**
 * Flattens to one axis.
 * @example
 * flatten(zeros([2, 3])).shape; // [6]
 */
export function flatten(x: Tensor): Tensor {
  return reshape(checkAnyTensor(x, "flatten"), [x.size]);
}

/**
 * Stacks same-shaped tensors along a new axis.
 * @example
 * stack([tensor([1, 2]), tensor([3, 4])], 0).toArray(); // [[1, 2], [3, 4]]
 */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError("stack: needs at least one tensor.");
  const nd = checkTensor(tensors[0], "stack").ndim;
  // the new axis is an axis of the result, which has nd + 1 of them
  if (!Number.isInteger(axis) || axis < -(nd + 1) || axis > nd) {
    throw new ShapeError(
      `stack: axis ${axis} is out of range for ${nd}-d tensors (the result has ${nd + 1} dimensions); use an integer in [${-(nd + 1)}, ${nd}].`,
    );
  }
  const ax = axis < 0 ? axis + nd + 1 : axis;
  return concat(
    tensors.map((t) => unsqueeze(t, ax)),
    ax,
  );
}
