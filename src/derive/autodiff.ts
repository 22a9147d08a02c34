/**
 * @file Builds an expression as a chainrule tensor graph (float64 scalars) and differentiates it with
 * backward, so `derive` can set the autodiff's answer beside the symbolic one.
 */
import { gradients } from "../autograd/backward.js";
import { ExpressionError } from "../errors.js";
import { relu, sigmoid, softplus, tanh } from "../ops/activation.js";
import { add, div, maximum, minimum, mul, pow, sub } from "../ops/binary.js";
import { eq, gt } from "../ops/compare.js";
import * as unaryOps from "../ops/unary.js";
import { abs, cos, erf, exp, expm1, log, log1p, neg, sign, sin, sqrt } from "../ops/unary.js";
import { tensor } from "../tensor/from-data.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Expr, FnName } from "./expr.js";
import type { Point } from "./evaluate.js";

const f64 = (v: number): Tensor => tensor(v, { dtype: "float64" });

/**
 * Where atan is not a chainrule primitive, it is built as its Taylor polynomial of degree 3 around the
 * point itself, atan(u₀) + Σₖ cₖ(u − u₀)ᵏ with u − u₀ = 0 in value but carrying u's gradient, so the
 * value and the first three derivatives at the point are exact (grad and the Hessian need two).
 */
function atanJet(u: Tensor): Tensor {
  const u0 = u.item();
  const q = 1 + u0 * u0;
  const d = sub(u, f64(u0));
  const c = [1 / q, -u0 / (q * q), (3 * u0 * u0 - 1) / (3 * q * q * q)];
  let out = add(f64(Math.atan(u0)), mul(d, f64(c[0]!)));
  out = add(out, mul(mul(d, d), f64(c[1]!)));
  return add(out, mul(mul(mul(d, d), d), f64(c[2]!)));
}

/**
 * The unary primitive `name` where this build of chainrule has it (atan, sinh and cosh are becoming
 * primitives), else `fallback`, built from the primitives there are.
 */
function primitiveOr(name: string, fallback: (u: Tensor) => Tensor): (u: Tensor) => Tensor {
  const op = (unaryOps as Readonly<Record<string, unknown>>)[name];
  return typeof op === "function" ? (op as (u: Tensor) => Tensor) : fallback;
}

/** How each function is built from chainrule's ops. */
const BUILD: { readonly [F in FnName]: (...a: Tensor[]) => Tensor } = {
  exp,
  log,
  sqrt,
  abs,
  sin,
  cos,
  // tan = sin/cos; sinh = (eˣ − e⁻ˣ)/2; cosh = (eˣ + e⁻ˣ)/2
  tan: (u) => div(sin(u), cos(u)),
  atan: primitiveOr("atan", atanJet),
  sinh: primitiveOr("sinh", (u) => mul(sub(exp(u), exp(neg(u))), f64(0.5))),
  cosh: primitiveOr("cosh", (u) => mul(add(exp(u), exp(neg(u))), f64(0.5))),
  tanh,
  sigmoid,
  relu: (u) => relu(u),
  softplus,
  erf,
  expm1,
  log1p,
  max: maximum,
  min: minimum,
  sign,
  step: (u) => gt(u, 0),
  tie: (u) => add(gt(u, 0), mul(eq(u, 0), 0.5)),
};

/**
 * The expression as a graph of chainrule ops on float64 scalars: `vars` maps each variable to its tensor.
 * @example
 * buildGraph(parseExpression("x*y"), { x: tensor(2, { dtype: "float64" }), y: tensor(3, { dtype: "float64" }) }).item(); // 6
 */
export function buildGraph(e: Expr, vars: Readonly<Record<string, Tensor>>): Tensor {
  switch (e.kind) {
    case "num":
      return f64(e.value);
    case "const":
      return f64(e.name === "pi" ? Math.PI : Math.E);
    case "var": {
      const v = vars[e.name];
      if (!v) throw new ExpressionError(`derive: the variable "${e.name}" has no value; give one in the point.`, e.pos);
      return v;
    }
    case "neg":
      return neg(buildGraph(e.arg, vars));
    case "call":
      return BUILD[e.fn](...e.args.map((a) => buildGraph(a, vars)));
    case "bin": {
      const a = buildGraph(e.left, vars);
      const b = buildGraph(e.right, vars);
      return e.op === "+" ? add(a, b) : e.op === "-" ? sub(a, b) : e.op === "*" ? mul(a, b) : e.op === "/" ? div(a, b) : pow(a, b);
    }
  }
}

/** What the autodiff computes at one point. */
export interface AutodiffResult {
  value: number;
  gradient: number[];
  /** ∂²f/∂wrtᵢ∂wrtⱼ, when asked for. */
  hessian?: number[][];
}

/**
 * The value, gradient (and optionally Hessian) of `e` at `at` by chainrule's backward pass; `wrt` lists
 * the variables differentiated, the other variables of `at` are held constant.
 * @example
 * autodiffAt(parseExpression("x^2*y"), ["x", "y"], { x: 3, y: 2 }).gradient; // [12, 9]
 */
export function autodiffAt(e: Expr, wrt: readonly string[], at: Point, withHessian = false): AutodiffResult {
  const vars: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(at)) vars[k] = tensor(v, { dtype: "float64", requiresGrad: wrt.includes(k) });
  const inputs = wrt.map((k) => vars[k]!);
  const out = buildGraph(e, vars);
  const value = out.item();
  if (!out.requiresGrad) return { value, gradient: wrt.map(() => 0), ...(withHessian ? { hessian: wrt.map(() => wrt.map(() => 0)) } : {}) };
  const grads = gradients(out, inputs, undefined, { createGraph: withHessian });
  const gradient = grads.map((g) => g.item());
  if (!withHessian) return { value, gradient };
  const hessian = grads.map((g) => (g.requiresGrad ? gradients(g, inputs).map((h) => h.item()) : wrt.map(() => 0)));
  return { value, gradient, hessian };
}
