/** @file The fully connected map y = act(x Wᵀ + b) as one fused primitive: the product with the bias (and ReLU) applied as it is written. */
import { isGradEnabled } from "../tape/grad-mode.js";
import { backend } from "../backends/registry.js";
import { ShapeError, ValueError } from "../errors.js";
import { SUM, join } from "./expr.js";
import { allocateOutput } from "../tensor/dtype.js";
import { checkSize, fmtShape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { relu } from "./activation.js";
import { asTensor, checkTensor, result, unaryGradConst } from "./apply.js";
import { add, mul } from "./binary.js";
import { matmul, matmulPrimitives } from "./matmul.js";
import { one, signsOf, type PrimitiveTable } from "./primitive.js";
import { unaryConst } from "./unary-kernel.js";

/** Options of `linear`. */
export interface LinearOptions {
  /** An activation fused into the same kernel: "relu" (ReLU with subgradient 0 at 0), or "none" (the default). */
  activation?: "none" | "relu";
  /**
   * Internal: the scope the fused activation's node is drawn in (nn.Sequential passes the ReLU
   * module's, so pictures keep the layers apart). Default: the current scope.
   * @internal
   */
  activationScope?: string;
}

/**
 * y = x Wᵀ + b (then ReLU with `{ activation: "relu" }`), with W shaped [out, in] like PyTorch's
 * `F.linear`. For a batch x shaped [batch, in] and a bias this is one primitive: one product whose
 * bias (and ReLU) the kernel applies while each piece of y is still in cache, and one graph node;
 * pictures and `explain()` still show the matmul, the add and the relu it fuses. Other ranks, or no
 * bias, compose `matmul`, `add` and `relu`.
 * @example
 * linear(tensor([[1, 2]]), tensor([[1, 0], [0, 1], [1, 1]]), tensor([0, 10, -100]), { activation: "relu" }).toArray(); // [[1, 12, 0]]
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: LinearOptions = {}): Tensor {
  checkTensor(x, "linear");
  const w = asTensor(weight, x, "linear");
  const b = bias === undefined || bias === null ? null : asTensor(bias, x, "linear");
  const act = opts.activation ?? "none";
  if (act !== "none" && act !== "relu") throw new ValueError(`linear: activation must be "none" or "relu", got ${JSON.stringify(act)}.`);
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
    const z = b ? add(y, b) : y;
    return act === "relu" ? relu(z) : z;
  }
  const batch = x.shape[0]!;
  const out = allocateOutput(x.dtype, checkSize([batch, outF], "linear"));
  const fusedRelu = act === "relu";
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
    relu: fusedRelu,
  });
  return result("linear", out, [batch, outF], [x, w, b], fusedRelu ? { relu: true, activationScope: opts.activationScope } : NO_ACT);
}

const NO_ACT = Object.freeze({ relu: false });

/** The attributes linear records: whether ReLU is fused, and the scope its node is drawn in. */
type LinearAttrs = { readonly relu: boolean; readonly activationScope?: string };

/** ∂L/∂z for z = x Wᵀ + b, from the gradient of y = act(z): g itself, or g·[y > 0] after ReLU. */
function preActivationGrad(g: Tensor, y: Tensor, attrs: LinearAttrs): Tensor {
  if (!attrs.relu) return g;
  // y > 0 exactly where z > 0: the mask of ReLU's derivative with subgradient 0; one fused kernel
  // when no graph is recorded (plain backward()), differentiable ops under createGraph
  return isGradEnabled() ? mul(g, unaryConst("step", y)) : unaryGradConst("relu0", g, y);
}

/** The three input gradients from ∂L/∂z: G·W, Gᵀ·x, and G for b (the engine sums the batch axis away). */
function inputGrads(gz: Tensor, x: Tensor, w: Tensor, needs: readonly boolean[]): (Tensor | null)[] {
  return [needs[0] ? matmul(gz, w) : null, needs[1] ? matmul(gz, x, { transA: true }) : null, needs[2] ? gz : null];
}

/** The matmul inside linear: x·Wᵀ. */
const X_WT = Object.freeze({ transA: false, transB: true });

/**
 * The record of the fused linear map y = act(x Wᵀ + b) (internal: read through the registry).
 * Pictures never draw it as such (graph/walk.ts expands each linear node into its matmul, add and
 * relu first); its one-line form here (without the ReLU) serves code that skips the walk.
 * @internal
 */
export const linearPrimitives = {
  // z = x Wᵀ + b: ∂L/∂x = G·W, ∂L/∂W = Gᵀ·x, ∂L/∂b = Σ_rows G, with G = ∂L/∂z (= ∂L/∂y · [z > 0] after ReLU)
  linear: {
    derivative: "∂y/∂x = (·)W, ∂y/∂W = (·)ᵀx, ∂y/∂b = 1 (times [z > 0] with ReLU)",
    latex:
      "\\frac{\\partial L}{\\partial x} = G W,\\ \\frac{\\partial L}{\\partial W} = G^\\top x,\\ \\frac{\\partial L}{\\partial b} = \\textstyle\\sum_i G_i",
    vjp: (g, [x, w], y, attrs: LinearAttrs, needs) => inputGrads(preActivationGrad(g, y, attrs), x!, w!, needs),
    rerun: ([x, w, b], attrs: LinearAttrs) => linear(x!, w!, b!, { activation: attrs.relu ? "relu" : "none" }),
    forward: (ins) => join([matmulPrimitives.matmul.forward(ins.slice(0, 2), X_WT), ins[2]!.expr], " + ", " + ", SUM),
    local: (i, ins) => (i === 2 ? one() : matmulPrimitives.matmul.local(i, ins.slice(0, 2), X_WT)),
    // a fused ReLU: y = relu(z) > 0 exactly where z > 0 (no kink without it)
    kink: (y, _x, attrs: LinearAttrs) => (attrs.relu ? signsOf(y.data) : null),
  },
} satisfies PrimitiveTable;
