/** @file Reductions along axes (sum, max, min) with their rules, and the composites mean and logsumexp. */
import { backend } from "../backends/registry.js";
import type { ReduceKernelName } from "../backends/kernels.js";
import { ShapeError } from "../errors.js";
import { allocate } from "../tensor/dtype.js";
import { normalizeAxes, sizeOf } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTensor, result } from "./apply.js";
import { add, div, mul, sub } from "./binary.js";
import { where } from "./where.js";
import { eq } from "./compare.js";
import { expand, reshape } from "./movement.js";
import type { Rule } from "./rule.js";
import { abs, exp, log } from "./unary.js";
import { detachValue } from "./detach.js";

/** An axis argument: one axis, several, or undefined for all. Negative axes count from the end. */
export type Axis = number | readonly number[] | undefined;

function keptShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!axes.includes(i)) out.push(shape[i]!);
    else if (keepdims) out.push(1);
  }
  return out;
}

/** max and min have no identity: reducing an empty axis is an error, as in NumPy. */
function checkNonEmpty(op: string, x: Tensor, axes: readonly number[]): void {
  const empty = axes.find((a) => x.shape[a] === 0);
  if (empty === undefined) return;
  throw new ShapeError(
    `${op}: zero-size array to reduction operation ${op} which has no identity: axis ${empty} of ${x.describe()} is empty. Check the size first (x.size > 0), or reduce over a non-empty axis.`,
  );
}

function reduce(op: ReduceKernelName, x: Tensor, axis: Axis, keepdims: boolean): Tensor {
  checkTensor(x, op);
  const axes = normalizeAxes(axis, x.ndim, op);
  if (op !== "sum") checkNonEmpty(op, x, axes);
  const shape = keptShape(x.shape, axes, keepdims);
  const out = allocate(x.dtype, sizeOf(shape));
  backend().reduce[op](x.storage, x.shape, axes, out);
  return result(op, out, shape, [x], { axes, keepdims });
}

/**
 * Sum over `axis` (all axes by default).
 * @example
 * sum(tensor([[1, 2], [3, 4]]), 0).toArray(); // [4, 6]
 */
export function sum(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  return reduce("sum", x, axis, keepdims);
}
/**
 * Maximum over `axis`; tied maxima share the gradient equally.
 * @example
 * max(tensor([[1, 5], [3, 4]]), 1).toArray(); // [5, 4]
 */
export function max(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  return reduce("max", x, axis, keepdims);
}
/**
 * Minimum over `axis`; tied minima share the gradient equally.
 * @example
 * min(tensor([[1, 5], [3, 4]]), 1).toArray(); // [1, 3]
 */
export function min(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  return reduce("min", x, axis, keepdims);
}

/**
 * Mean over `axis`: sum / count.
 * @example
 * mean(tensor([1, 2, 3, 4])).item(); // 2.5
 */
export function mean(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  const axes = normalizeAxes(axis, checkTensor(x, "mean").ndim, "mean");
  let count = 1;
  for (const a of axes) count *= x.shape[a]!;
  return div(sum(x, axes, keepdims), count);
}

/**
 * log Σ exp(x) over `axis`, computed stably as m + log Σ exp(x − m) with m = max(x) held constant.
 * @example
 * logsumexp(tensor([1000, 1000])).item(); // 1000.693...
 */
export function logsumexp(x: Tensor, axis?: Axis, keepdims = false): Tensor {
  const axes = normalizeAxes(axis, checkTensor(x, "logsumexp").ndim, "logsumexp");
  // the sum over nothing is 0 and its log −∞; max has no identity there, so no shift is needed
  if (axes.some((a) => x.shape[a] === 0)) return log(sum(exp(x), axes, keepdims));
  const m = detachValue(max(x, axes, true));
  // an all −∞ slice (or one holding +∞) has an infinite max; shift by 0 there so the result is −∞ (or +∞), not NaN
  const safeM = where(eq(abs(m), Infinity), 0, m);
  const lse = add(log(sum(exp(sub(x, safeM)), axes, true)), safeM);
  return keepdims ? lse : reshape(lse, keptShape(x.shape, axes, false));
}

/** Brings a reduced gradient back to the input's shape: reinsert kept axes, then broadcast. */
function spread(g: Tensor, x: Tensor, attrs: Readonly<Record<string, unknown>>): Tensor {
  const axes = attrs["axes"] as number[];
  // a 0-d gradient (a full reduction) broadcasts as it is
  const g2 = attrs["keepdims"] || g.ndim === 0 ? g : reshape(g, keptShape(x.shape, axes, true));
  return expand(g2, x.shape);
}

function extremumVjp(g: Tensor, x: Tensor, y: Tensor, attrs: Readonly<Record<string, unknown>>): Tensor {
  const axes = attrs["axes"] as number[];
  const yk = attrs["keepdims"] ? y : reshape(detachValue(y), keptShape(x.shape, axes, true));
  const mask = eq(x, detachValue(yk));
  const count = sum(mask, axes, true);
  return mul(spread(g, x, attrs), div(mask, count));
}

/** Derivative rules of the reductions. */
export const reduceRules = {
  // ∂(Σᵢ xᵢ)/∂xⱼ = 1: the gradient is copied to every summed element
  sum: { derivative: "∂y/∂xᵢ = 1", latex: "\\frac{\\partial y}{\\partial x_i} = 1", vjp: (g, [x], _y, attrs) => [spread(g, x!, attrs)] },
  // ∂max(x)/∂xⱼ = [xⱼ = max] / (number of maxima)
  max: {
    derivative: "∂y/∂xᵢ = [xᵢ = max x] / #ties",
    latex: "\\frac{\\partial y}{\\partial x_i} = [x_i = \\max x]",
    vjp: (g, [x], y, attrs) => [extremumVjp(g, x!, y, attrs)],
  },
  // ∂min(x)/∂xⱼ = [xⱼ = min] / (number of minima)
  min: {
    derivative: "∂y/∂xᵢ = [xᵢ = min x] / #ties",
    latex: "\\frac{\\partial y}{\\partial x_i} = [x_i = \\min x]",
    vjp: (g, [x], y, attrs) => [extremumVjp(g, x!, y, attrs)],
  },
} satisfies Record<string, Rule>;
