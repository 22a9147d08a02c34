/** @file Reductions along axes (sum, max, min) with their records, and the composites mean and logsumexp. */
import { noGrad } from "../tape/grad-mode.js";
import { backend } from "../backends/registry.js";
import type { ReduceKernelName } from "../backends/kernels.js";
import { ShapeError } from "../errors.js";
import { POW, prefix, type Factor } from "./expr.js";
import { allocate } from "../tensor/dtype.js";
import { normalizeAxes, sizeOf } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTensor, result } from "./apply.js";
import { add, div, mul, sub } from "./binary.js";
import { where } from "./where.js";
import { eq } from "./compare.js";
import { expand, reshape } from "./movement.js";
import { f1, ind, one, signsOf, type Operand, type PrimitiveTable } from "./primitive.js";
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

/** The attributes a reduction records: the reduced axes (sorted, non-negative) and whether they are kept. */
export type ReduceAttrs = { readonly axes: readonly number[]; readonly keepdims: boolean };

/** Brings a reduced gradient back to the input's shape: reinsert kept axes, then broadcast. */
function spread(g: Tensor, x: Tensor, attrs: ReduceAttrs): Tensor {
  // a 0-d gradient (a full reduction) broadcasts as it is
  const g2 = attrs.keepdims || g.ndim === 0 ? g : reshape(g, keptShape(x.shape, attrs.axes, true));
  return expand(g2, x.shape);
}

function extremumVjp(g: Tensor, x: Tensor, y: Tensor, attrs: ReduceAttrs): Tensor {
  const yk = attrs.keepdims ? y : reshape(detachValue(y), keptShape(x.shape, attrs.axes, true));
  const mask = eq(x, detachValue(yk));
  const count = sum(mask, attrs.axes, true);
  return mul(spread(g, x, attrs), div(mask, count));
}

/** The reduced axes as pictures note them ("1" or "0,2"), or "" for a reduction over every axis. */
function axesNote(attrs: ReduceAttrs, inNdim: number): string {
  return attrs.axes.length === inNdim ? "" : attrs.axes.join(",");
}

function axisLabel(base: string): (c: readonly (string | null)[], attrs: ReduceAttrs, inNdim: number) => string {
  return (_c, attrs, inNdim) => {
    const ax = axesNote(attrs, inNdim);
    return ax ? `${base} (axis ${ax})` : base;
  };
}

/** Which elements attain the extremum of their group (a tie has several): flips exactly where the winner changes. */
function extremumKink(y: Tensor, x: Tensor, attrs: ReduceAttrs): Int8Array {
  const kept = attrs.keepdims ? y : noGrad(() => reshape(y.detach(), keptShape(x.shape, attrs.axes, true)));
  return signsOf(noGrad(() => eq(x.detach(), kept.detach())).data);
}

function extremumLocal(op: "max" | "min"): (i: number, ins: readonly Operand[]) => Factor {
  return (_i, [x]) => {
    const a = x!.expr;
    return f1(ind(`${a.text} = ${op} ${a.text}`, `${a.latex} = \\${op} ${a.latex}`));
  };
}

/**
 * The records of the reductions (internal: read through the registry).
 * @internal
 */
export const reducePrimitives = {
  // ∂(Σᵢ xᵢ)/∂xⱼ = 1: the gradient is copied to every summed element
  sum: {
    derivative: "∂y/∂xᵢ = 1",
    latex: "\\frac{\\partial y}{\\partial x_i} = 1",
    vjp: (g, [x], _y, attrs: ReduceAttrs) => [spread(g, x!, attrs)],
    rerun: ([x], attrs: ReduceAttrs) => sum(x!, attrs.axes, attrs.keepdims),
    label: axisLabel("Σ sum"),
    forward: ([x], attrs: ReduceAttrs) => {
      const ax = axesNote(attrs, x!.ndim);
      // Σ binds like a power towards its left (0.5·Σ x²) and takes a power or atom as its operand (Σ x²)
      return prefix(ax ? `Σ[axis ${ax}] ` : "Σ ", ax ? `\\sum_{\\text{axis } ${ax}} ` : "\\sum ", x!.expr, POW, POW);
    },
    local: () => one(),
  },
  // ∂max(x)/∂xⱼ = [xⱼ = max] / (number of maxima)
  max: {
    derivative: "∂y/∂xᵢ = [xᵢ = max x] / #ties",
    latex: "\\frac{\\partial y}{\\partial x_i} = [x_i = \\max x]",
    vjp: (g, [x], y, attrs: ReduceAttrs) => [extremumVjp(g, x!, y, attrs)],
    rerun: ([x], attrs: ReduceAttrs) => max(x!, attrs.axes, attrs.keepdims),
    glyph: ["max", "\\max"],
    label: axisLabel("max"),
    local: extremumLocal("max"),
    kink: (y, [x], attrs: ReduceAttrs) => extremumKink(y, x!, attrs),
  },
  // ∂min(x)/∂xⱼ = [xⱼ = min] / (number of minima)
  min: {
    derivative: "∂y/∂xᵢ = [xᵢ = min x] / #ties",
    latex: "\\frac{\\partial y}{\\partial x_i} = [x_i = \\min x]",
    vjp: (g, [x], y, attrs: ReduceAttrs) => [extremumVjp(g, x!, y, attrs)],
    rerun: ([x], attrs: ReduceAttrs) => min(x!, attrs.axes, attrs.keepdims),
    glyph: ["min", "\\min"],
    label: axisLabel("min"),
    local: extremumLocal("min"),
    kink: (y, [x], attrs: ReduceAttrs) => extremumKink(y, x!, attrs),
  },
} satisfies PrimitiveTable;
