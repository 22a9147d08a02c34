/** @file Elementwise math of one input: each primitive's forward function and its record side by side. */
import { ATOM, PROD, SUM, POW, call, join, num, postfix, prefix, wrap } from "./expr.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTensor, unaryGradConst } from "./apply.js";
import { add, div, mul } from "./binary.js";
import { f1, recipExpr, signsOf, type PrimitiveTable } from "./primitive.js";
import { unary, unaryConst } from "./unary-kernel.js";

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
 * arctan x, in (−π/2, π/2).
 * @example
 * atan(tensor([1])).item(); // 0.785... (π/4)
 */
export function atan(x: Tensor): Tensor {
  return unary("atan", x);
}
/**
 * The hyperbolic sine sinh x = (eˣ − e⁻ˣ)/2.
 * @example
 * sinh(tensor([0])).item(); // 0
 */
export function sinh(x: Tensor): Tensor {
  return unary("sinh", x);
}
/**
 * The hyperbolic cosine cosh x = (eˣ + e⁻ˣ)/2.
 * @example
 * cosh(tensor([0])).item(); // 1
 */
export function cosh(x: Tensor): Tensor {
  return unary("cosh", x);
}
/**
 * The sign: −1, 0 or 1 (no gradient).
 * @example
 * sign(tensor([-2, 0, 5])).toArray(); // [-1, 0, 1]
 */
export function sign(x: Tensor): Tensor {
  return unaryConst("sign", checkTensor(x, "sign"));
}

/**
 * The records of the unary primitives (internal: read through the registry), each under its
 * formula. Every key is a kernel name too: the backends' unary tables must implement it.
 * @internal
 */
export const unaryPrimitives = {
  // ∂(−x)/∂x = −1
  neg: {
    derivative: "∂y/∂x = −1",
    latex: "\\frac{\\partial y}{\\partial x} = -1",
    vjp: (g) => [neg(g)],
    rerun: ([x]) => neg(x!),
    label: () => "− neg",
    // unary minus binds like a sum: 2·(−x), a − (−x)
    forward: ([a]) => prefix("−", "-", a!.expr, SUM, POW),
    local: () => ({ coef: -1, terms: [] }),
  },
  // ∂eˣ/∂x = eˣ = y
  exp: {
    derivative: "∂y/∂x = eˣ = y",
    latex: "\\frac{\\partial y}{\\partial x} = e^{x}",
    vjp: (g, _x, y) => [mul(g, y)],
    rerun: ([x]) => exp(x!),
    glyph: ["exp", "\\exp"],
    local: (_i, [a]) => f1(call("exp", "\\exp", [a!.expr])),
  },
  // ∂log x/∂x = 1/x
  log: {
    derivative: "∂y/∂x = 1/x",
    latex: "\\frac{\\partial y}{\\partial x} = \\frac{1}{x}",
    vjp: (g, [x]) => [div(g, x!)],
    rerun: ([x]) => log(x!),
    glyph: ["log", "\\log"],
    local: (_i, [a]) => f1(recipExpr(a!.expr)),
  },
  // ∂√x/∂x = 1/(2√x) = 1/(2y)
  sqrt: {
    derivative: "∂y/∂x = 1/(2√x)",
    latex: "\\frac{\\partial y}{\\partial x} = \\frac{1}{2\\sqrt{x}}",
    vjp: (g, _x, y) => [div(g, mul(y, 2))],
    rerun: ([x]) => sqrt(x!),
    label: () => "√ sqrt",
    forward: ([a]) => ({ text: `√${wrap(a!.expr, ATOM).text}`, latex: `\\sqrt{${a!.expr.latex}}`, prec: ATOM }),
    local: (_i, [a]) => f1({ text: `1/(2√${wrap(a!.expr, ATOM).text})`, latex: `\\frac{1}{2\\sqrt{${a!.expr.latex}}}`, prec: PROD }),
  },
  // ∂|x|/∂x = sign(x), with 0 at x = 0
  abs: {
    derivative: "∂y/∂x = sign(x)  (0 at x = 0)",
    latex: "\\frac{\\partial y}{\\partial x} = \\operatorname{sign}(x)",
    vjp: (g, [x]) => [mul(g, sign(x!))],
    rerun: ([x]) => abs(x!),
    glyph: ["abs", "\\operatorname{abs}"],
    local: (_i, [a]) => f1(call("sign", "\\operatorname{sign}", [a!.expr])),
    // the kink at 0: the input's sign
    kink: (_y, [x]) => signsOf(x!.data),
  },
  // ∂erf x/∂x = 2/√π · e^(−x²)
  erf: {
    derivative: "∂y/∂x = 2/√π · e^(−x²)",
    latex: "\\frac{\\partial y}{\\partial x} = \\frac{2}{\\sqrt{\\pi}} e^{-x^2}",
    vjp: (g, [x]) => [mul(g, mul(exp(neg(square(x!))), 2 / Math.sqrt(Math.PI)))],
    rerun: ([x]) => erf(x!),
    glyph: ["erf", "\\operatorname{erf}"],
    local: (_i, [a]) => ({
      coef: 2 / Math.sqrt(Math.PI),
      terms: [call("exp", "\\exp", [prefix("−", "-", postfix(a!.expr, "²", "^{2}"), PROD)])],
    }),
  },
  // ∂(eˣ−1)/∂x = eˣ = y + 1
  expm1: {
    derivative: "∂y/∂x = eˣ",
    latex: "\\frac{\\partial y}{\\partial x} = e^{x}",
    vjp: (g, _x, y) => [mul(g, add(y, 1))],
    rerun: ([x]) => expm1(x!),
    glyph: ["expm1", "\\operatorname{expm1}"],
    local: (_i, [a]) => f1(call("exp", "\\exp", [a!.expr])),
  },
  // ∂log(1+x)/∂x = 1/(1+x)
  log1p: {
    derivative: "∂y/∂x = 1/(1+x)",
    latex: "\\frac{\\partial y}{\\partial x} = \\frac{1}{1+x}",
    vjp: (g, [x]) => [div(g, add(x!, 1))],
    rerun: ([x]) => log1p(x!),
    glyph: ["log1p", "\\operatorname{log1p}"],
    local: (_i, [a]) => f1(recipExpr(join([num(1), a!.expr], " + ", " + ", SUM))),
  },
  // ∂sin x/∂x = cos x
  sin: {
    derivative: "∂y/∂x = cos x",
    latex: "\\frac{\\partial y}{\\partial x} = \\cos x",
    vjp: (g, [x]) => [mul(g, cos(x!))],
    rerun: ([x]) => sin(x!),
    glyph: ["sin", "\\sin"],
    local: (_i, [a]) => f1(call("cos", "\\cos", [a!.expr])),
  },
  // ∂cos x/∂x = −sin x
  cos: {
    derivative: "∂y/∂x = −sin x",
    latex: "\\frac{\\partial y}{\\partial x} = -\\sin x",
    vjp: (g, [x]) => [neg(mul(g, sin(x!)))],
    rerun: ([x]) => cos(x!),
    glyph: ["cos", "\\cos"],
    local: (_i, [a]) => ({ coef: -1, terms: [call("sin", "\\sin", [a!.expr])] }),
  },
  // ∂(1/x)/∂x = −1/x² = −y²
  reciprocal: {
    derivative: "∂y/∂x = −1/x²",
    latex: "\\frac{\\partial y}{\\partial x} = -\\frac{1}{x^2}",
    vjp: (g, _x, y) => [neg(mul(g, square(y)))],
    rerun: ([x]) => reciprocal(x!),
    forward: ([a]) => recipExpr(a!.expr),
    local: (_i, [a]) => ({ coef: -1, terms: [recipExpr(postfix(a!.expr, "²", "^{2}"))] }),
  },
  // ∂x²/∂x = 2x
  square: {
    derivative: "∂y/∂x = 2x",
    latex: "\\frac{\\partial y}{\\partial x} = 2x",
    vjp: (g, [x]) => [mul(g, mul(x!, 2))],
    fastVjp: (g, [x]) => [unaryGradConst("square", g, x!)],
    rerun: ([x]) => square(x!),
    label: () => "x² square",
    forward: ([a]) => postfix(a!.expr, "²", "^{2}"),
    local: (_i, [a]) => ({ coef: 2, terms: [a!.expr] }),
  },
  // ∂atan x/∂x = 1/(1 + x²)
  atan: {
    derivative: "∂y/∂x = 1/(1+x²)",
    latex: "\\frac{\\partial y}{\\partial x} = \\frac{1}{1+x^2}",
    vjp: (g, [x]) => [div(g, add(square(x!), 1))],
    rerun: ([x]) => atan(x!),
    glyph: ["atan", "\\arctan"],
    local: (_i, [a]) => f1(recipExpr(join([num(1), postfix(a!.expr, "²", "^{2}")], " + ", " + ", SUM))),
  },
  // ∂sinh x/∂x = cosh x
  sinh: {
    derivative: "∂y/∂x = cosh x",
    latex: "\\frac{\\partial y}{\\partial x} = \\cosh x",
    vjp: (g, [x]) => [mul(g, cosh(x!))],
    rerun: ([x]) => sinh(x!),
    glyph: ["sinh", "\\sinh"],
    local: (_i, [a]) => f1(call("cosh", "\\cosh", [a!.expr])),
  },
  // ∂cosh x/∂x = sinh x
  cosh: {
    derivative: "∂y/∂x = sinh x",
    latex: "\\frac{\\partial y}{\\partial x} = \\sinh x",
    vjp: (g, [x]) => [mul(g, sinh(x!))],
    rerun: ([x]) => cosh(x!),
    glyph: ["cosh", "\\cosh"],
    local: (_i, [a]) => f1(call("sinh", "\\sinh", [a!.expr])),
  },
} satisfies PrimitiveTable;
