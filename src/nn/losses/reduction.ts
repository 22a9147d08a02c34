/** @file The reduction shared by the losses ('mean' | 'sum' | 'none') and the checks on their inputs. */
import { ShapeError, ValueError } from "../../errors.js";
import { mean, sum } from "../../ops/reduce.js";
import { fmtShape } from "../../tensor/shape.js";
import { scalar } from "../../tensor/scalar.js";
import { Tensor } from "../../tensor/tensor.js";

/** How a loss combines its per-element values: their mean (default), their sum, or none (same shape as the input). */
export type Reduction = "mean" | "sum" | "none";

/** Options shared by the losses. */
export interface LossOptions {
  reduction?: Reduction;
}

/**
 * Applies `reduction` to per-element losses.
 * @example
 * reduce(tensor([1, 3]), "mean").item(); // 2
 */
export function reduce(x: Tensor, reduction: Reduction | undefined, op: string, fallback: Reduction = "mean"): Tensor {
  const r = reduction ?? fallback;
  if (r === "mean") return mean(x);
  if (r === "sum") return sum(x);
  if (r === "none") return x;
  throw new ValueError(`${op}: reduction must be "mean", "sum" or "none", got ${JSON.stringify(r)}.`);
}

/**
 * Checks that a prediction and its target are tensors of one shape and returns the target as a tensor:
 * a plain number becomes a 0-d tensor of the prediction's dtype (so `loss(p64, 1)` stays float64).
 * Losses do not broadcast silently: pred [N, 1] against target [N] would give an [N, N] loss.
 * @example
 * sameShapeTarget(tensor([0.5], { dtype: "float64" }), 1, "mseLoss").dtype; // "float64"
 */
export function sameShapeTarget(pred: Tensor, target: Tensor | number, op: string): Tensor {
  if (!(pred instanceof Tensor)) throw new ValueError(`${op}: the prediction must be a Tensor, got ${typeof pred}.`);
  if (typeof target === "number") return scalar(target, pred.dtype);
  if (!(target instanceof Tensor)) throw new ValueError(`${op}: the target must be a Tensor or a number, got ${typeof target}.`);
  const a = pred.shape;
  const b = target.shape;
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new ShapeError(
      `${op}: prediction ${fmtShape(a)} and target ${fmtShape(b)} differ in shape; losses do not broadcast (an [N, 1] prediction against an [N] target would compare every pair). ` +
        `Reshape one to match, e.g. target.reshape(${fmtShape(a)}).`,
    );
  }
  return target;
}

/**
 * Checks every value of `t` lies in [0, 1] (NaN does not), naming the first that does not.
 * @example
 * checkUnitInterval(tensor([0.2, 1.5]), "probability", "binaryCrossEntropy", ""); // throws: probability 1 is 1.5
 */
export function checkUnitInterval(t: Tensor, what: string, op: string, fix: string): void {
  const v = t.storage;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!(x >= 0 && x <= 1)) {
      throw new ValueError(`${op}: ${what} ${i} is ${x}, outside [0, 1]${t.ndim === 0 ? "" : ` (in ${t.describe()})`}. ${fix}`);
    }
  }
}
