/** @file Picking entries by rank: argmax, argmin (int32 indices, no gradient) and topk (values differentiable through take). */
import { backend } from "../backends/registry.js";
import { ShapeError, ValueError } from "../errors.js";
import { namedScope } from "../tape/scope.js";
import { allocate } from "../tensor/dtype.js";
import { normalizeAxis, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkTensor } from "./apply.js";
import { takeWith } from "./gather.js";
import { reshape } from "./movement.js";

/** [outer, len, inner] around `axis` of `shape`. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis]!, sizeOf(shape.slice(axis + 1))];
}

function argExtreme(x: Tensor, axis: number | undefined, keepdims: boolean, largest: boolean, op: string): Tensor {
  checkTensor(x, op);
  if (x.size === 0)
    throw new ValueError(`${op}: ${x.describe()} is empty; there is no ${largest ? "largest" : "smallest"} entry to point at.`);
  if (axis === undefined || x.ndim === 0) {
    if (axis !== undefined) normalizeAxis(axis, 0, op);
    // over all entries (the flat, row-major index), like NumPy and PyTorch without an axis
    const out = allocate("int32", 1) as Int32Array;
    backend().argExtreme(x.storage, 1, x.size, 1, largest, out);
    return new Tensor(out, keepdims ? x.shape.map(() => 1) : []);
  }
  const ax = normalizeAxis(axis, x.ndim, op);
  const [outer, len, inner] = around(x.shape, ax);
  if (len === 0) throw new ValueError(`${op}: axis ${ax} of ${x.describe()} is empty; there is no entry to point at.`);
  const out = allocate("int32", outer * inner) as Int32Array;
  backend().argExtreme(x.storage, outer, len, inner, largest, out);
  const shape = keepdims ? x.shape.map((d, i) => (i === ax ? 1 : d)) : x.shape.filter((_, i) => i !== ax);
  return new Tensor(out, shape);
}

/**
 * The index of the largest entry along `axis` (negative counts from the end), as an int32 tensor
 * without that axis (kept with size 1 when `keepdims`); without an axis, the flat index over all
 * entries. Ties take the first index and NaN counts as the largest, like NumPy and PyTorch. Not
 * differentiable: indices have no gradient.
 * @example
 * argmax(tensor([[1, 5, 5], [7, 2, 0]]), 1).toArray(); // [1, 0]
 * argmax(tensor([[1, 5], [7, 2]])).item(); // 2
 */
export function argmax(x: Tensor, axis?: number, keepdims = false): Tensor {
  return argExtreme(x, axis, keepdims, true, "argmax");
}

/**
 * The index of the smallest entry along `axis` (see argmax): int32, first index on ties, NaN wins.
 * @example
 * argmin(tensor([[1, 5, 1], [7, 2, 0]]), -1).toArray(); // [0, 2]
 */
export function argmin(x: Tensor, axis?: number, keepdims = false): Tensor {
  return argExtreme(x, axis, keepdims, false, "argmin");
}

/** Options of `topk`. */
export interface TopkOptions {
  /** The axis to rank along (default −1, the last). */
  axis?: number;
  /** The k largest (default) or, when false, the k smallest. */
  largest?: boolean;
  /** Best first (default); when false, in increasing index order. */
  sorted?: boolean;
}

/** The k best entries along an axis and where they were. */
export interface TopkResult {
  /** The entries, x's dtype; differentiable (the gradient flows back to the positions picked). */
  values: Tensor;
  /** Their indices along the axis, int32; no gradient. */
  indices: Tensor;
}

/**
 * The k largest (or smallest) entries along an axis and their indices, like PyTorch's torch.topk:
 * both have x's shape with that axis of size k. Sorted best first (ties: the lower index first;
 * NaN counts as the largest). `values` is `take` at `indices`, so gradients flow to the entries picked.
 * @example
 * const { values, indices } = topk(tensor([[1, 9, 3, 7]]), 2);
 * values.toArray(); // [[9, 7]]
 * indices.toArray(); // [[1, 3]]
 */
export function topk(x: Tensor, k: number, opts: TopkOptions = {}): TopkResult {
  checkTensor(x, "topk");
  if (x.ndim === 0) throw new ShapeError(`topk: ${x.describe()} is a scalar; it has no axis to rank along. Reshape it to [1] first.`);
  const ax = normalizeAxis(opts.axis ?? -1, x.ndim, "topk");
  const [outer, len, inner] = around(x.shape, ax);
  if (!Number.isInteger(k) || k < 0 || k > len) {
    throw new ValueError(`topk: k must be an integer in 0..${len} (the length of axis ${ax} of ${x.describe()}), got ${String(k)}.`);
  }
  const idx = allocate("int32", outer * k * inner) as Int32Array;
  // the values are x's entries at flat positions (o, idx, i), which the kernel writes too (on a device backend they stay there)
  const flat = allocate("int32", idx.length) as Int32Array;
  backend().topk(x.storage, outer, len, inner, k, opts.largest ?? true, opts.sorted ?? true, idx, flat);
  const shape = x.shape.map((d, i) => (i === ax ? k : d));
  const values = namedScope("topk", () =>
    reshape(takeWith(reshape(x, [x.size]), { axis: 0, indices: flat, indexShape: [flat.length], len: x.size }), shape),
  );
  return { values, indices: new Tensor(idx, shape) };
}
