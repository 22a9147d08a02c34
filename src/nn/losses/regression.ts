/** @file Regression losses: mse, mae, huber and the worksheet's ½‖·‖², composed from tensor ops. */
import { ValueError } from "../../errors.js";
import { mul, sub, minimum } from "../../ops/binary.js";
import { abs, square } from "../../ops/unary.js";
import type { Tensor } from "../../tensor/tensor.js";
import { reduce, sameShapeTarget, type LossOptions } from "./reduction.js";

/**
 * Mean squared error: reduce((pred − target)²), mean over all elements by default.
 * @example
 * mseLoss(tensor([1, 2]), tensor([1, 4])).item(); // 2
 */
export function mseLoss(pred: Tensor, target: Tensor | number, opts: LossOptions = {}): Tensor {
  const t = sameShapeTarget(pred, target, "mseLoss");
  return reduce(square(sub(pred, t)), opts.reduction, "mseLoss");
}

/**
 * Mean absolute error (L1): reduce(|pred − target|). At pred = target the gradient is 0 (abs′(0) = 0).
 * @example
 * maeLoss(tensor([1, 2]), tensor([0, 4])).item(); // 1.5
 */
export function maeLoss(pred: Tensor, target: Tensor | number, opts: LossOptions = {}): Tensor {
  const t = sameShapeTarget(pred, target, "maeLoss");
  return reduce(abs(sub(pred, t)), opts.reduction, "maeLoss");
}

/** Options of `huberLoss`. */
export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1, like PyTorch). */
  delta?: number;
}

/**
 * Huber loss with d = pred − target: ½d² where |d| ≤ δ, else δ(|d| − ½δ) (PyTorch's HuberLoss).
 * Computed as q·(|d| − ½q) with q = min(|d|, δ), which is both branches at once; gradient d inside, δ·sign(d) outside.
 * @example
 * huberLoss(tensor([0.5, 3]), tensor([0, 0])).item(); // mean of 0.125 and 2.5 = 1.3125
 */
export function huberLoss(pred: Tensor, target: Tensor | number, opts: HuberOptions = {}): Tensor {
  const t = sameShapeTarget(pred, target, "huberLoss");
  const delta = opts.delta ?? 1;
  if (!(delta > 0) || !Number.isFinite(delta)) throw new ValueError(`huberLoss: delta must be a positive finite number, got ${delta}.`);
  const a = abs(sub(pred, t));
  const q = minimum(a, delta);
  return reduce(mul(q, sub(a, mul(q, 0.5))), opts.reduction, "huberLoss");
}

/**
 * The worksheet's ℓ = ½‖pred − target‖²: elementwise ½(pred − target)², summed by default (reduction "sum"),
 * so its gradient with respect to pred is exactly pred − target.
 * @example
 * halfSquaredError(tensor([3, 4]), tensor([0, 0])).item(); // 12.5
 */
export function halfSquaredError(pred: Tensor, target: Tensor | number, opts: LossOptions = {}): Tensor {
  const t = sameShapeTarget(pred, target, "halfSquaredError");
  return reduce(mul(square(sub(pred, t)), 0.5), opts.reduction, "halfSquaredError", "sum");
}
