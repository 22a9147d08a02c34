/** @file Binary cross-entropy on probabilities (log clamped at −100 like PyTorch) and on logits (softplus form, stable). */
import { ValueError } from "../../errors.js";
import { add, mul, sub } from "../../ops/binary.js";
import { lt } from "../../ops/compare.js";
import { softplus } from "../../ops/activation.js";
import { log, neg } from "../../ops/unary.js";
import { where } from "../../ops/where.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkUnitInterval, reduce, sameShapeTarget, type LossOptions } from "./reduction.js";

const LOG_FLOOR = -100;
const TARGET_FIX = "Binary targets are labels 0/1 or probabilities of the positive class.";
const P_FLOOR = Math.exp(LOG_FLOOR);

/** log(p), but −100 (with zero gradient) where p < e⁻¹⁰⁰, so p = 0 gives a finite loss and gradient. */
function clampedLog(p: Tensor): Tensor {
  const tiny = lt(p, P_FLOOR);
  return where(tiny, LOG_FLOOR, log(where(tiny, 1, p)));
}

/**
 * Binary cross-entropy of probabilities p in [0, 1] against targets t in [0, 1] (a ValueError names any value outside):
 * −[t·log p + (1 − t)·log(1 − p)], with each log clamped at −100 as PyTorch does (so p = 0 or 1 stays finite).
 * Prefer `binaryCrossEntropyWithLogits` when you have logits: it is exact where this one clamps.
 * @example
 * binaryCrossEntropy(tensor([0.8]), tensor([1])).item(); // −log 0.8 = 0.2231…
 */
export function binaryCrossEntropy(probs: Tensor, targets: Tensor | number, opts: LossOptions = {}): Tensor {
  const t = sameShapeTarget(probs, targets, "binaryCrossEntropy");
  checkUnitInterval(
    probs,
    "probability",
    "binaryCrossEntropy",
    "Probabilities come from a sigmoid; for logits use binaryCrossEntropyWithLogits.",
  );
  checkUnitInterval(t, "target", "binaryCrossEntropy", TARGET_FIX);
  const pos = mul(t, clampedLog(probs));
  const negPart = mul(sub(1, t), clampedLog(sub(1, probs)));
  return reduce(neg(add(pos, negPart)), opts.reduction, "binaryCrossEntropy");
}

/** Options of `binaryCrossEntropyWithLogits`. */
export interface BCEWithLogitsOptions extends LossOptions {
  /** Weight of the positive term (PyTorch's pos_weight; > 1 raises recall). Default 1. */
  posWeight?: number;
}

/**
 * Binary cross-entropy of logits z (p = σ(z)) against targets t in [0, 1]: softplus(z) − t·z, which equals
 * −[t·log σ(z) + (1 − t)·log(1 − σ(z))] but never overflows (finite at z = ±1000); its gradient is σ(z) − t.
 * With posWeight w: (1 − t)·z + (1 + (w − 1)·t)·softplus(−z).
 * @example
 * binaryCrossEntropyWithLogits(tensor([0]), tensor([1])).item(); // log 2
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor | number, opts: BCEWithLogitsOptions = {}): Tensor {
  const t = sameShapeTarget(logits, targets, "binaryCrossEntropyWithLogits");
  checkUnitInterval(t, "target", "binaryCrossEntropyWithLogits", TARGET_FIX);
  const w = opts.posWeight ?? 1;
  if (!(w > 0) || !Number.isFinite(w))
    throw new ValueError(`binaryCrossEntropyWithLogits: posWeight must be a positive finite number, got ${w}.`);
  const loss =
    w === 1 ? sub(softplus(logits), mul(t, logits)) : add(mul(sub(1, t), logits), mul(add(mul(t, w - 1), 1), softplus(neg(logits))));
  return reduce(loss, opts.reduction, "binaryCrossEntropyWithLogits");
}
