/** @file Shape and data movement: reshape, transpose, expand, slice/pad, concat, cast — and their records. */
import { backend } from "../backends/registry.js";
import { hostValues } from "../backends/storage.js";
import { DTypeError, ShapeError, ValueError } from "../errors.js";
import { sumToShape } from "./unbroadcast.js";
import { atom, postfix } from "./expr.js";
import { allocate, checkAnyDType, type DType, type TypedArray } from "../tensor/dtype.js";
import { INT32_MAX, INT32_MIN } from "../tensor/int32-range.js";
import { broadcastShapes, checkShape, checkSize, fmtShape, normalizeAxis, sameShape, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
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

/** One axis of a slice: a single index (drops the axis), or a range with optional step. */
export type SliceSpec = number | null | { start?: number; stop?: number; step?: number };

/**
 * Takes a strided window: one spec per leading axis (a number picks one index and drops the axis,
 * `{ start, stop, step }` keeps it, null keeps all). Negative indices count from the end.
 * @example
 * slice(arange(10), { start: 1, stop: 7, step: 2 }).toArray(); // [1, 3, 5]
 * slice(tensor([[1, 2], [3, 4]]), null, 1).toArray(); // [2, 4]
 */
export function slice(x: Tensor, ...specs: SliceSpec[]): Tensor {
  checkTensor(x, "slice");
  if (specs.length > x.ndim) throw new ShapeError(`slice: ${specs.length} specs for ${x.describe()} with ${x.ndim} axes.`);
  const starts: number[] = [];
  const steps: number[] = [];
  const window: number[] = [];
  const keep: number[] = [];
  x.shape.forEach((n, axis) => {
    const spec = specs[axis] ?? null;
    if (typeof spec === "number") {
      const i = spec < 0 ? spec + n : spec;
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new ShapeError(`slice: index ${spec} is out of range for axis ${axis} of size ${n} in ${x.describe()}.`);
      }
      starts.push(i);
      steps.push(1);
      window.push(1);
      return;
    }
    const step = spec?.step ?? 1;
    if (!Number.isInteger(step) || step <= 0) throw new ShapeError(`slice: step must be a positive integer, got ${step} on axis ${axis}.`);
    const clampIdx = (v: number, bound: string): number => {
      if (!Number.isInteger(v) && Math.abs(v) !== Infinity) {
        throw new ShapeError(
          `slice: ${bound} ${v} on axis ${axis} of ${x.describe()} is not an integer; slice bounds are whole indices, e.g. Math.floor(${v}).`,
        );
      }
      return Math.min(Math.max(v < 0 ? v + n : v, 0), n);
    };
    const start = clampIdx(spec?.start ?? 0, "start");
    const stop = clampIdx(spec?.stop ?? n, "stop");
    starts.push(start);
    steps.push(step);
    window.push(Math.max(0, Math.ceil((stop - start) / step)));
    keep.push(axis);
  });
  const out = allocate(x.dtype, sizeOf(window));
  backend().slice(x.storage, x.shape, starts, steps, out, window);
  const w = result("slice", out, window, [x], { starts, steps });
  const finalShape = keep.map((a) => window[a]!);
  return finalShape.length === window.length ? w : reshape(w, finalShape);
}

/** The adjoint of a window: places `x` into zeros of `shape` at `starts` with `steps` (the slice's VJP). */
export function pad(x: Tensor, shape: readonly number[], starts: readonly number[], steps: readonly number[]): Tensor {
  const out = allocate(x.dtype, sizeOf(shape));
  backend().scatterSlice(x.storage, x.shape, starts, steps, out, shape);
  return result("pad", out, shape.slice(), [x], { starts, steps });
}

/**
 * Joins tensors along an existing axis.
 * @example
 * concat([tensor([1]), tensor([2, 3])], 0).toArray(); // [1, 2, 3]
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError("concat: needs at least one tensor.");
  const first = checkTensor(tensors[0], "concat");
  if (first.ndim === 0)
    throw new ShapeError(`concat: ${first.describe()} is 0-d and has no axis to join along; use stack to make a new one.`);
  const ax = normalizeAxis(axis, first.ndim, "concat");
  let total = 0;
  for (const t of tensors) {
    checkTensor(t, "concat");
    if (t.dtype !== first.dtype) {
      throw new DTypeError(
        `concat: ${t.describe()} and ${first.describe()} have different dtypes; chainrule never converts silently, so cast one, e.g. .cast("${first.dtype}").`,
      );
    }
    const ok = t.ndim === first.ndim && t.dtype === first.dtype && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) {
      throw new ShapeError(
        `concat: ${t.describe()} does not fit ${first.describe()} along axis ${ax}; all sizes but axis ${ax} (and the dtype) must match.`,
      );
    }
    total += t.shape[ax]!;
  }
  const shape = first.shape.slice();
  shape[ax] = total;
  const out = allocate(first.dtype, checkSize(shape, "concat"));
  const steps = shape.map(() => 1);
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    const starts = shape.map((_, i) => (i === ax ? offset : 0));
    offsets.push(offset);
    backend().scatterSlice(t.storage, t.shape, starts, steps, out, shape);
    offset += t.shape[ax]!;
  }
  return result("concat", out, shape, tensors, { axis: ax, offsets });
}

/**
 * Converts to another dtype. Between floats it is differentiable (the gradient is converted back).
 * To int32 it truncates toward zero (2.7 → 2, −2.7 → −2), refuses NaN, ±Infinity and values outside
 * the int32 range, and is not differentiable (the result never requires grad). From int32 to a float
 * it is exact (float32 rounds integers above 2²⁴ to the nearest float).
 * @example
 * cast(tensor([1.5]), "float64").dtype; // "float64"
 * cast(tensor([2.7, -2.7]), "int32").toArray(); // [2, -2]
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkAnyTensor(x, "cast");
  checkAnyDType(dtype, "cast");
  if (dtype === x.dtype) return x;
  const out = allocate(dtype, x.size);
  if (dtype === "int32") {
    truncateInto(x, out);
    return new Tensor(out, x.shape.slice());
  }
  // converted on the CPU: a device backend's tensor must still hold its host values (else a clear error, no readback)
  out.set(hostValues(x.store, "cast"));
  return result("cast", out, x.shape.slice(), [x], { dtype: x.dtype });
}

/** Writes x's values truncated toward zero into `out`, refusing what int32 cannot hold. */
function truncateInto(x: Tensor, out: TypedArray): void {
  const src = hostValues(x.store, "cast");
  for (let i = 0; i < src.length; i++) {
    const v = Math.trunc(src[i]!);
    if (!(v >= INT32_MIN && v <= INT32_MAX)) {
      throw new ValueError(
        `cast: element ${i} of ${x.describe()} is ${src[i]}, which int32 cannot hold (whole numbers in ${INT32_MIN}..${INT32_MAX}); clamp it or replace non-finite values (where(...)) before casting.`,
      );
    }
    out[i] = v;
  }
}

/** The attributes slice and pad record: per axis, the window's first index and its step. */
export type WindowAttrs = { readonly starts: readonly number[]; readonly steps: readonly number[] };

/** The slice specs of the window `starts`/`steps` with `shape` entries per axis. */
function windowSpecs(attrs: WindowAttrs, shape: readonly number[]): SliceSpec[] {
  return attrs.starts.map((s, i) => ({ start: s, stop: s + (shape[i]! - 1) * attrs.steps[i]! + 1, step: attrs.steps[i]! }));
}

/**
 * The records of the movement primitives (internal: read through the registry): each moves the
 * gradient back the way the data came. Ops whose target shape is the output's own shape (reshape,
 * expand, pad) take it from `outShape` when rerun.
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
  // a window selects entries: the gradient is put back in place, zeros elsewhere
  slice: {
    derivative: "∂y/∂x = selection",
    latex: "\\frac{\\partial y}{\\partial x} = S",
    vjp: (g, [x], _y, attrs: WindowAttrs) => [pad(g, x!.shape, attrs.starts, attrs.steps)],
    rerun: ([x], attrs: WindowAttrs, outShape) => slice(x!, ...windowSpecs(attrs, outShape)),
    forward: ([x]) => postfix(x!.expr, "[…]", "[\\ldots]"),
    local: () => f1(atom("S")),
  },
  // padding's adjoint is the window again
  pad: {
    derivative: "∂y/∂x = placement",
    latex: "\\frac{\\partial y}{\\partial x} = S^\\top",
    vjp: (g, [x], _y, attrs: WindowAttrs) => [slice(g, ...windowSpecs(attrs, x!.shape))],
    rerun: ([x], attrs: WindowAttrs, outShape) => pad(x!, outShape, attrs.starts, attrs.steps),
    glyph: ["pad", "\\operatorname{pad}"],
    local: () => f1(atom("Sᵀ", "S^\\top")),
  },
  // each input's gradient is its own block of the output's gradient
  concat: {
    derivative: "∂y/∂xₖ = block k",
    latex: "\\frac{\\partial y}{\\partial x_k} = E_k",
    vjp: (g, inputs, _y, attrs: ConcatAttrs, needs) => {
      const ax = attrs.axis;
      const offsets = attrs.offsets;
      return inputs.map((t, k) =>
        needs[k] ? slice(g, ...g.shape.map((_, i) => (i === ax ? { start: offsets[k]!, stop: offsets[k]! + t.shape[ax]! } : null))) : null,
      );
    },
    rerun: (inputs, attrs: ConcatAttrs) => concat(inputs, attrs.axis),
    glyph: ["concat", "\\operatorname{concat}"],
    local: (i) => f1(atom(`E${i}`, `E_{${i}}`)),
  },
  // a dtype conversion is the identity on values; the gradient is converted back
  cast: {
    derivative: "∂y/∂x = 1",
    latex: "\\frac{\\partial y}{\\partial x} = 1",
    vjp: (g, _x, _y, attrs: { readonly dtype: DType }) => [cast(g, attrs.dtype)],
    // reruns see inputs already in the checked dtype: the identity
    rerun: ([x]) => x!,
    glyph: ["cast", "\\operatorname{cast}"],
    local: () => one(),
  },
} satisfies PrimitiveTable;

/** The attributes concat records: the axis, and where each input starts along it. */
type ConcatAttrs = { readonly axis: number; readonly offsets: readonly number[] };
