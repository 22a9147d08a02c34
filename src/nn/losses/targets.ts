/** @file Class targets for the classification losses: indices (number[] or a Tensor) or probabilities shaped like the logits. */
import { ShapeError, ValueError } from "../../errors.js";
import { hostValues } from "../../backends/storage.js";
import { allocate } from "../../tensor/dtype.js";
import { fmtShape } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";

/** Class indices, as a plain number (one sample), a number[] (a batch), or a Tensor of integer values (int32, or floats holding whole numbers). */
export type ClassTargets = number | number[] | Tensor;

/**
 * Whether `targets` are class probabilities (a float Tensor shaped exactly like the logits) rather than indices.
 */
export function isProbabilityTarget(logits: Tensor, targets: ClassTargets): targets is Tensor {
  return (
    targets instanceof Tensor &&
    targets.dtype !== "int32" &&
    targets.ndim === logits.ndim &&
    targets.shape.every((d, i) => d === logits.shape[i])
  );
}

/**
 * A constant one-hot tensor shaped like `logits` (classes on the last axis) for class indices, with the
 * optional label smoothing ε folded in: q = (1 − ε)·onehot + ε/C. Checks shapes and that every index is an
 * integer in [0, C), naming the first bad position.
 * @example
 * oneHotTargets(zeros([2, 3]), [2, 0], 0, "crossEntropy").toArray(); // [[0, 0, 1], [1, 0, 0]]
 */
export function oneHotTargets(logits: Tensor, targets: ClassTargets, smoothing: number, op: string): Tensor {
  if (!(logits instanceof Tensor)) throw new ValueError(`${op}: the logits must be a Tensor, got ${typeof logits}.`);
  if (logits.ndim === 0) throw new ShapeError(`${op}: the logits need a class axis (shape [C] or [N, C]), got a 0-d tensor.`);
  const C = logits.shape[logits.ndim - 1]!;
  const want = logits.shape.slice(0, -1);
  let idx: ArrayLike<number>;
  let got: number[];
  if (typeof targets === "number") {
    idx = [targets];
    got = [];
  } else if (Array.isArray(targets)) {
    idx = targets;
    got = [targets.length];
  } else if (targets instanceof Tensor) {
    idx = hostValues(targets.store, op);
    got = targets.shape;
  } else {
    throw new ValueError(
      `${op}: targets must be class indices (a number, number[] or Tensor) or probabilities shaped like the logits, got ${typeof targets}.`,
    );
  }
  if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
    throw new ShapeError(
      `${op}: logits ${fmtShape(logits.shape)} need class-index targets shaped ${fmtShape(want)} (one index per row) or probabilities shaped ${fmtShape(logits.shape)}; got targets ${fmtShape(got)}.`,
    );
  }
  if (!(smoothing >= 0 && smoothing <= 1)) throw new ValueError(`${op}: labelSmoothing must be in [0, 1], got ${smoothing}.`);
  const out = allocate(logits.dtype, logits.size);
  const off = smoothing / C;
  const on = 1 - smoothing + off;
  if (off !== 0) out.fill(off);
  for (let i = 0; i < idx.length; i++) {
    const c = idx[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= C) {
      throw new ValueError(
        `${op}: target ${i} is ${c}, not a class index in [0, ${C - 1}] (the logits have ${C} classes on their last axis).`,
      );
    }
    out[i * C + c] = on;
  }
  return new Tensor(out, logits.shape.slice());
}
