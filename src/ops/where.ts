/** @file Selection: where(cond, a, b) picks from a where cond ≠ 0, else from b. */
import { backend } from "../backends/registry.js";
import { DTypeError, ValueError } from "../errors.js";
import { scalar } from "../tensor/scalar.js";
import { allocate, DEFAULT_DTYPE } from "../tensor/dtype.js";
import { broadcastShapes, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { asTensor, result, type TensorLike } from "./apply.js";
import { f1, ind, signsOf, type PrimitiveTable } from "./primitive.js";

/**
 * Picks `a` where `cond` is non-zero and `b` elsewhere, all broadcast. Gradients flow to the picked operand only.
 * @example
 * where(tensor([1, 0]), tensor([10, 20]), 0).toArray(); // [10, 0]
 */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (!(cond instanceof Tensor)) throw new ValueError(`where: cond must be a Tensor (e.g. gt(x, 0)), got ${typeof cond}.`);
  const like = a instanceof Tensor ? a : b instanceof Tensor ? b : scalar(0, cond.dtype ?? DEFAULT_DTYPE);
  const x = asTensor(a, like, "where");
  const y = asTensor(b, like, "where");
  if (cond.dtype !== x.dtype) {
    throw new DTypeError(`where: cond is ${cond.dtype} but the values are ${x.dtype}; cast one with .cast("${x.dtype}").`);
  }
  const shape = broadcastShapes(broadcastShapes(cond.shape, x.shape, "where"), y.shape, "where");
  const out = allocate(x.dtype, sizeOf(shape));
  backend().where(cond.storage, cond.shape, x.storage, x.shape, y.storage, y.shape, out, shape);
  return result("where", out, shape, [cond, x, y]);
}

/**
 * The record of where (internal: read through the registry).
 * @internal
 */
export const wherePrimitives = {
  // ∂y/∂a = [cond], ∂y/∂b = [¬cond]; cond gets no gradient
  where: {
    derivative: "∂y/∂a = [cond], ∂y/∂b = [not cond]",
    latex: "\\frac{\\partial y}{\\partial a} = [c],\\ \\frac{\\partial y}{\\partial b} = [\\lnot c]",
    vjp: (g, [c], _y, _at, needs) => [null, needs[1] ? where(c!, g, 0) : null, needs[2] ? where(c!, 0, g) : null],
    rerun: ([c, a, b]) => where(c!, a!, b!),
    glyph: ["where", "\\operatorname{where}"],
    local: (i, [c]) =>
      i === 0 ? null : f1(i === 1 ? ind(c!.expr.text, c!.expr.latex) : ind(`¬${c!.expr.text}`, `\\lnot ${c!.expr.latex}`)),
    // the branch taken: flips where the condition does
    kink: (_y, [c]) => signsOf(c!.data.map((v) => (v !== 0 ? 1 : 0))),
  },
} satisfies PrimitiveTable;
