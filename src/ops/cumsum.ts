/** @file Cumulative sums along an axis: cumsum, a primitive whose adjoint is the same sum run from the other end. */
import { backend } from "../backends/registry.js";
import { ShapeError } from "../errors.js";
import { allocateOutput } from "../tensor/dtype.js";
import { normalizeAxis, sizeOf } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTensor, result } from "./apply.js";
import { f1, ind, type PrimitiveTable } from "./primitive.js";

/** The attributes cumsum records: the axis, and whether the sums run from its end (the adjoint's direction). */
export type CumsumAttrs = { readonly axis: number; readonly reverse: boolean };

/**
 * Cumulative sums along `axis` (negative counts from the end): `y[…, j, …] = Σ_{t ≤ j} x[…, t, …]`,
 * like NumPy's cumsum and PyTorch's torch.cumsum. Sums run in float64 and round once per element.
 * @example
 * cumsum(tensor([[1, 2, 3], [4, 5, 6]]), 1).toArray(); // [[1, 3, 6], [4, 9, 15]]
 */
export function cumsum(x: Tensor, axis: number): Tensor {
  checkTensor(x, "cumsum");
  if (axis === undefined) {
    throw new ShapeError(`cumsum: give the axis to sum along, e.g. cumsum(x, -1) for ${x.describe()}.`);
  }
  const ax = normalizeAxis(axis, x.ndim, "cumsum");
  return cumsumWith(x, { axis: ax, reverse: false });
}

function cumsumWith(x: Tensor, a: CumsumAttrs): Tensor {
  // a 0-d tensor is one running sum of one element
  const len = x.ndim === 0 ? 1 : x.shape[a.axis]!;
  const outer = sizeOf(x.shape.slice(0, a.axis));
  const inner = sizeOf(x.shape.slice(a.axis + 1));
  const out = allocateOutput(x.dtype, x.size);
  backend().cumsum(x.storage, outer, len, inner, a.reverse, out);
  return result("cumsum", out, x.shape.slice(), [x], a);
}

/**
 * The record of cumsum (internal: read through the registry): a linear map by a triangle of ones,
 * whose transpose is the cumulative sum in the other direction.
 * @internal
 */
export const cumsumPrimitives = {
  // yⱼ = Σ_{t≤j} xₜ: ∂yⱼ/∂xₜ = [t ≤ j], so ∂L/∂xₜ = Σ_{j≥t} Gⱼ (a cumulative sum of G from the end)
  cumsum: {
    derivative: "∂yⱼ/∂xₜ = [t ≤ j]; ∂L/∂x = cumsum of G from the end",
    latex: "\\frac{\\partial y_j}{\\partial x_t} = \\mathbb{1}[t \\le j]",
    vjp: (g, _x, _y, a: CumsumAttrs) => [cumsumWith(g, { axis: a.axis, reverse: !a.reverse })],
    rerun: ([x], a: CumsumAttrs) => cumsumWith(x!, a),
    glyph: ["cumsum", "\\operatorname{cumsum}"],
    local: (_i, _ins, a: CumsumAttrs) => f1(a.reverse ? ind("t ≥ j", "t \\ge j") : ind("t ≤ j", "t \\le j")),
  },
} satisfies PrimitiveTable;
