/** @file Softmax cross-entropy over the last axis as one fused primitive: loss and gradient softmax(z)·Σq − q in one pass per row. */
import { backend } from "../backends/registry.js";
import { PROD } from "./expr.js";
import { allocate } from "../tensor/dtype.js";
import { scalar } from "../tensor/scalar.js";
import { Tensor } from "../tensor/tensor.js";
import { ShapeError } from "../errors.js";
import { fmtShape, sameShape, sizeOf } from "../tensor/shape.js";
import { asTensor, checkTensor, result } from "./apply.js";
import { div, mul, sub } from "./binary.js";
import { reshape } from "./movement.js";
import { sum } from "./reduce.js";
import { f1, type PrimitiveTable } from "./primitive.js";
import { logSoftmax } from "./softmax.js";
import { exp, neg } from "./unary.js";

/** How per-row losses are combined. */
export type CrossEntropyReduction = "mean" | "sum" | "none";

/**
 * −Σ_c q_c·logSoftmax(z)_c per row of `logits` (classes on the last axis) against targets `q` of the
 * same shape, then the mean or sum over rows (or none). One primitive and one graph node; the caller
 * (nn.crossEntropy) checks shapes and builds q. Terms with q_c = 0 are skipped, so a logit of −∞
 * outside the target adds nothing (as in PyTorch).
 * @example
 * softmaxCrossEntropy(tensor([[0, 0]]), tensor([[1, 0]]), "mean").item(); // log 2
 */
export function softmaxCrossEntropy(logits: Tensor, q: Tensor, reduction: CrossEntropyReduction): Tensor {
  checkTensor(logits, "crossEntropy");
  asTensor(q, logits, "crossEntropy"); // the same dtype, or a DTypeError
  if (logits.ndim === 0 || !sameShape(logits.shape, q.shape)) {
    throw new ShapeError(
      `crossEntropy: logits ${fmtShape(logits.shape)} need a class axis (shape [C] or [N, C]) and targets of the same shape, got ${fmtShape(q.shape)}.`,
    );
  }
  const len = logits.shape[logits.ndim - 1]!;
  const rowShape = logits.shape.slice(0, -1);
  const rows = sizeOf(rowShape);
  const device = backend().softmaxCrossEntropyRows;
  if (device) {
    // a device backend: per-row losses and their reduction stay on the device (no readback)
    const perRow = allocate(logits.dtype, rows);
    device(logits.storage, q.storage, rows, len, perRow);
    let out = perRow;
    if (reduction !== "none") {
      out = allocate(logits.dtype, 1);
      backend().reduce.sum(perRow, [rows], [0], out);
      if (reduction === "mean") {
        const mean = allocate(logits.dtype, 1);
        backend().binary.mul(out, [], scalar(1 / rows, logits.dtype).storage, [], mean, []);
        out = mean;
      }
    }
    return result("crossEntropy", out, reduction === "none" ? rowShape : [], [logits, q], { reduction });
  }
  const losses = new Float64Array(rows);
  backend().softmaxCrossEntropy(logits.storage, q.storage, rows, len, losses);
  let out;
  if (reduction === "none") {
    out = allocate(logits.dtype, rows);
    out.set(losses);
  } else {
    let total = 0;
    for (let r = 0; r < rows; r++) total += losses[r]!;
    out = allocate(logits.dtype, 1);
    out[0] = reduction === "mean" ? total / rows : total;
  }
  return result("crossEntropy", out, reduction === "none" ? rowShape : [], [logits, q], { reduction });
}

/** The incoming gradient per row, over N for a mean: a tensor that broadcasts against [..., 1]. */
function rowScale(g: Tensor, z: Tensor, reduction: CrossEntropyReduction): Tensor {
  const rows = sizeOf(z.shape.slice(0, -1));
  if (reduction === "none") return reshape(g, [...z.shape.slice(0, -1), 1]);
  return reduction === "mean" ? div(g, scalar(rows, g.dtype)) : g;
}

/** ∂ℓ/∂z = k·(softmax(z)·Σq − q), ∂ℓ/∂q = −k·logSoftmax(z), k the incoming gradient per row (÷N for the mean), in tensor ops. */
function crossEntropyVjp(g: Tensor, z: Tensor, q: Tensor, attrs: CeAttrs, needs: readonly boolean[]): (Tensor | null)[] {
  const k = rowScale(g, z, attrs.reduction);
  const lsm = logSoftmax(z, -1);
  return [needs[0] ? mul(k, sub(mul(exp(lsm), sum(q, -1, true)), q)) : null, needs[1] ? mul(k, neg(lsm)) : null];
}

/** The attribute crossEntropy records: how per-row losses are combined. */
type CeAttrs = { readonly reduction: CrossEntropyReduction };

/**
 * The record of the fused softmax cross-entropy (internal: read through the registry).
 * @internal
 */
export const crossEntropyPrimitives = {
  // ℓ = Σ_c q_c (lse(z) − z_c): ∂ℓ/∂z = softmax(z)·Σq − q, ∂ℓ/∂q = −logSoftmax(z) (over N for a mean)
  crossEntropy: {
    derivative: "∂ℓ/∂z = softmax(z)·Σq − q, ∂ℓ/∂q = −logSoftmax(z) (÷N for the mean)",
    latex:
      "\\frac{\\partial \\ell}{\\partial z} = \\operatorname{softmax}(z)\\textstyle\\sum_c q_c - q,\\ \\frac{\\partial \\ell}{\\partial q} = -\\log\\operatorname{softmax}(z)",
    vjp: (g, [z, q], _y, attrs: CeAttrs, needs) => crossEntropyVjp(g, z!, q!, attrs, needs),
    fastVjp: (g, [z, q], _y, attrs: CeAttrs) => {
      // the fused kernel reads g on the host: a device backend (webgpu) takes the tensor-op rule
      if (!g.store.backend.storage.readSync) return crossEntropyVjp(g, z!, q!, attrs, [true, true]) as Tensor[];
      const reduction = attrs.reduction;
      const len = z!.shape[z!.ndim - 1]!;
      const rows = sizeOf(z!.shape.slice(0, -1));
      const scale = new Float64Array(rows);
      if (reduction === "none") scale.set(g.storage);
      else scale.fill(reduction === "mean" ? g.storage[0]! / rows : g.storage[0]!);
      const gz = allocate(z!.dtype, z!.size);
      const gq = allocate(z!.dtype, z!.size);
      backend().softmaxCrossEntropyGrad(z!.storage, q!.storage, scale, rows, len, gz, gq);
      return [new Tensor(gz, z!.shape.slice()), new Tensor(gq, z!.shape.slice())];
    },
    rerun: ([z, q], attrs: CeAttrs) => softmaxCrossEntropy(z!, q!, attrs.reduction),
    glyph: ["CE", "\\operatorname{CE}"],
    // ∂ℓ/∂z = softmax(z)·Σq − q (÷N for the mean), ∂ℓ/∂q = −logSoftmax(z)
    local: (i, [z, q], attrs: CeAttrs) => {
      const over = attrs.reduction === "mean" ? "/N" : "";
      const a = z!.expr;
      if (i === 1)
        return f1({ text: `−logSoftmax(${a.text})${over}`, latex: `-\\log\\operatorname{softmax}(${a.latex})${over}`, prec: PROD });
      return f1({
        text: `(softmax(${a.text})·Σ${q!.expr.text} − ${q!.expr.text})${over}`,
        latex: `(\\operatorname{softmax}(${a.latex}) \\textstyle\\sum ${q!.expr.latex} - ${q!.expr.latex})${over}`,
        prec: PROD,
      });
    },
  },
} satisfies PrimitiveTable;
