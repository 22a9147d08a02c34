/** @file Elementwise arithmetic of two broadcast inputs: forward kernels and derivative rules side by side. */
import { backend } from "../backends/registry.js";
import type { BinaryKernelName } from "../backends/kernels.js";
import { ValueError } from "../errors.js";
import { scalar } from "../tensor/create.js";
import { allocateOutput, DEFAULT_DTYPE } from "../tensor/dtype.js";
import { broadcastShapes, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { asTensor, result, type TensorLike } from "./apply.js";
import { eq, gt } from "./compare.js";
import type { PrimitiveName } from "./primitive-names.js";
import type { Rule } from "./rule.js";
import { log, neg, square } from "./unary.js";
import { where } from "./where.js";

/** Resolves two operands (one may be a plain number) to tensors of one dtype. */
export function operands(a: TensorLike, b: TensorLike, op: string): [Tensor, Tensor] {
  if (a instanceof Tensor) return [a, asTensor(b, a, op)];
  if (b instanceof Tensor) return [asTensor(a, b, op), b];
  if (typeof a === "number" && typeof b === "number") return [scalar(a, DEFAULT_DTYPE), scalar(b, DEFAULT_DTYPE)];
  throw new ValueError(`${op}: expected Tensors or numbers, got ${typeof a} and ${typeof b}.`);
}

/** Runs a broadcasting binary kernel and records the primitive (or no node for comparisons). */
export function binary(op: BinaryKernelName, a: TensorLike, b: TensorLike, record: PrimitiveName | null): Tensor {
  const [x, y] = operands(a, b, op);
  const shape = broadcastShapes(x.shape, y.shape, op);
  const out = allocateOutput(x.dtype, sizeOf(shape));
  backend().binary[op](x.storage, x.shape, y.storage, y.shape, out, shape);
  return record ? result(record, out, shape, [x, y]) : new Tensor(out, shape);
}

/**
 * a + b, broadcast.
 * @example
 * add(tensor([1, 2]), 10).toArray(); // [11, 12]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary("add", a, b, "add");
}
/**
 * a − b, broadcast.
 * @example
 * sub(tensor([5]), tensor([2])).toArray(); // [3]
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary("sub", a, b, "sub");
}
/**
 * a · b elementwise, broadcast.
 * @example
 * mul(tensor([[1], [2]]), tensor([10, 20])).toArray(); // [[10, 20], [20, 40]]
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary("mul", a, b, "mul");
}
/**
 * a / b elementwise, broadcast.
 * @example
 * div(tensor([1]), 4).toArray(); // [0.25]
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary("div", a, b, "div");
}
/**
 * aᵇ elementwise, broadcast.
 * @example
 * pow(tensor([2, 3]), 2).toArray(); // [4, 9]
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return binary("pow", a, b, "pow");
}
/**
 * The larger of a and b elementwise; at a tie the gradient is split equally.
 * @example
 * maximum(tensor([1, 5]), 3).toArray(); // [3, 5]
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binary("maximum", a, b, "maximum");
}
/**
 * The smaller of a and b elementwise; at a tie the gradient is split equally.
 * @example
 * minimum(tensor([1, 5]), 3).toArray(); // [1, 3]
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binary("minimum", a, b, "minimum");
}

/** Gradient share of the first operand of maximum/minimum: 1 where it wins, ½ at a tie, 0 where it loses. */
function winnerShare(x: Tensor, y: Tensor, out: Tensor): Tensor {
  const wins = eq(x, out);
  const tie = eq(x, y);
  return backendSub(wins, mulConst(tie, 0.5));
}

function mulConst(t: Tensor, c: number): Tensor {
  return binary("mul", t, c, null);
}

function backendSub(a: Tensor, b: Tensor): Tensor {
  return binary("sub", a, b, null);
}

/** Derivative rules of the binary primitives. The engine sums each gradient back to its input's shape. */
export const binaryRules = {
  // ∂(a+b)/∂a = 1, ∂(a+b)/∂b = 1
  add: {
    derivative: "∂y/∂a = 1, ∂y/∂b = 1",
    latex: "\\frac{\\partial y}{\\partial a} = 1,\\ \\frac{\\partial y}{\\partial b} = 1",
    vjp: (g) => [g, g],
  },
  // ∂(a−b)/∂a = 1, ∂(a−b)/∂b = −1
  sub: {
    derivative: "∂y/∂a = 1, ∂y/∂b = −1",
    latex: "\\frac{\\partial y}{\\partial a} = 1,\\ \\frac{\\partial y}{\\partial b} = -1",
    vjp: (g, _i, _y, _a, needs) => [g, needs[1] ? neg(g) : null],
  },
  // ∂(ab)/∂a = b, ∂(ab)/∂b = a
  mul: {
    derivative: "∂y/∂a = b, ∂y/∂b = a",
    latex: "\\frac{\\partial y}{\\partial a} = b,\\ \\frac{\\partial y}{\\partial b} = a",
    vjp: (g, [a, b], _y, _at, needs) => [needs[0] ? mul(g, b!) : null, needs[1] ? mul(g, a!) : null],
  },
  // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²
  div: {
    derivative: "∂y/∂a = 1/b, ∂y/∂b = −a/b²",
    latex: "\\frac{\\partial y}{\\partial a} = \\frac{1}{b},\\ \\frac{\\partial y}{\\partial b} = -\\frac{a}{b^2}",
    vjp: (g, [a, b], _y, _at, needs) => [needs[0] ? div(g, b!) : null, needs[1] ? neg(div(mul(g, a!), square(b!))) : null],
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
  },
  // ∂max(a,b)/∂a = 1 where a > b, ½ where a = b, 0 where a < b (and the mirror for b)
  maximum: {
    derivative: "∂y/∂a = [a > b] (½ at a tie), ∂y/∂b = [b > a] (½ at a tie)",
    latex: "\\frac{\\partial y}{\\partial a} = [a > b],\\ \\frac{\\partial y}{\\partial b} = [b > a]",
    vjp: (g, [a, b], y) => {
      const share = winnerShare(a!, b!, y);
      return [mul(g, share), mul(g, binary("sub", 1, share, null))];
    },
  },
  // ∂min(a,b)/∂a = 1 where a < b, ½ where a = b, 0 where a > b (and the mirror for b)
  minimum: {
    derivative: "∂y/∂a = [a < b] (½ at a tie), ∂y/∂b = [b < a] (½ at a tie)",
    latex: "\\frac{\\partial y}{\\partial a} = [a < b],\\ \\frac{\\partial y}{\\partial b} = [b < a]",
    vjp: (g, [a, b], y) => {
      const share = winnerShare(a!, b!, y);
      return [mul(g, share), mul(g, binary("sub", 1, share, null))];
    },
  },
} satisfies Record<string, Rule>;
