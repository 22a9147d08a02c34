/** @file Cross-entropy and negative log-likelihood over classes on the last axis, stable for extreme logits. */
import { ValueError } from "../../errors.js";
import { add, mul } from "../../ops/binary.js";
import { softmaxCrossEntropy } from "../../ops/cross-entropy.js";
import { sum } from "../../ops/reduce.js";
import { neg } from "../../ops/unary.js";
import type { Tensor } from "../../tensor/tensor.js";
import { reduce, type LossOptions } from "./reduction.js";
import { isProbabilityTarget, oneHotTargets, type ClassTargets } from "./targets.js";

/** Options of `crossEntropy`. */
export interface CrossEntropyOptions extends LossOptions {
  /** ε in [0, 1]: the target becomes (1 − ε)·target + ε/C (PyTorch's label_smoothing). Default 0. */
  labelSmoothing?: number;
}

/**
 * Cross-entropy of `logits` (classes on the last axis: [C] or [N, C]) against class indices or class
 * probabilities: per row −Σ_c q_c · logSoftmax(logits)_c, then the mean over rows (by default).
 * One fused primitive (one pass per row, shifted by the row max), so it stays finite for logits of
 * ±1000 and its gradient is softmax(logits)·Σq − q (softmax − q for targets summing to 1; over N for
 * the mean). Matches
 * torch.nn.functional.cross_entropy for 2-d input, including logits of −∞ outside the target.
 * @example
 * crossEntropy(tensor([[2, 0, 0]]), [0]).item(); // −log(e²/(e²+2)) = 0.2395…
 * crossEntropy(tensor([[0, 0]]), tensor([[0.5, 0.5]])).item(); // log 2
 */
export function crossEntropy(logits: Tensor, targets: ClassTargets, opts: CrossEntropyOptions = {}): Tensor {
  const eps = opts.labelSmoothing ?? 0;
  let q: Tensor;
  if (isProbabilityTarget(logits, targets)) {
    if (!(eps >= 0 && eps <= 1)) throw new ValueError(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}.`);
    const C = logits.shape[logits.ndim - 1]!;
    q = eps === 0 ? targets : add(mul(targets, 1 - eps), eps / C);
  } else {
    q = oneHotTargets(logits, targets, eps, "crossEntropy");
  }
  const reduction = opts.reduction ?? "mean";
  if (reduction !== "mean" && reduction !== "sum" && reduction !== "none")
    throw new ValueError(`crossEntropy: reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}.`);
  return softmaxCrossEntropy(logits, q, reduction);
}

/**
 * Negative log-likelihood of log-probabilities (e.g. the output of logSoftmax) at class indices:
 * per row −logProbs[target], then the mean over rows (by default). `crossEntropy(x, t)` equals
 * `nllLoss(logSoftmax(x), t)`.
 * @example
 * nllLoss(tensor([[-0.1, -2.3]]), [1]).item(); // 2.3
 */
export function nllLoss(logProbs: Tensor, targets: number | number[] | Tensor, opts: LossOptions = {}): Tensor {
  const onehot = oneHotTargets(logProbs, targets, 0, "nllLoss");
  return reduce(neg(sum(mul(onehot, logProbs), -1)), opts.reduction, "nllLoss");
}
