/** @file The fully connected map y = x Wᵀ + b as one fused primitive: the product with the bias added as it is written. */
import { backend } from "../backends/registry.js";
import { ShapeError } from "../errors.js";
import { allocateOutput } from "../tensor/dtype.js";
import { fmtShape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { asTensor, checkTensor, result } from "./apply.js";
import { add } from "./binary.js";
import { matmul } from "./matmul.js";
import type { Rule } from "./rule.js";

/**
 * y = x Wᵀ + b with W shaped [out, in] like PyTorch's `F.linear`. For a batch x shaped
 * [batch, in] and a bias this is one primitive: one product whose bias is added by the kernel
 * while each piece of y is still in cache, and one graph node (pictures and `explain()` still
 * show it as the matmul and the add it fuses). Other ranks, or no bias, compose `matmul` and `add`.
 * @example
 * linear(tensor([[1, 2]]), tensor([[1, 0], [0, 1], [1, 1]]), tensor([0, 10, 100])).toArray(); // [[1, 12, 103]]
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  checkTensor(x, "linear");
  const w = asTensor(weight, x, "linear");
  const b = bias === undefined || bias === null ? null : asTensor(bias, x, "linear");
  if (w.ndim !== 2) throw new ShapeError(`linear: the weight must be a matrix [out, in], got ${w.describe()}.`);
  const [outF, inF] = w.shape as [number, number];
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError(
      `linear: input ${fmtShape(x.shape)} must end in the weight's ${inF} input features (weight ${fmtShape(w.shape)}); ` +
        `reshape the input to [batch, ${inF}] or transpose the weight.`,
    );
  }
  if (b && (b.ndim !== 1 || b.shape[0] !== outF)) {
    throw new ShapeError(`linear: the bias must be a vector of the weight's ${outF} outputs, got ${b.describe()}.`);
  }
  if (x.ndim !== 2 || !b) {
    const y = matmul(x, w, { transB: true });
    return b ? add(y, b) : y;
  }
  const batch = x.shape[0]!;
  const out = allocateOutput(x.dtype, batch * outF);
  backend().matmul({
    a: x.storage,
    aOffset: 0,
    b: w.storage,
    bOffset: 0,
    out,
    outOffset: 0,
    m: batch,
    k: inF,
    n: outF,
    transA: false,
    transB: true,
    bias: b.storage,
  });
  return result("linear", out, [batch, outF], [x, w, b]);
}

/** Derivative rule of the fused linear map y = x Wᵀ + b. */
export const linearRules = {
  // ∂L/∂x = G·W, ∂L/∂W = Gᵀ·x, ∂L/∂b = Σ_rows G (the engine sums the batch axis of G away)
  linear: {
    derivative: "∂y/∂x = (·)W, ∂y/∂W = (·)ᵀx, ∂y/∂b = 1",
    latex:
      "\\frac{\\partial L}{\\partial x} = G W,\\ \\frac{\\partial L}{\\partial W} = G^\\top x,\\ \\frac{\\partial L}{\\partial b} = \\textstyle\\sum_i G_i",
    vjp: (g, [x, w], _y, _attrs, needs) => [
      needs[0] ? matmul(g, w!) : null,
      needs[1] ? matmul(g, x!, { transA: true }) : null,
      needs[2] ? g : null,
    ],
  },
} satisfies Record<string, Rule>;
