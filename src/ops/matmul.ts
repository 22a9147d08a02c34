/** @file Matrix products (1-d, 2-d and batched, NumPy rules) with transposed-operand flags, dot and outer. */
import { backend } from "../backends/registry.js";
import { ShapeError } from "../errors.js";
import { PROD, join, postfix } from "./expr.js";
import { allocateOutput, type TypedArray } from "../tensor/dtype.js";
import { broadcastShapes, checkSize, fmtShape, sizeOf } from "../tensor/shape.js";
import { stridesOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { asTensor, checkTensor, result } from "./apply.js";
import { mul } from "./binary.js";
import { reshape } from "./movement.js";
import { f1, type PrimitiveTable } from "./primitive.js";
import { isGradEnabled } from "../tape/grad-mode.js";

/** Options of `matmul`: use the transpose of an operand's last two axes without copying it. */
export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

/**
 * Matrix product with NumPy rules: 1-d operands are promoted (and the added axis removed), leading
 * axes broadcast as a batch. `transA`/`transB` use an operand's transpose without materialising it.
 * @example
 * matmul(tensor([[1, 2], [3, 4]]), tensor([1, 1])).toArray(); // [3, 7]
 */
export function matmul(a: Tensor, b: Tensor, opts?: MatmulOptions): Tensor {
  checkTensor(a, "matmul");
  const bt = asTensor(b, a, "matmul");
  if (a.ndim === 0 || bt.ndim === 0) {
    throw new ShapeError(`matmul: scalars are not matrices (${a.describe()} @ ${bt.describe()}); use mul for scaling.`);
  }
  const transA = !!opts?.transA;
  const transB = !!opts?.transB;
  if ((a.ndim === 1 && bt.ndim === 2) || (a.ndim === 2 && bt.ndim === 1)) return matrixVector(a, bt, transA, transB);
  const a2 = a.ndim === 1 ? asMatrix(a, [1, a.shape[0]!]) : a;
  const b2 = bt.ndim === 1 ? asMatrix(bt, [bt.shape[0]!, 1]) : bt;
  const [m, ka] = lastTwo(a2.shape, transA && a.ndim > 1);
  const [kb, n] = lastTwo(b2.shape, transB && bt.ndim > 1);
  if (ka !== kb) innerMismatch(a, bt, transA, transB, ka, kb);
  const plain = a2.ndim === 2 && b2.ndim === 2;
  const batch = plain ? [] : broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2), "matmul (batch axes)");
  const outShape = plain ? [m, n] : [...batch, m, n];
  const out = allocateOutput(a.dtype, checkSize(outShape, "matmul"));
  const tA = transA && a.ndim > 1;
  const tB = transB && bt.ndim > 1;
  if (plain)
    backend().matmul({ a: a2.storage, aOffset: 0, b: b2.storage, bOffset: 0, out, outOffset: 0, m, k: ka, n, transA: tA, transB: tB });
  else runBatched(a2, b2, out, batch, m, ka, n, tA, tB);
  const full = result("matmul", out, outShape, [a2, b2], tA ? (tB ? BOTH_T : A_T) : tB ? B_T : NO_T);
  if (a.ndim > 1 && bt.ndim > 1) return full;
  // a dot product of two vectors, or a batch with a vector operand: the added axes are removed
  return reshape(full, plain ? [] : [...batch, ...(a.ndim > 1 ? [m] : []), ...(bt.ndim > 1 ? [n] : [])]);
}

/**
 * A matrix times a vector (or a vector times a matrix), recorded as one node whose inputs are the
 * operands as given: the vector is read as a one-column (one-row) matrix without a reshape node on
 * either side, so W·x costs one node forward and one backward.
 */
function matrixVector(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const tA = transA && a.ndim > 1;
  const tB = transB && b.ndim > 1;
  const [m, ka] = a.ndim === 1 ? [1, a.shape[0]!] : lastTwo(a.shape, tA);
  const [kb, n] = b.ndim === 1 ? [b.shape[0]!, 1] : lastTwo(b.shape, tB);
  if (ka !== kb) innerMismatch(a, b, transA, transB, ka, kb);
  const out = allocateOutput(a.dtype, m * n);
  backend().matmul({ a: a.storage, aOffset: 0, b: b.storage, bOffset: 0, out, outOffset: 0, m, k: ka, n, transA: tA, transB: tB });
  return result("matmul", out, [a.ndim > 1 ? m : n], [a, b], tA ? A_T : tB ? B_T : NO_T);
}

function innerMismatch(a: Tensor, b: Tensor, transA: boolean, transB: boolean, ka: number, kb: number): never {
  throw new ShapeError(
    `matmul: inner sizes differ: ${a.describe()}${transA ? "ᵀ" : ""} has ${ka} columns but ${b.describe()}${transB ? "ᵀ" : ""} has ${kb} rows. ` +
      `For A @ B the last axis of A must equal the second-to-last of B; transpose one operand or fix the shapes.`,
  );
}

/**
 * The outer product u vᵀ of two vectors as a product with inner size 1: recorded through reshapes
 * when it is differentiated again, else one kernel call (a first-order backward pass).
 */
function outerProduct(u: Tensor, v: Tensor): Tensor {
  const m = u.shape[0]!;
  const n = v.shape[0]!;
  if (isGradEnabled() && (u.requiresGrad || v.requiresGrad)) return matmul(reshape(u, [m, 1]), reshape(v, [1, n]));
  const out = allocateOutput(u.dtype, m * n);
  backend().matmul({ a: u.storage, aOffset: 0, b: v.storage, bOffset: 0, out, outOffset: 0, m, k: 1, n, transA: false, transB: false });
  return result("matmul", out, [m, n], [u, v], NO_T);
}

/**
 * A vector viewed as a one-row or one-column matrix: a recorded reshape when it needs grad, else a
 * plain view that keeps the vector's name (for pictures and errors).
 */
function asMatrix(v: Tensor, shape: number[]): Tensor {
  if (v.requiresGrad) return reshape(v, shape);
  // the same storage handle: a later write to the vector counts against this view too
  const view = new Tensor(v.store, shape);
  view.name = v.name;
  return view;
}

const NO_T = Object.freeze({ transA: false, transB: false });
const A_T = Object.freeze({ transA: true, transB: false });
const B_T = Object.freeze({ transA: false, transB: true });
const BOTH_T = Object.freeze({ transA: true, transB: true });

function lastTwo(shape: readonly number[], trans: boolean): [number, number] {
  const r = shape[shape.length - 2]!;
  const c = shape[shape.length - 1]!;
  return trans ? [c, r] : [r, c];
}

function runBatched(
  a: Tensor,
  b: Tensor,
  out: TypedArray,
  batch: number[],
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  const nb = sizeOf(batch);
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const aStr = batchStrides(aBatch, batch, m * k);
  const bStr = batchStrides(bBatch, batch, k * n);
  const outIdx = stridesOf(batch);
  const aOffsets = new Array<number>(nb);
  const bOffsets = new Array<number>(nb);
  for (let i = 0; i < nb; i++) {
    let aOff = 0;
    let bOff = 0;
    let rem = i;
    for (let d = 0; d < batch.length; d++) {
      const q = Math.floor(rem / outIdx[d]!);
      rem -= q * outIdx[d]!;
      aOff += q * aStr[d]!;
      bOff += q * bStr[d]!;
    }
    aOffsets[i] = aOff;
    bOffsets[i] = bOff;
  }
  backend().matmulBatched({ a: a.storage, aOffsets, b: b.storage, bOffsets, out, m, k, n, transA, transB });
}

/** Element strides of a batch of matrices aligned to the broadcast batch shape (0 where broadcast). */
function batchStrides(own: readonly number[], batch: readonly number[], matrixSize: number): number[] {
  const strides = new Array<number>(batch.length).fill(0);
  let s = matrixSize;
  for (let i = own.length - 1; i >= 0; i--) {
    const bi = batch.length - own.length + i;
    strides[bi] = own[i] === 1 ? 0 : s;
    s *= own[i]!;
  }
  return strides;
}

/**
 * Inner product of two vectors.
 * @example
 * dot(tensor([1, 2]), tensor([3, 4])).item(); // 11
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1)
    throw new ShapeError(`dot: needs two 1-d tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}; use matmul for matrices.`);
  if (a.shape[0] !== b.shape[0])
    throw new ShapeError(`dot: the vectors have different lengths (${fmtShape(a.shape)} and ${fmtShape(b.shape)}); they must match.`);
  return matmul(a, b);
}

/**
 * Outer product u vᵀ of two vectors.
 * @example
 * outer(tensor([1, 2]), tensor([3, 4])).toArray(); // [[3, 4], [6, 8]]
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1)
    throw new ShapeError(`outer: needs two 1-d tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}.`);
  return mul(reshape(a, [a.shape[0]!, 1]), reshape(b, [1, b.shape[0]!]));
}

/** The attributes matmul records: whether each operand enters transposed. */
export type MatmulAttrs = { readonly transA: boolean; readonly transB: boolean };

/**
 * The record of matmul, C = op(A)·op(B) with op = optional transpose (internal: read through the registry).
 * @internal
 */
export const matmulPrimitives = {
  // ∂L/∂A = G·Bᵀ and ∂L/∂B = Aᵀ·G (transposed flags move the transposes; batch axes are summed by the engine)
  matmul: {
    derivative: "∂C/∂A = (·)Bᵀ, ∂C/∂B = Aᵀ(·)",
    latex: "\\frac{\\partial L}{\\partial A} = G B^\\top,\\ \\frac{\\partial L}{\\partial B} = A^\\top G",
    vjp: (g, [a, b], _y, attrs: MatmulAttrs, needs) => {
      const { transA: tA, transB: tB } = attrs;
      if (b!.ndim === 1 && a!.ndim === 2) {
        // c = op(A)·b: ∂L/∂op(A) = g bᵀ, ∂L/∂b = op(A)ᵀ g
        const gA = !needs[0] ? null : tA ? outerProduct(b!, g) : outerProduct(g, b!);
        return [gA, !needs[1] ? null : matmul(a!, g, { transA: !tA })];
      }
      if (a!.ndim === 1 && b!.ndim === 2) {
        // c = aᵀ·op(B): ∂L/∂a = op(B) g, ∂L/∂op(B) = a gᵀ
        const gB = !needs[1] ? null : tB ? outerProduct(g, a!) : outerProduct(a!, g);
        return [!needs[0] ? null : matmul(b!, g, { transA: tB }), gB];
      }
      const gA = !needs[0] ? null : tA ? matmul(b!, g, { transA: tB, transB: true }) : matmul(g, b!, { transB: !tB });
      const gB = !needs[1] ? null : tB ? matmul(g, a!, { transA: true, transB: tA }) : matmul(a!, g, { transA: !tA });
      return [gA, gB];
    },
    rerun: ([a, b], attrs: MatmulAttrs) => matmul(a!, b!, { transA: attrs.transA, transB: attrs.transB }),
    label: () => "· matmul",
    forward: ([a, b], attrs: MatmulAttrs) => {
      const l = attrs.transA ? postfix(a!.expr, "ᵀ", "^\\top") : a!.expr;
      const r = attrs.transB ? postfix(b!.expr, "ᵀ", "^\\top") : b!.expr;
      return join([l, r], "·", " \\, ", PROD);
    },
    local: (i, [a, b], attrs: MatmulAttrs) => {
      if (i === 0) return f1(attrs.transB ? b!.expr : postfix(b!.expr, "ᵀ", "^\\top"));
      return { coef: 1, terms: [attrs.transA ? a!.expr : postfix(a!.expr, "ᵀ", "^\\top")], left: true };
    },
  },
} satisfies PrimitiveTable;
