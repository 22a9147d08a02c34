/**
 * @file The symbolic derivative rules of `derive`, keyed by chainrule's primitive names: the same
 * formulas as the autodiff's vector–Jacobian products in src/ops (tests/derive/rules.test.ts checks
 * every one against its VJP numerically), plus the functions that are compositions of primitives.
 */
import type { PrimitiveName } from "../ops/primitive-names.js";
import { add, call, div, mul, neg, num, pow, sub, type Expr, type FnName } from "./expr.js";

/** The elementwise primitives an expression can reach; each one's symbolic rule is below. */
export type ScalarPrimitive = Extract<
  PrimitiveName,
  | "neg"
  | "exp"
  | "log"
  | "sqrt"
  | "abs"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "softplus"
  | "erf"
  | "expm1"
  | "log1p"
  | "sin"
  | "cos"
  | "reciprocal"
  | "square"
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "pow"
  | "maximum"
  | "minimum"
>;

/** The derivative of one function y = f(a, b, …), as expressions. */
export interface SymbolicRule {
  /** ∂y/∂(each argument), written with the arguments `args` and the output `y` (the node itself). */
  partials(args: readonly Expr[], y: Expr): Expr[];
  /** The subgradient chainrule uses where f is not differentiable, said for people. */
  readonly kink?: string;
}

/** The primitives' rules: the formula comment above each is the one in src/ops. */
export const primitiveRules: { readonly [P in ScalarPrimitive]: SymbolicRule } = {
  // ∂(−x)/∂x = −1
  neg: { partials: () => [num(-1)] },
  // ∂eˣ/∂x = eˣ = y
  exp: { partials: (_a, y) => [y] },
  // ∂log x/∂x = 1/x
  log: { partials: ([x]) => [div(1, x!)] },
  // ∂√x/∂x = 1/(2√x) = 1/(2y)
  sqrt: { partials: (_a, y) => [div(1, mul(2, y))] },
  // ∂|x|/∂x = sign(x), with 0 at x = 0
  abs: { partials: ([x]) => [call("sign", x!)], kink: "abs′(0) = sign(0) = 0 (chainrule's subgradient)" },
  // σ′(x) = σ(x)(1 − σ(x)) = y(1 − y)
  sigmoid: { partials: (_a, y) => [mul(y, sub(1, y))] },
  // tanh′(x) = 1 − tanh²(x) = 1 − y²
  tanh: { partials: (_a, y) => [sub(1, pow(y, 2))] },
  // ReLU′(x) = [x > 0], and 0 at x = 0
  relu: { partials: ([x]) => [call("step", x!)], kink: "ReLU′(0) = 0 (chainrule's subgradient)" },
  // softplus′(x) = σ(x)
  softplus: { partials: ([x]) => [call("sigmoid", x!)] },
  // ∂erf x/∂x = 2/√π · e^(−x²)
  erf: { partials: ([x]) => [mul(div(2, call("sqrt", { kind: "const", name: "pi" })), call("exp", neg(pow(x!, 2))))] },
  // ∂(eˣ−1)/∂x = eˣ
  expm1: { partials: ([x]) => [call("exp", x!)] },
  // ∂log(1+x)/∂x = 1/(1+x)
  log1p: { partials: ([x]) => [div(1, add(1, x!))] },
  // ∂sin x/∂x = cos x
  sin: { partials: ([x]) => [call("cos", x!)] },
  // ∂cos x/∂x = −sin x
  cos: { partials: ([x]) => [neg(call("sin", x!))] },
  // ∂(1/x)/∂x = −1/x²
  reciprocal: { partials: ([x]) => [neg(div(1, pow(x!, 2)))] },
  // ∂x²/∂x = 2x
  square: { partials: ([x]) => [mul(2, x!)] },
  // ∂(a+b)/∂a = 1, ∂(a+b)/∂b = 1
  add: { partials: () => [num(1), num(1)] },
  // ∂(a−b)/∂a = 1, ∂(a−b)/∂b = −1
  sub: { partials: () => [num(1), num(-1)] },
  // ∂(ab)/∂a = b, ∂(ab)/∂b = a
  mul: { partials: ([a, b]) => [b!, a!] },
  // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²
  div: { partials: ([a, b]) => [div(1, b!), neg(div(a!, pow(b!, 2)))] },
  // ∂aᵇ/∂a = b·aᵇ⁻¹, ∂aᵇ/∂b = aᵇ·log a
  pow: { partials: ([a, b], y) => [mul(b!, pow(a!, sub(b!, 1))), mul(y, call("log", a!))] },
  // ∂max(a,b)/∂a = [a > b], ∂max(a,b)/∂b = [b > a], ½ each at a tie
  maximum: {
    partials: ([a, b]) => [call("tie", sub(a!, b!)), call("tie", sub(b!, a!))],
    kink: "max′ at a tie (a = b) gives ½ to each argument (chainrule's subgradient)",
  },
  // ∂min(a,b)/∂a = [a < b], ∂min(a,b)/∂b = [b < a], ½ each at a tie
  minimum: {
    partials: ([a, b]) => [call("tie", sub(b!, a!)), call("tie", sub(a!, b!))],
    kink: "min′ at a tie (a = b) gives ½ to each argument (chainrule's subgradient)",
  },
};

/** Functions that are not primitives: their derivatives, which follow from the primitives they are made of. */
export const compositeRules = {
  // tan x = sin x / cos x, so tan′x = 1/cos²x = 1 + tan²x
  tan: { partials: (_a, y) => [add(1, pow(y, 2))] },
  // atan′x = 1/(1 + x²)
  atan: { partials: ([x]) => [div(1, add(1, pow(x!, 2)))] },
  // sinh x = (eˣ − e⁻ˣ)/2, so sinh′x = cosh x
  sinh: { partials: ([x]) => [call("cosh", x!)] },
  // cosh x = (eˣ + e⁻ˣ)/2, so cosh′x = sinh x
  cosh: { partials: ([x]) => [call("sinh", x!)] },
  // sign, [x > 0] and the tie indicator are flat wherever they are differentiable (chainrule gives them no gradient)
  sign: { partials: () => [num(0)] },
  step: { partials: () => [num(0)] },
  tie: { partials: () => [num(0)] },
} satisfies Record<string, SymbolicRule>;

/** The primitive (or composite) each written function differentiates by. */
const FN_RULE: { readonly [F in FnName]: ScalarPrimitive | keyof typeof compositeRules } = {
  exp: "exp",
  log: "log",
  sqrt: "sqrt",
  abs: "abs",
  sin: "sin",
  cos: "cos",
  tan: "tan",
  atan: "atan",
  sinh: "sinh",
  cosh: "cosh",
  tanh: "tanh",
  sigmoid: "sigmoid",
  relu: "relu",
  softplus: "softplus",
  erf: "erf",
  expm1: "expm1",
  log1p: "log1p",
  max: "maximum",
  min: "minimum",
  sign: "sign",
  step: "step",
  tie: "tie",
};

const BIN_RULE = { "+": "add", "-": "sub", "*": "mul", "/": "div", "^": "pow" } as const;

/** The name of the rule that differentiates node `e` (a primitive name where there is one). */
export function ruleName(e: Expr): ScalarPrimitive | keyof typeof compositeRules | null {
  if (e.kind === "neg") return "neg";
  if (e.kind === "bin") return BIN_RULE[e.op];
  if (e.kind === "call") return FN_RULE[e.fn];
  return null;
}

/** The rule of node `e`. */
export function ruleOf(e: Expr): SymbolicRule | null {
  const name = ruleName(e);
  if (name === null) return null;
  return name in primitiveRules ? primitiveRules[name as ScalarPrimitive] : compositeRules[name as keyof typeof compositeRules];
}

/** The arguments of node `e`. */
export function argsOf(e: Expr): readonly Expr[] {
  if (e.kind === "neg") return [e.arg];
  if (e.kind === "bin") return [e.left, e.right];
  if (e.kind === "call") return e.args;
  return [];
}
