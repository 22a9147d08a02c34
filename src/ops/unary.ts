/** @file Elementwise math of one input: forward kernels and derivative rules side by side. */
import { backend } from "../backends/registry.js";
import type { UnaryKernelName } from "../backends/kernels.js";
import { allocateOutput } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { checkTensor, result, unaryGradConst } from "./apply.js";
import { add, div, mul, sub } from "./binary.js";
import type { PrimitiveName } from "./primitive-names.js";
import type { Rule } from "./rule.js";

/** Runs a unary kernel and records the primitive. */
export function unary(op: UnaryKernelName & PrimitiveName, x: Tensor, attrs?: Record<string, unknown>): Tensor {
  checkTensor(x, op);
  const out = allocateOutput(x.dtype, x.storage.length);
  backend().unary[op](x.storage, out);
  return result(op, out, x.shape, [x], attrs);
}

/** Runs a unary kernel with no gradient (masks, signs). */
export function unaryConst(op: UnaryKernelName, x: Tensor): Tensor {
  const out = allocateOutput(x.dtype, x.storage.length);
  backend().unary[op](x.storage, out);
  return new Tensor(out, x.shape.slice());
}

/**
 * −x.
 * @example
 * neg(tensor([1, -2])).toArray(); // [-1, 2]
 */
export function neg(x: Tensor): Tensor {
  return unary("neg", x);
}
/**
 * eˣ.
 * @example
 * exp(tensor([0])).toArray(); // [1]
 */
export function exp(x: Tensor): Tensor {
  return unary("exp", x);
}
/**
 * Natural logarithm.
 * @example
 * log(tensor([1])).toArray(); // [0]
 */
export function log(x: Tensor): Tensor {
  return unary("log", x);
}
/**
 * Square root.
 * @example
 * sqrt(tensor([4])).toArray(); // [2]
 */
export function sqrt(x: Tensor): Tensor {
  return unary("sqrt", x);
}
/**
 * |x|; its subgradient at 0 is 0.
 * @example
 * abs(tensor([-3])).toArray(); // [3]
 */
export function abs(x: Tensor): Tensor {
  return unary("abs", x);
}
/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt.
 * @example
 * erf(tensor([0])).toArray(); // [0]
 */
export function erf(x: Tensor): Tensor {
  return unary("erf", x);
}
/**
 * eˣ − 1, accurate near 0.
 * @example
 * expm1(tensor([1e-10], { dtype: "float64" })).item(); // 1e-10
 */
export function expm1(x: Tensor): Tensor {
  return unary("expm1", x);
}
/**
 * log(1 + x), accurate near 0.
 * @example
 * log1p(tensor([0])).toArray(); // [0]
 */
export function log1p(x: Tensor): Tensor {
  return unary("log1p", x);
}
/**
 * sin x.
 * @example
 * sin(tensor([0])).toArray(); // [0]
 */
export function sin(x: Tensor): Tensor {
  return unary("sin", x);
}
/**
 * cos x.
 * @example
 * cos(tensor([0])).toArray(); // [1]
 */
export function cos(x: Tensor): Tensor {
  return unary("cos", x);
}
/**
 * 1/x.
 * @example
 * reciprocal(tensor([4])).toArray(); // [0.25]
 */
export function reciprocal(x: Tensor): Tensor {
  return unary("reciprocal", x);
}
/**
 * x².
 * @example
 * square(tensor([3])).toArray(); // [9]
 */
export function square(x: Tensor): Tensor {
  return unary("square", x);
}
/**
 * The sign: −1, 0 or 1 (no gradient).
 * @example
 * sign(tensor([-2, 0, 5])).toArray(); // [-1, 0, 1]
 */
export function sign(x: Tensor): Tensor {
  return unaryConst("sign", checkTensor(x, "sign"));
}

/** Derivative rules of the unary primitives, each under its formula. */
export const unaryRules = {
  // ∂(−x)/∂x = −1
  neg: { derivative: "∂y/∂x = −1", latex: "\\frac{\\partial y}{\\partial x} = -1", vjp: (g) => [neg(g)] },
  // ∂eˣ/∂x = eˣ = y
  exp: { derivative: "∂y/∂x = eˣ = y", latex: "\\frac{\\partial y}{\\partial x} = e^{x}", vjp: (g, _x, y) => [mul(g, y)] },
  // ∂log x/∂x = 1/x
  log: { derivative: "∂y/∂x = 1/x", latex: "\\frac{\\partial y}{\\partial x} = \\frac{1}{x}", vjp: (g, [x]) => [div(g, x!)] },
  // ∂√x/∂x = 1/(2√x) = 1/(2y)
  sqrt: {
    derivative: "∂y/∂x = 1/(2√x)",
    latex: "\\frac{\\partial y}{\\partial x} = \\frac{1}{2\\sqrt{x}}",
    vjp: (g, _x, y) => [div(g, mul(y, 2))],
  },
  // ∂|x|/∂x = sign(x), with 0 at x = 0
  abs: {
    derivative: "∂y/∂x = sign(x)  (0 at x = 0)",
    latex: "\\frac{\\partial y}{\\partial x} = \\operatorname{sign}(x)",
    vjp: (g, [x]) => [mul(g, sign(x!))],
  },
  // ∂erf x/∂x = 2/√π · e^(−x²)
  erf: {
    derivative: "∂y/∂x = 2/√π · e^(−x²)",
    latex: "\\frac{\\partial y}{\\partial x} = \\frac{2}{\\sqrt{\\pi}} e^{-x^2}",
    vjp: (g, [x]) => [mul(g, mul(exp(neg(square(x!))), 2 / Math.sqrt(Math.PI)))],
  },
  // ∂(eˣ−1)/∂x = eˣ = y + 1
  expm1: { derivative: "∂y/∂x = eˣ", latex: "\\frac{\\partial y}{\\partial x} = e^{x}", vjp: (g, _x, y) => [mul(g, add(y, 1))] },
  // ∂log(1+x)/∂x = 1/(1+x)
  log1p: {
    derivative: "∂y/∂x = 1/(1+x)",
    latex: "\\frac{\\partial y}{\\partial x} = \\frac{1}{1+x}",
    vjp: (g, [x]) => [div(g, add(x!, 1))],
  },
  // ∂sin x/∂x = cos x
  sin: { derivative: "∂y/∂x = cos x", latex: "\\frac{\\partial y}{\\partial x} = \\cos x", vjp: (g, [x]) => [mul(g, cos(x!))] },
  // ∂cos x/∂x = −sin x
  cos: { derivative: "∂y/∂x = −sin x", latex: "\\frac{\\partial y}{\\partial x} = -\\sin x", vjp: (g, [x]) => [neg(mul(g, sin(x!)))] },
  // ∂(1/x)/∂x = −1/x² = −y²
  reciprocal: {
    derivative: "∂y/∂x = −1/x²",
    latex: "\\frac{\\partial y}{\\partial x} = -\\frac{1}{x^2}",
    vjp: (g, _x, y) => [neg(mul(g, square(y)))],
  },
  // ∂x²/∂x = 2x
  square: {
    derivative: "∂y/∂x = 2x",
    latex: "\\frac{\\partial y}{\\partial x} = 2x",
    vjp: (g, [x]) => [mul(g, mul(x!, 2))],
    fastVjp: (g, [x]) => [unaryGradConst("square", g, x!)],
  },
} satisfies Record<string, Rule>;

/** 1 − y², the tanh derivative in terms of its output (shared with activation rules). */
export function oneMinusSquare(y: Tensor): Tensor {
  return sub(1, square(y));
}
