/** @file Reference softmax cross-entropy over the last axis and its gradient, one pass per row in float64. */
import type { TypedArray } from "../../tensor/dtype.js";
import { rowShift } from "./softmax.js";

/**
 * Per-row losses ℓᵣ = Σ_c q_rc·(lse_r − z_rc) (= −Σ q·logSoftmax(z)) of `rows` rows of `len` logits,
 * computed as Σ_c q_rc·(log Σ exp(z − m) − (z_rc − m)) with m the row's `rowShift`, so logits of 1e30
 * lose nothing to the size of m (lse − z itself would keep only m's last digits); terms with q = 0 are
 * skipped, so a logit of −∞ outside the target costs nothing (PyTorch's cross_entropy). A NaN logit
 * makes its row NaN. Writes ℓ into `out` (float64).
 * @example
 * softmaxCrossEntropyJs(Float64Array.of(0, 0), Float64Array.of(1, 0), 1, 2, out); // out[0] = log 2
 */
export function softmaxCrossEntropyJs(z: TypedArray, q: TypedArray, rows: number, len: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * len;
    const shift = rowShift(z, base, len, 1);
    const lse = shiftedLogSumExp(z, base, len, shift);
    let loss = 0;
    for (let c = 0; c < len; c++) {
      const w = q[base + c]!;
      // lse − z as (lse − m) − (z − m): both small near the max, so no digits of a huge m are lost
      if (w !== 0) loss += w * (lse - (z[base + c]! - shift));
    }
    out[r] = lse !== lse ? NaN : loss;
  }
}

/**
 * ∂ℓ/∂z and ∂ℓ/∂q for the rows above, each row scaled by `scale[r]` (the incoming gradient, over N
 * for a mean): out_rc = scale_r·(softmax(z)_rc·Σ_c q_rc − q_rc), outQ_rc = scale_r·(lse_r − z_rc), the difference taken after the shift.
 * One exp per element.
 * @example
 * softmaxCrossEntropyGradJs(Float64Array.of(0, 0), Float64Array.of(1, 0), Float64Array.of(1), 1, 2, out, outQ); // out = [-0.5, 0.5], outQ = [log 2, log 2]
 */
export function softmaxCrossEntropyGradJs(
  z: TypedArray,
  q: TypedArray,
  scale: Float64Array,
  rows: number,
  len: number,
  out: TypedArray,
  outQ: TypedArray,
): void {
  const e = new Float64Array(len);
  for (let r = 0; r < rows; r++) {
    const base = r * len;
    const shift = rowShift(z, base, len, 1);
    let s = 0;
    let mass = 0;
    for (let c = 0; c < len; c++) {
      e[c] = Math.exp(z[base + c]! - shift);
      s += e[c]!;
      mass += q[base + c]!;
    }
    const k = scale[r]!;
    const lse = Math.log(s); // log Σ exp(z − m): the row's logsumexp less its shift
    for (let c = 0; c < len; c++) {
      out[base + c] = k * ((e[c]! / s) * mass - q[base + c]!);
      outQ[base + c] = k * (lse - (z[base + c]! - shift));
    }
  }
}

/** log Σ exp(z − shift) over one row: its logsumexp less the shift, small however large the logits. */
function shiftedLogSumExp(z: TypedArray, base: number, len: number, shift: number): number {
  let s = 0;
  for (let c = 0; c < len; c++) s += Math.exp(z[base + c]! - shift);
  return Math.log(s);
}
