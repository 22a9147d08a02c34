/** @file Indexing along an axis: take (a primitive), its adjoint indexAdd (scatter-add), and embedding over take. */
import type { IndexList } from "../backends/kernels.js";
import { backend } from "../backends/registry.js";
import { hostValues } from "../backends/storage.js";
import { ShapeError, ValueError } from "../errors.js";
import { atom } from "./expr.js";
import { allocate, allocateOutput } from "../tensor/dtype.js";
import { fmtShape, normalizeAxis, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkTensor, result } from "./apply.js";
import { f1, type PrimitiveTable } from "./primitive.js";

/** Indices: a plain array of whole numbers, or a tensor of whole numbers of any shape (int32, as argmax and topk return, or floats holding whole numbers). */
export type Indices = readonly number[] | Tensor;

/**
 * The attributes take and indexAdd record: the axis, the indices (flat: a checked host list, or topk's int32
 * positions, which stay on a device backend), their shape, and the axis length of the full tensor.
 */
export type TakeAttrs = {
  readonly axis: number;
  readonly indices: IndexList;
  readonly indexShape: readonly number[];
  readonly len: number;
};

/** Reads and checks indices against an axis of length `len`. */
function readIndices(indices: Indices, len: number, op: string): { idx: number[]; shape: number[] } {
  const isT = indices instanceof Tensor;
  if (!isT && !Array.isArray(indices))
    throw new ValueError(`${op}: indices must be an array of integers or a Tensor, got ${typeof indices}.`);
  // a device backend's index tensor is read on the CPU only while its host copy is current (else a clear error, no readback)
  const idx = isT ? Array.from(hostValues(indices.store, op)) : indices.slice();
  const shape = isT ? indices.shape.slice() : [idx.length];
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (typeof v !== "number" || !Number.isInteger(v))
      throw new ValueError(`${op}: index ${i} is ${String(v)}, not a whole number; indices must be integers.`);
    if (v < 0 || v >= len)
      throw new ValueError(`${op}: index ${v} (at position ${i}) is out of range for an axis of length ${len}; use 0..${len - 1}.`);
  }
  return { idx, shape };
}

/** [outer, len, inner] around `axis` of `shape`. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis]!, sizeOf(shape.slice(axis + 1))];
}

/**
 * Selects entries along `axis` by integer indices (PyTorch's index_select, NumPy's take with an
 * axis): the result has shape x.shape[:axis] + indices.shape + x.shape[axis+1:]. Indices may repeat;
 * the gradient then adds up (see indexAdd).
 * @example
 * take(tensor([[1, 2], [3, 4], [5, 6]]), [2, 0]).toArray(); // [[5, 6], [1, 2]]
 */
export function take(x: Tensor, indices: Indices, axis = 0): Tensor {
  checkTensor(x, "take");
  if (x.ndim === 0) throw new ShapeError(`take: cannot index a scalar ${x.describe()}; it has no axis.`);
  const ax = normalizeAxis(axis, x.ndim, "take");
  const { idx, shape } = readIndices(indices, x.shape[ax]!, "take");
  return takeWith(x, { axis: ax, indices: idx, indexShape: shape, len: x.shape[ax]! });
}

/**
 * take with indices already checked (internal: topk's positions, and the VJPs).
 * @example
 * takeWith(x, { axis: 0, indices: [1, 0], indexShape: [2], len: x.shape[0] });
 */
export function takeWith(x: Tensor, a: TakeAttrs): Tensor {
  const [outer, len, inner] = around(x.shape, a.axis);
  const outShape = [...x.shape.slice(0, a.axis), ...a.indexShape, ...x.shape.slice(a.axis + 1)];
  const out = allocateOutput(x.dtype, outer * a.indices.length * inner);
  backend().take(x.storage, outer, len, inner, a.indices, out);
  return result("take", out, outShape, [x], a);
}

/**
 * The adjoint of take (a scatter-add): a tensor of length `size` along `axis`, zero except that
 * slice j of `src` (laid out like take's output) is added at position indices[j].
 * @example
 * indexAdd(tensor([1, 2, 3]), [0, 2, 0], 0, 3).toArray(); // [4, 0, 2]
 */
export function indexAdd(src: Tensor, indices: Indices, axis: number, size: number): Tensor {
  checkTensor(src, "indexAdd");
  if (!Number.isInteger(size) || size < 1) throw new ValueError(`indexAdd: size must be a positive integer, got ${size}.`);
  const { idx, shape } = readIndices(indices, size, "indexAdd");
  const ax = normalizeAxis(axis, Math.max(1, src.ndim - shape.length + 1), "indexAdd");
  const got = src.shape.slice(ax, ax + shape.length);
  if (src.ndim < shape.length || fmtShape(got) !== fmtShape(shape)) {
    throw new ShapeError(
      `indexAdd: ${src.describe()} must hold the indices' shape ${fmtShape(shape)} at axis ${ax}, got ${fmtShape(got)}.`,
    );
  }
  return indexAddWith(src, { axis: ax, indices: idx, indexShape: shape, len: size });
}

function indexAddWith(src: Tensor, a: TakeAttrs): Tensor {
  const k = a.indexShape.length;
  const outShape = [...src.shape.slice(0, a.axis), a.len, ...src.shape.slice(a.axis + k)];
  const [outer, , inner] = around(outShape, a.axis);
  const out = allocate(src.dtype, sizeOf(outShape));
  backend().indexAdd(src.storage, outer, a.len, inner, a.indices, out);
  return result("indexAdd", out, outShape, [src], a);
}

/**
 * Looks up rows of an embedding table: weight [numEmbeddings, dim] at integer `indices` of any
 * shape gives [...indices.shape, dim] (take along axis 0; the gradient scatter-adds into the rows used).
 * @example
 * embedding([1, 1], tensor([[0, 0], [1, 2]])).toArray(); // [[1, 2], [1, 2]]
 */
export function embedding(indices: Indices, weight: Tensor): Tensor {
  checkTensor(weight, "embedding");
  if (weight.ndim !== 2) throw new ShapeError(`embedding: the weight must be [numEmbeddings, dim], got ${weight.describe()}.`);
  return take(weight, indices, 0);
}

/**
 * The records of take and indexAdd (internal: read through the registry): linear maps, each the other's adjoint.
 * @internal
 */
export const gatherPrimitives = {
  // y = S x (rows selected): ∂L/∂x = Sᵀ G, the gradient added back at each index
  take: {
    derivative: "∂y/∂x = S (selection); ∂L/∂x = indexAdd(G)",
    latex: "\\frac{\\partial L}{\\partial x} = S^\\top G",
    vjp: (g, _x, _y, a: TakeAttrs) => [indexAddWith(g, a)],
    rerun: ([x], a: TakeAttrs) => takeWith(x!, a),
    glyph: ["take", "\\operatorname{take}"],
    local: () => f1(atom("S")),
  },
  // y = Sᵀ s (scatter-add): ∂L/∂s = S G, the gradient taken at each index
  indexAdd: {
    derivative: "∂y/∂s = Sᵀ (scatter-add); ∂L/∂s = take(G)",
    latex: "\\frac{\\partial L}{\\partial s} = S G",
    vjp: (g, _s, _y, a: TakeAttrs) => [takeWith(g, a)],
    rerun: ([s], a: TakeAttrs) => indexAddWith(s!, a),
    glyph: ["indexAdd", "\\operatorname{indexAdd}"],
    local: () => f1(atom("Sᵀ", "S^\\top")),
  },
} satisfies PrimitiveTable;
