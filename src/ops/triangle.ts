/** @file The lower and upper triangles of the last two axes: tril and triu, primitives whose adjoint is the same mask. */
import { backend } from "../backends/registry.js";
import { ShapeError, ValueError } from "../errors.js";
import { scalar } from "../tensor/scalar.js";
import { allocate, allocateOutput } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { checkTensor, result } from "./apply.js";
import { f1, ind, type PrimitiveTable } from "./primitive.js";

/** The attribute tril and triu record: the diagonal offset k (0 the main diagonal, > 0 above it, < 0 below). */
export type TriangleAttrs = { readonly k: number };

/**
 * The lower triangle of the last two axes (batched over the others): entries with column − row ≤ k
 * are kept, the rest set to 0 (PyTorch's torch.tril, NumPy's tril). Entries are selected, never
 * multiplied, so a −Infinity kept stays −Infinity and one dropped becomes 0.
 * @example
 * tril(tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])).toArray(); // [[1, 0, 0], [4, 5, 0], [7, 8, 9]]
 * tril(ones([2, 3]), 1).toArray(); // [[1, 1, 0], [1, 1, 1]]
 */
export function tril(x: Tensor, k = 0): Tensor {
  checkArgs(x, k, "tril");
  return triangle("tril", x, { k });
}

/**
 * The upper triangle of the last two axes (batched over the others): entries with column − row ≥ k
 * are kept, the rest set to 0 (PyTorch's torch.triu, NumPy's triu). `triu(full([n, n], -Infinity,
 * { allowNonFinite: true }), 1)` is a causal attention mask.
 * @example
 * triu(tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])).toArray(); // [[1, 2, 3], [0, 5, 6], [0, 0, 9]]
 * triu(ones([3, 3]), 1).toArray(); // [[0, 1, 1], [0, 0, 1], [0, 0, 0]]
 */
export function triu(x: Tensor, k = 0): Tensor {
  checkArgs(x, k, "triu");
  return triangle("triu", x, { k });
}

function checkArgs(x: Tensor, k: number, op: string): void {
  checkTensor(x, op);
  if (x.ndim < 2) {
    throw new ShapeError(`${op}: needs a matrix or a batch of matrices (2 or more axes), got ${x.describe()}; reshape a vector first.`);
  }
  if (!Number.isInteger(k)) throw new ValueError(`${op}: the diagonal offset k must be an integer, got ${String(k)}.`);
}

/** Keeps the entries of the triangle (selected by the where kernel, so kept values pass unchanged). */
function triangle(op: "tril" | "triu", x: Tensor, a: TriangleAttrs): Tensor {
  const rows = x.shape[x.ndim - 2]!;
  const cols = x.shape[x.ndim - 1]!;
  const keep = allocate(x.dtype, rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) keep[i * cols + j] = (op === "tril" ? j - i <= a.k : j - i >= a.k) ? 1 : 0;
  }
  const mask = new Tensor(keep, [rows, cols]);
  const out = allocateOutput(x.dtype, x.size);
  backend().where(mask.storage, mask.shape, x.storage, x.shape, scalar(0, x.dtype).storage, [], out, x.shape);
  return result(op, out, x.shape.slice(), [x], a);
}

/**
 * The records of tril and triu (internal: read through the registry): each keeps a fixed set of
 * entries, a linear map that is its own adjoint, so the gradient is masked the same way.
 * @internal
 */
export const trianglePrimitives = {
  // y = M ⊙ x with M = [j − i ≤ k]: ∂L/∂x = M ⊙ G = tril(G, k)
  tril: {
    derivative: "∂yᵢⱼ/∂xᵢⱼ = [j − i ≤ k]; ∂L/∂x = tril(G, k)",
    latex: "\\frac{\\partial y_{ij}}{\\partial x_{ij}} = \\mathbb{1}[j - i \\le k]",
    vjp: (g, _x, _y, a: TriangleAttrs) => [triangle("tril", g, a)],
    rerun: ([x], a: TriangleAttrs) => triangle("tril", x!, a),
    glyph: ["tril", "\\operatorname{tril}"],
    label: (_c, a: TriangleAttrs) => (a.k === 0 ? "tril" : `tril k=${a.k}`),
    local: (_i, _ins, a: TriangleAttrs) => f1(ind(`j − i ≤ ${a.k}`, `j - i \\le ${a.k}`)),
  },
  // y = M ⊙ x with M = [j − i ≥ k]: ∂L/∂x = M ⊙ G = triu(G, k)
  triu: {
    derivative: "∂yᵢⱼ/∂xᵢⱼ = [j − i ≥ k]; ∂L/∂x = triu(G, k)",
    latex: "\\frac{\\partial y_{ij}}{\\partial x_{ij}} = \\mathbb{1}[j - i \\ge k]",
    vjp: (g, _x, _y, a: TriangleAttrs) => [triangle("triu", g, a)],
    rerun: ([x], a: TriangleAttrs) => triangle("triu", x!, a),
    glyph: ["triu", "\\operatorname{triu}"],
    label: (_c, a: TriangleAttrs) => (a.k === 0 ? "triu" : `triu k=${a.k}`),
    local: (_i, _ins, a: TriangleAttrs) => f1(ind(`j − i ≥ ${a.k}`, `j - i \\ge ${a.k}`)),
  },
} satisfies PrimitiveTable;
