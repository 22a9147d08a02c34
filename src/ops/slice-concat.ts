/** @file Windows and joins: slice, its adjoint pad, and concat — and their records. */
import { backend } from "../backends/registry.js";
import { DTypeError, ShapeError } from "../errors.js";
import { atom, postfix } from "./expr.js";
import { allocate } from "../tensor/dtype.js";
import { checkSize, normalizeAxis, sizeOf } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTensor, result } from "./apply.js";
import { reshape } from "./movement.js";
import { f1, type PrimitiveTable } from "./primitive.js";

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

/** The attributes slice and pad record: per axis, the window's first index and its step. */
export type WindowAttrs = { readonly starts: readonly number[]; readonly steps: readonly number[] };

/** The slice specs of the window `starts`/`steps` with `shape` entries per axis. */
function windowSpecs(attrs: WindowAttrs, shape: readonly number[]): SliceSpec[] {
  return attrs.starts.map((s, i) => ({ start: s, stop: s + (shape[i]! - 1) * attrs.steps[i]! + 1, step: attrs.steps[i]! }));
}

/**
 * The records of slice, pad and concat (internal: read through the registry): each moves the gradient
 * back the way the data came; pad takes its target shape from `outShape` when rerun.
 * @internal
 */
export const sliceConcatPrimitives = {
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
} satisfies PrimitiveTable;

/** The attributes concat records: the axis, and where each input starts along it. */
type ConcatAttrs = { readonly axis: number; readonly offsets: readonly number[] };
