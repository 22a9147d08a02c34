/** @file Activations: sigmoid, tanh, relu and softplus as stable primitives with their records; the rest composed from them (log-softmax lives in softmax.ts). */
import { ValueError } from "../errors.js";
import { ATOM, PROD, SUM, call, join, num, postfix, prefix, wrap } from "./expr.js";
import { scalar } from "../tensor/scalar.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTensor, unaryGradConst } from "./apply.js";
import { add, binary, mul, sub } from "./binary.js";
import { gt, lt } from "./compare.js";
import { f1, ind, signsOf, type PrimitiveTable } from "./primitive.js";
import { erf, expm1, neg, square } from "./unary.js";
import { unary, unaryConst } from "./unary-kernel.js";
import { where } from "./where.js";

export { logSoftmax, softmax } from "./softmax.js";

/**
 * σ(x) = 1/(1+e⁻ˣ), computed without overflow (finite at ±1000).
 * @example
 * sigmoid(tensor([0])).toArray(); // [0.5]
 */
export function sigmoid(x: Tensor): Tensor {
  return unary("sigmoid", x);
}

/**
 * tanh(x) = 2σ(2x) − 1.
 * @example
 * tanh(tensor([0])).toArray(); // [0]
 */
export function tanh(x: Tensor): Tensor {
  return unary("tanh", x);
}

/** Options of `relu`. */
export interface ReluOptions {
  /** The derivative used at exactly x = 0 (ReLU is not differentiable there): 0 (default) or 1. */
  subgradient?: 0 | 1;
}

/**
 * ReLU(x) = max(x, 0). Its derivative is 1 for x > 0, 0 for x < 0, and `subgradient` (default 0) at 0.
 * @example
 * relu(tensor([-1, 0, 2])).toArray(); // [0, 0, 2]
 */
export function relu(x: Tensor, opts?: ReluOptions): Tensor {
  const s = opts?.subgradient ?? 0;
  if (s !== 0 && s !== 1) throw new ValueError(`relu: subgradient must be 0 or 1, got ${String(s)}.`);
  return unary("relu", x, { subgradient: s });
}

/**
 * softplus(x) = log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) (finite at ±1000).
 * @example
 * softplus(tensor([0])).item(); // 0.6931...
 */
export function softplus(x: Tensor): Tensor {
  return unary("softplus", x);
}

/**
 * log σ(x) = −softplus(−x), computed as min(x, 0) − log1p(e^−|x|): finite at ±1000, and so are its
 * first and second derivatives (σ(−x) and −σ(x)σ(−x)). The log-likelihood of a logistic model.
 * @example
 * logSigmoid(tensor([0])).item(); // -0.6931... (log ½)
 */
export function logSigmoid(x: Tensor): Tensor {
  return unary("logSigmoid", x);
}

/**
 * Leaky ReLU: x for x > 0, slope·x otherwise (derivative `slope` at 0).
 * @example
 * leakyRelu(tensor([-2, 3]), 0.1).toArray(); // [-0.2, 3]
 */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  checkTensor(x, "leakyRelu");
  return where(gt(x, 0), x, mul(x, slope));
}

/**
 * ELU: x for x > 0, α(eˣ − 1) otherwise; the exponential branch sees 0 where x > 0, so it never
 * overflows, and the derivative at 0 is α (the x ≤ 0 branch), as in PyTorch.
 * @example
 * elu(tensor([-1, 2])).toArray(); // [-0.632..., 2]
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  checkTensor(x, "elu");
  const positive = gt(x, 0);
  return where(positive, x, mul(expm1(where(positive, 0, x)), alpha));
}

/**
 * GELU (exact): x·Φ(x) = ½x(1 + erf(x/√2)).
 * @example
 * gelu(tensor([0])).toArray(); // [0]
 */
export function gelu(x: Tensor): Tensor {
  checkTensor(x, "gelu");
  return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
}

/**
 * SiLU (swish): x·σ(x).
 * @example
 * silu(tensor([0])).toArray(); // [0]
 */
export function silu(x: Tensor): Tensor {
  return mul(x, sigmoid(x));
}

/**
 * Limits values to [lo, hi]. The gradient is 1 inside the range including its edges, 0 outside.
 * @example
 * clamp(tensor([-2, 0.5, 3]), 0, 1).toArray(); // [0, 0.5, 1]
 */
export function clamp(x: Tensor, lo = -Infinity, hi = Infinity): Tensor {
  checkTensor(x, "clamp");
  if (lo > hi) throw new ValueError(`clamp: lo (${lo}) is greater than hi (${hi}).`);
  const below = where(lt(x, lo), scalar(lo, x.dtype), x);
  return where(gt(x, hi), scalar(hi, x.dtype), below);
}

/** The attributes relu records: the derivative chosen at exactly 0. */
export type ReluAttrs = { readonly subgradient: 0 | 1 };

/**
 * The records of the activation primitives (internal: read through the registry), derivatives
 * written in terms of the output where that is cheapest. Every key is a unary kernel name too.
 * @internal
 */
export const activationPrimitives = {
  // σ′(x) = σ(x)(1 − σ(x)) = y(1 − y)
  sigmoid: {
    derivative: "∂y/∂x = σ(x)(1−σ(x))",
    latex: "\\frac{\\partial y}{\\partial x} = \\sigma(x)(1-\\sigma(x))",
    vjp: (g, _x, y) => [mul(g, mul(y, sub(1, y)))],
    fastVjp: (g, _x, y) => [unaryGradConst("sigmoid", g, y)],
    rerun: ([x]) => sigmoid(x!),
    glyph: ["σ", "\\sigma"],
    label: () => "σ sigmoid",
    local: (_i, [a]) => {
      const s = call("σ", "\\sigma", [a!.expr]);
      return { coef: 1, terms: [s, wrap(join([num(1), s], "−", " - ", SUM), ATOM)] };
    },
  },
  // tanh′(x) = 1 − tanh²(x) = 1 − y²  (= 4σ′(2x))
  tanh: {
    derivative: "∂y/∂x = 1 − tanh²(x)",
    latex: "\\frac{\\partial y}{\\partial x} = 1 - \\tanh^2(x)",
    vjp: (g, _x, y) => [mul(g, sub(1, square(y)))],
    fastVjp: (g, _x, y) => [unaryGradConst("tanh", g, y)],
    rerun: ([x]) => tanh(x!),
    glyph: ["tanh", "\\tanh"],
    local: (_i, [a]) => f1(join([num(1), postfix(call("tanh", "\\tanh", [a!.expr]), "²", "^{2}")], " − ", " - ", SUM)),
  },
  // ReLU′(x) = [x > 0], and the chosen subgradient s at x = 0
  relu: {
    derivative: "∂y/∂x = 1 if x > 0, 0 if x < 0 (subgradient at 0)",
    latex: "\\frac{\\partial y}{\\partial x} = [x > 0]",
    vjp: (g, [x], _y, attrs: ReluAttrs) => {
      const mask = attrs.subgradient === 1 ? binary("ge", x!, 0, false) : unaryConst("step", x!);
      return [mul(g, mask)];
    },
    fastVjp: (g, [x], _y, attrs: ReluAttrs) => [unaryGradConst(attrs.subgradient === 1 ? "relu1" : "relu0", g, x!)],
    rerun: ([x], attrs: ReluAttrs) => relu(x!, { subgradient: attrs.subgradient }),
    glyph: ["ReLU", "\\operatorname{ReLU}"],
    local: (_i, [a]) => f1(ind(`${a!.expr.text} > 0`, `${a!.expr.latex} > 0`)),
    // the kink at 0: the input's sign
    kink: (_y, [x]) => signsOf(x!.data),
  },
  // softplus′(x) = σ(x)
  softplus: {
    derivative: "∂y/∂x = σ(x)",
    latex: "\\frac{\\partial y}{\\partial x} = \\sigma(x)",
    vjp: (g, [x]) => [mul(g, sigmoid(x!))],
    rerun: ([x]) => softplus(x!),
    glyph: ["softplus", "\\operatorname{softplus}"],
    local: (_i, [a]) => f1(call("σ", "\\sigma", [a!.expr])),
  },
  // ∂log σ(x)/∂x = σ(−x) = 1 − σ(x), from the stable sigmoid (no 1 − σ cancellation for large x)
  logSigmoid: {
    derivative: "∂y/∂x = σ(−x) = 1 − σ(x)",
    latex: "\\frac{\\partial y}{\\partial x} = \\sigma(-x) = 1 - \\sigma(x)",
    vjp: (g, [x]) => [mul(g, sigmoid(neg(x!)))],
    rerun: ([x]) => logSigmoid(x!),
    glyph: ["logσ", "\\log\\sigma"],
    local: (_i, [a]) => f1(call("σ", "\\sigma", [prefix("−", "-", a!.expr, PROD)])),
  },
} satisfies PrimitiveTable;
