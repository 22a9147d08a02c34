/** @file Shape movement: reshape, transpose and expand — and their records. */
import { backend } from "../backends/registry.js";
import { ShapeError } from "../errors.js";
import { sumToShape } from "./unbroadcast.js";
import { atom, postfix } from "./expr.js";
import { allocate } from "../tensor/dtype.js";
import { broadcastShapes, checkShape, fmtShape, normalizeAxis, sameShape, sizeOf } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkAnyTensor, checkTensor, result } from "./apply.js";
import { f1, one, type PrimitiveTable } from "./primitive.js";

/**
 * The same data with a new shape of the same size; one entry may be −1 (inferred). Shares the data.
 * @example
 * reshape(arange(6), [2, -1]).shape; // [2, 3]
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkAnyTensor(x, "reshape");
  const target = checkSizes(shape, x);
  const unknown = target.indexOf(-1);
  if (unknown >= 0) {
    const known = target.reduce((acc, d, i) => (i === unknown ? acc : acc * d), 1);
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(`reshape: cannot infer the -1 in ${fmtShape(shape)} for ${x.size} elements of ${x.describe()}.`);
    }
    target[unknown] = x.size / known;
  }
  if (!target.every((d) => Number.isInteger(d) && d >= 0) || sizeOf(target) !== x.size) {
    throw new ShapeError(
      `reshape: cannot reshape ${x.describe()} (${x.size} elements) to ${fmtShape(shape)} (${sizeOf(target)} elements); the sizes must match. Use -1 for one axis to infer it.`,
    );
  }
  if (sameShape(target, x.shape)) return x;
  return result("reshape", x.store, target, [x]);
}

/** Checks reshape's sizes: integers ≥ 0, with at most one −1 (inferred). */
function checkSizes(shape: readonly number[], x: Tensor): number[] {
  if (!Array.isArray(shape))
    throw new ShapeError(`reshape: the shape must be an array of sizes like [2, 3], got ${JSON.stringify(shape)}.`);
  let inferred = 0;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isInteger(d) || d < -1) {
      throw new ShapeError(
        `reshape: size ${d} at position ${i} of ${fmtShape(shape)} is not a non-negative integer (or -1 to infer it); cannot reshape ${x.describe()}.`,
      );
    }
    if (d === -1) inferred++;
  }
  if (inferred > 1) {
    throw new ShapeError(`reshape: ${fmtShape(shape)} has more than one -1; only one -1 can be inferred (from ${x.size} elements).`);
  }
  return shape.slice();
}

/**
 * Permutes the axes (default: reverses them). Output axis i is input axis perm[i].
 * @example
 * transpose(zeros([2, 3, 4]), [0, 2, 1]).shape; // [2, 4, 3]
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  checkTensor(x, "transpose");
  if (perm !== undefined && !Array.isArray(perm)) {
    throw new ShapeError(`transpose: perm must be an array of axes like [1, 0], got ${JSON.stringify(perm)}.`);
  }
  const p = perm ? perm.map((a) => normalizeAxis(a, x.ndim, "transpose")) : x.shape.map((_, i) => x.ndim - 1 - i);
  if (p.length !== x.ndim || new Set(p).size !== p.length) {
    throw new ShapeError(`transpose: perm ${JSON.stringify(perm)} is not a permutation of the ${x.ndim} axes of ${x.describe()}.`);
  }
  if (p.every((v, i) => v === i)) return x;
  const out = allocate(x.dtype, x.size);
  backend().transpose(x.storage, x.shape, p, out);
  return result(
    "transpose",
    out,
    p.map((a) => x.shape[a]!),
    [x],
    { perm: p },
  );
}

/**
 * Broadcasts to a larger shape (NumPy rules), copying the data.
 * @example
 * expand(tensor([[1], [2]]), [2, 3]).toArray(); // [[1, 1, 1], [2, 2, 2]]
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor(x, "expand");
  const target = broadcastShapes(x.shape, checkShape(shape, "expand"), "expand");
  if (!sameShape(target, shape)) {
    throw new ShapeError(`expand: ${x.describe()} cannot be expanded to ${fmtShape(shape)}; the result would be ${fmtShape(target)}.`);
  }
  if (sameShape(target, x.shape)) return x;
  const out = allocate(x.dtype, sizeOf(target));
  backend().expand(x.storage, x.shape, out, target);
  return result("expand", out, target, [x]);
}

/**
 * The records of the shape-movement primitives (internal: read through the registry): each moves the
 * gradient back the way the data came. Ops whose target shape is the output's own shape (reshape,
 * expand) take it from `outShape` when rerun.
 * @internal
 */
export const movementPrimitives = {
  // reshape is a relabelling: ∂y/∂x = I, so the gradient is reshaped back
  reshape: {
    derivative: "∂y/∂x = I (reshaped)",
    latex: "\\frac{\\partial y}{\\partial x} = I",
    vjp: (g, [x]) => [reshape(g, x!.shape)],
    rerun: ([x], _a, outShape) => reshape(x!, outShape),
    glyph: ["reshape", "\\operatorname{reshape}"],
    local: () => one(),
  },
  // transpose by perm: the gradient is transposed by the inverse permutation
  transpose: {
    derivative: "∂y/∂x = Pᵀ (axes permuted back)",
    latex: "\\frac{\\partial y}{\\partial x} = P^\\top",
    vjp: (g, _x, _y, attrs: { readonly perm: readonly number[] }) => [
      transpose(
        g,
        attrs.perm.map((_, i) => attrs.perm.indexOf(i)),
      ),
    ],
    rerun: ([x], attrs: { readonly perm: readonly number[] }) => transpose(x!, attrs.perm),
    label: () => "ᵀ transpose",
    forward: ([x]) => postfix(x!.expr, "ᵀ", "^\\top"),
    local: () => f1(atom("Pᵀ", "P^\\top")),
  },
  // broadcasting copies x, so its gradient sums the copies
  expand: {
    derivative: "∂y/∂x = 1 per copy (summed)",
    latex: "\\frac{\\partial y}{\\partial x} = \\mathbf{1}",
    vjp: (g, [x]) => [sumToShape(g, x!.shape)],
    rerun: ([x], _a, outShape) => expand(x!, outShape),
    glyph: ["expand", "\\operatorname{expand}"],
    local: () => one(),
  },
} satisfies PrimitiveTable;
