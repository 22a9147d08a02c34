/** @file log-softmax as one stable primitive (one pass per row, forward and backward), and softmax = exp(logSoftmax). */
import { backend } from "../backends/registry.js";
import { ATOM } from "./expr.js";
import { allocateOutput } from "../tensor/dtype.js";
import { normalizeAxis } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkTensor, result } from "./apply.js";
import { mul, sub } from "./binary.js";
import { sum } from "./reduce.js";
import { f1, type PrimitiveTable } from "./primitive.js";
import { exp } from "./unary.js";

/**
 * log softmax along `axis`: (x − m) − log Σ exp(x − m) with m the row's max, so it stays exact at
 * |x| ≈ 1000 where x − logsumexp(x) would lose the low digits of a large number. One primitive: one
 * pass per row forward and backward, one graph node (∂yᵢ/∂xⱼ = δᵢⱼ − softmax(x)ⱼ).
 * @example
 * logSoftmax(tensor([1000, 0])).toArray(); // [0, -1000]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  checkTensor(x, "logSoftmax");
  const ax = normalizeAxis(axis, x.ndim, "logSoftmax");
  const out = allocateOutput(x.dtype, x.storage.length);
  backend().logSoftmax(x.storage, x.shape, ax, out);
  return result("logSoftmax", out, x.shape.slice(), [x], { axis: ax });
}

/**
 * softmax along `axis`: exp(logSoftmax(x)), so it never overflows.
 * @example
 * softmax(tensor([0, 0])).toArray(); // [0.5, 0.5]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  return exp(logSoftmax(x, axis));
}

/**
 * The record of log-softmax, its derivative from the output y (softmax(x) = exp(y)) (internal: read
 * through the registry).
 * @internal
 */
export const softmaxPrimitives = {
  // ∂L/∂x = g − softmax(x)·Σ g along the axis (the Jacobian is I − 1·softmax(x)ᵀ per row)
  logSoftmax: {
    derivative: "∂yᵢ/∂xⱼ = δᵢⱼ − softmax(x)ⱼ",
    latex: "\\frac{\\partial y_i}{\\partial x_j} = \\delta_{ij} - \\operatorname{softmax}(x)_j",
    vjp: (g, _x, y, attrs: AxisAttrs) => [sub(g, mul(exp(y), sum(g, attrs.axis, true)))],
    fastVjp: (g, _x, y, attrs: AxisAttrs) => {
      const out = allocateOutput(g.dtype, g.storage.length);
      backend().logSoftmaxGrad(g.storage, y.storage, g.shape, attrs.axis, out);
      return [new Tensor(out, g.shape.slice())];
    },
    rerun: ([x], attrs: AxisAttrs) => logSoftmax(x!, attrs.axis),
    glyph: ["logSoftmax", "\\operatorname{logSoftmax}"],
    // the Jacobian of each row: ∂yᵢ/∂xⱼ = δᵢⱼ − softmax(x)ⱼ
    local: (_i, [x]) =>
      f1({ text: `(δ − softmax(${x!.expr.text}))`, latex: `(\\delta - \\operatorname{softmax}(${x!.expr.latex}))`, prec: ATOM }),
  },
} satisfies PrimitiveTable;

/** The attribute logSoftmax records: its (non-negative) axis. */
type AxisAttrs = { readonly axis: number };
