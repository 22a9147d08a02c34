/** @file Elementwise arithmetic of two broadcast inputs: each primitive's forward function and its record side by side. */
import { noGrad } from "../tape/grad-mode.js";
import { backend } from "../backends/registry.js";
import type { BinaryKernelName } from "../backends/kernels.js";
import { ValueError } from "../errors.js";
import { ATOM, PROD, SUM, call, join, num, postfix, wrap, type Expr, type Factor } from "./expr.js";
import { scalar } from "../tensor/scalar.js";
import { allocateOutput, DEFAULT_DTYPE } from "../tensor/dtype.js";
import { broadcastShapes, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { asTensor, constOutput, result, type TensorLike } from "./apply.js";
import { eq, gt } from "./compare.js";
import { f1, ind, one, recipExpr, signsOf, type Operand, type PrimitiveTable } from "./primitive.js";
import { log, neg, square } from "./unary.js";
import { where } from "./where.js";

/** Resolves two operands (one may be a plain number) to tensors of one dtype. */
export function operands(a: TensorLike, b: TensorLike, op: string): [Tensor, Tensor] {
  if (a instanceof Tensor) return [a, asTensor(b, a, op)];
  if (b instanceof Tensor) return [asTensor(a, b, op), b];
  if (typeof a === "number" && typeof b === "number") return [scalar(a, DEFAULT_DTYPE), scalar(b, DEFAULT_DTYPE)];
  throw new ValueError(`${op}: expected Tensors or numbers, got ${typeof a} and ${typeof b}.`);
}

/** Runs a broadcasting binary kernel and records the primitive of the same name when `record` is set (comparisons: no node). */
export function binary(op: BinaryKernelName, a: TensorLike, b: TensorLike, record: boolean): Tensor {
  const [x, y] = operands(a, b, op);
  const shape = broadcastShapes(x.shape, y.shape, op);
  const out = allocateOutput(x.dtype, sizeOf(shape));
  backend().binary[op](x.storage, x.shape, y.storage, y.shape, out, shape);
  return record ? result(op, out, shape, [x, y]) : constOutput(out, shape);
}

/**
 * a + b, broadcast.
 * @example
 * add(tensor([1, 2]), 10).toArray(); // [11, 12]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary("add", a, b, true);
}
/**
 * a − b, broadcast.
 * @example
 * sub(tensor([5]), tensor([2])).toArray(); // [3]
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary("sub", a, b, true);
}
/**
 * a · b elementwise, broadcast.
 * @example
 * mul(tensor([[1], [2]]), tensor([10, 20])).toArray(); // [[10, 20], [20, 40]]
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary("mul", a, b, true);
}
/**
 * a / b elementwise, broadcast.
 * @example
 * div(tensor([1]), 4).toArray(); // [0.25]
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary("div", a, b, true);
}
/**
 * aᵇ elementwise, broadcast.
 * @example
 * pow(tensor([2, 3]), 2).toArray(); // [4, 9]
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return binary("pow", a, b, true);
}
/**
 * The larger of a and b elementwise; at a tie the gradient is split equally.
 * @example
 * maximum(tensor([1, 5]), 3).toArray(); // [3, 5]
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binary("maximum", a, b, true);
}
/**
 * The smaller of a and b elementwise; at a tie the gradient is split equally.
 * @example
 * minimum(tensor([1, 5]), 3).toArray(); // [1, 3]
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binary("minimum", a, b, true);
}

/** Gradient share of the first operand of maximum/minimum: 1 where it wins, ½ at a tie, 0 where it loses. */
function winnerShare(x: Tensor, y: Tensor, out: Tensor): Tensor {
  const wins = eq(x, out);
  const tie = eq(x, y);
  return backendSub(wins, mulConst(tie, 0.5));
}

function mulConst(t: Tensor, c: number): Tensor {
  return binary("mul", t, c, false);
}

function backendSub(a: Tensor, b: Tensor): Tensor {
  return binary("sub", a, b, false);
}

/** A box label with a plain-number operand written in ("× 0.5", "2 − ·"), else `base`. */
function arithLabel(symbol: string, base: string): (c: readonly (string | null)[]) => string {
  return (c) => (c[0] != null ? `${c[0]} ${symbol} ·` : c[1] != null ? `${symbol} ${c[1]}` : base);
}

/** aᵇ as a formula: a², a³, or a^b. */
function powExpr(ins: readonly Operand[]): Expr {
  const a = ins[0]!.expr;
  const c = ins[1]!.constant;
  if (c === 2 || c === 3) return postfix(a, c === 2 ? "²" : "³", `^{${c}}`);
  return {
    text: `${wrap(a, ATOM).text}^${wrap(ins[1]!.expr, ATOM).text}`,
    latex: `{${wrap(a, ATOM).latex}}^{${ins[1]!.expr.latex}}`,
    prec: ATOM - 1,
  };
}

/** The winner indicator of maximum (">") or minimum ("<") for input i. */
function winner(rel: string, i: number, [x, y]: readonly Operand[]): Factor {
  const [p, q] = i === 0 ? [x!.expr, y!.expr] : [y!.expr, x!.expr];
  return f1(ind(`${p.text} ${rel} ${q.text}`, `${p.latex} ${rel} ${q.latex}`));
}

/**
 * The records of the binary primitives (internal: read through the registry). The engine sums each
 * gradient back to its input's shape.
 * @internal
 */
export const binaryPrimitives = {
  // ∂(a+b)/∂a = 1, ∂(a+b)/∂b = 1
  add: {
    derivative: "∂y/∂a = 1, ∂y/∂b = 1",
    latex: "\\frac{\\partial y}{\\partial a} = 1,\\ \\frac{\\partial y}{\\partial b} = 1",
    vjp: (g) => [g, g],
    rerun: ([a, b]) => add(a!, b!),
    label: arithLabel("+", "+ add"),
    forward: (ins) => join(exprs(ins), " + ", " + ", SUM),
    local: () => one(),
  },
  // ∂(a−b)/∂a = 1, ∂(a−b)/∂b = −1
  sub: {
    derivative: "∂y/∂a = 1, ∂y/∂b = −1",
    latex: "\\frac{\\partial y}{\\partial a} = 1,\\ \\frac{\\partial y}{\\partial b} = -1",
    vjp: (g, _i, _y, _a, needs) => [g, needs[1] ? neg(g) : null],
    rerun: ([a, b]) => sub(a!, b!),
    label: arithLabel("−", "− sub"),
    forward: (ins) => join(exprs(ins), " − ", " - ", SUM),
    local: (i) => ({ coef: i === 0 ? 1 : -1, terms: [] }),
  },
  // ∂(ab)/∂a = b, ∂(ab)/∂b = a
  mul: {
    derivative: "∂y/∂a = b, ∂y/∂b = a",
    latex: "\\frac{\\partial y}{\\partial a} = b,\\ \\frac{\\partial y}{\\partial b} = a",
    vjp: (g, [a, b], _y, _at, needs) => [needs[0] ? mul(g, b!) : null, needs[1] ? mul(g, a!) : null],
    rerun: ([a, b]) => mul(a!, b!),
    label: arithLabel("×", "× mul"),
    forward: (ins) => {
      const e = exprs(ins);
      // a plain number reads first: 0.5·Σ x², not Σ x²·0.5
      const ordered = ins[1]!.constant !== null && ins[0]!.constant === null ? [e[1]!, e[0]!] : e;
      return ins.some((i) => i.ndim === 0) ? join(ordered, "·", " \\cdot ", PROD) : join(ordered, " ⊙ ", " \\odot ", PROD);
    },
    local: (i, ins) => {
      const c = ins[1 - i]!.constant;
      return c !== null ? { coef: c, terms: [] } : f1(ins[1 - i]!.expr);
    },
  },
  // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²
  div: {
    derivative: "∂y/∂a = 1/b, ∂y/∂b = −a/b²",
    latex: "\\frac{\\partial y}{\\partial a} = \\frac{1}{b},\\ \\frac{\\partial y}{\\partial b} = -\\frac{a}{b^2}",
    vjp: (g, [a, b], _y, _at, needs) => [needs[0] ? div(g, b!) : null, needs[1] ? neg(div(mul(g, a!), square(b!))) : null],
    rerun: ([a, b]) => div(a!, b!),
    label: arithLabel("÷", "÷ div"),
    forward: (ins) => {
      const e = exprs(ins);
      return { text: join(e, "/", "/", PROD).text, latex: `\\frac{${e[0]!.latex}}{${e[1]!.latex}}`, prec: PROD };
    },
    local: (i, [x, y]) => {
      const [a, b] = [x!.expr, y!.expr];
      if (i === 0) return y!.constant !== null ? { coef: 1 / y!.constant, terms: [] } : f1(recipExpr(b));
      const b2 = postfix(b, "²", "^{2}");
      return { coef: -1, terms: [{ text: `${wrap(a, ATOM).text}/${b2.text}`, latex: `\\frac{${a.latex}}{${b2.latex}}`, prec: PROD }] };
    },
  },
  // ∂aᵇ/∂a = b·aᵇ⁻¹, ∂aᵇ/∂b = aᵇ·log a (taken as 0 where a ≤ 0)
  pow: {
    derivative: "∂y/∂a = b·a^(b−1), ∂y/∂b = a^b·log a",
    latex: "\\frac{\\partial y}{\\partial a} = b\\,a^{b-1},\\ \\frac{\\partial y}{\\partial b} = a^{b}\\log a",
    vjp: (g, [a, b], y, _at, needs) => [
      // where b = 0 the base is replaced by 1, so 0·0⁻¹ cannot make a NaN (∂a⁰/∂a = 0, also at a = 0)
      needs[0] ? mul(g, mul(b!, pow(where(eq(b!, 0), 1, a!), sub(b!, 1)))) : null,
      needs[1] ? mul(g, where(gt(a!, 0), mul(y, log(where(gt(a!, 0), a!, 1))), 0)) : null,
    ],
    rerun: ([a, b]) => pow(a!, b!),
    label: arithLabel("^", "pow"),
    forward: (ins) => powExpr(ins),
    local: (i, ins) => {
      const [x, y] = [ins[0]!, ins[1]!];
      const c = y.constant;
      if (i === 1) return { coef: 1, terms: [powExpr(ins), call("log", "\\log", [x.expr])] };
      if (c !== null) {
        if (c - 1 === 0) return { coef: c, terms: [] };
        if (c - 1 === 1) return { coef: c, terms: [x.expr] };
        return { coef: c, terms: [powExpr([x, { expr: num(c - 1), constant: c - 1, ndim: 0 }])] };
      }
      const exponent = join([y.expr, num(1)], " − ", " - ", SUM);
      return { coef: 1, terms: [y.expr, powExpr([x, { expr: exponent, constant: null, ndim: 0 }])] };
    },
  },
  // ∂max(a,b)/∂a = 1 where a > b, ½ where a = b, 0 where a < b (and the mirror for b)
  maximum: {
    derivative: "∂y/∂a = [a > b] (½ at a tie), ∂y/∂b = [b > a] (½ at a tie)",
    latex: "\\frac{\\partial y}{\\partial a} = [a > b],\\ \\frac{\\partial y}{\\partial b} = [b > a]",
    vjp: (g, [a, b], y) => {
      const share = winnerShare(a!, b!, y);
      return [mul(g, share), mul(g, binary("sub", 1, share, false))];
    },
    rerun: ([a, b]) => maximum(a!, b!),
    glyph: ["max", "\\max"],
    local: (i, ins) => winner(">", i, ins),
    // the kink at a tie: which operand is larger
    kink: (_y, [a, b]) => signsOf(noGrad(() => sub(a!, b!)).data),
  },
  // ∂min(a,b)/∂a = 1 where a < b, ½ where a = b, 0 where a > b (and the mirror for b)
  minimum: {
    derivative: "∂y/∂a = [a < b] (½ at a tie), ∂y/∂b = [b < a] (½ at a tie)",
    latex: "\\frac{\\partial y}{\\partial a} = [a < b],\\ \\frac{\\partial y}{\\partial b} = [b < a]",
    vjp: (g, [a, b], y) => {
      const share = winnerShare(a!, b!, y);
      return [mul(g, share), mul(g, binary("sub", 1, share, false))];
    },
    rerun: ([a, b]) => minimum(a!, b!),
    glyph: ["min", "\\min"],
    local: (i, ins) => winner("<", i, ins),
    kink: (_y, [a, b]) => signsOf(noGrad(() => sub(a!, b!)).data),
  },
} satisfies PrimitiveTable;

function exprs(ins: readonly Operand[]): Expr[] {
  return ins.map((i) => i.expr);
}
