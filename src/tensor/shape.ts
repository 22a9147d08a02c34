/** @file Shapes, strides, axes and NumPy broadcasting rules. */
import { ShapeError } from "../errors.js";

/** A tensor shape: one non-negative integer per axis. */
export type Shape = readonly number[];

/**
 * Number of elements of a shape (1 for a scalar).
 * @example
 * sizeOf([2, 3]); // 6
 */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** The most elements one tensor can hold: the length limit of a JavaScript typed array (2³² in V8). */
export const MAX_ELEMENTS = 2 ** 32;

/**
 * The number of elements of `shape`, checked against `MAX_ELEMENTS` before anything is allocated.
 * @example
 * checkSize([65536, 65537], "zeros"); // throws ShapeError: … 4295032832 elements, above the limit …
 */
export function checkSize(shape: Shape, op: string): number {
  const n = sizeOf(shape);
  if (n > MAX_ELEMENTS) {
    throw new ShapeError(
      `${op}: shape ${fmtShape(shape)} has ${n} elements, above the limit of ${MAX_ELEMENTS} (2^32) elements per tensor that JavaScript typed arrays allow. Work in smaller pieces (batches, chunks of rows).`,
    );
  }
  return n;
}

/**
 * Row-major (C order) strides of a contiguous tensor, in elements.
 * @example
 * stridesOf([2, 3, 4]); // [12, 4, 1]
 */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/**
 * True when two shapes are identical.
 * @example
 * sameShape([2, 3], [2, 3]); // true
 */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Formats a shape the way error messages show it: `[2, 3]`. */
export function fmtShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/**
 * The NumPy broadcast of two shapes: align from the right; each pair of sizes must be equal or 1.
 * @example
 * broadcastShapes([3, 1], [1, 4], "add"); // [3, 4]
 */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  if (sameShape(a, b)) return a as number[]; // shapes are never written after creation, so sharing is safe
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  const padA = n - a.length;
  const padB = n - b.length;
  for (let i = 0; i < n; i++) {
    // leading axes a shape lacks count as 1 (read in range: a negative index is a slow lookup in V8)
    const da = i < padA ? 1 : a[i - padA]!;
    const db = i < padB ? 1 : b[i - padB]!;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast: axis ${i - n} has sizes ${da} and ${db}. ` +
          `Broadcasting aligns shapes from the right and needs each pair of sizes to be equal or 1; ` +
          `reshape or unsqueeze one operand (e.g. to add a length-${db} axis, use x.unsqueeze(-1)).`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  checkSize(out, op);
  return out;
}

/**
 * Normalises one axis (negative counts from the end) and checks its range.
 * @example
 * normalizeAxis(-1, 3, "sum"); // 2
 */
export function normalizeAxis(axis: number, ndim: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= Math.max(ndim, 1)) {
    throw new ShapeError(
      `${op}: axis ${typeof axis === "number" ? axis : JSON.stringify(axis)} is out of range for a tensor with ${ndim} dimension(s); use an integer in [${-ndim}, ${Math.max(ndim - 1, 0)}].`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * Normalises an axis argument (one axis, a list, or undefined for all) to sorted unique axes.
 * @example
 * normalizeAxes([-1, 0], 3, "sum"); // [0, 2]
 */
export function normalizeAxes(axis: number | readonly number[] | undefined, ndim: number, op: string): number[] {
  if (axis === undefined) {
    const all = new Array<number>(ndim);
    for (let i = 0; i < ndim; i++) all[i] = i;
    return all;
  }
  const list = typeof axis === "number" ? [axis] : axis;
  if (!Array.isArray(list)) {
    throw new ShapeError(
      `${op}: axis ${JSON.stringify(axis) ?? String(axis)} is not an axis; pass an integer, an array of integers, or nothing for all axes (e.g. ${op}(x, 0) or ${op}(x, [0, 1])).`,
    );
  }
  const out = list.map((a) => normalizeAxis(a, ndim, op));
  const sorted = [...new Set(out)].sort((x, y) => x - y);
  if (sorted.length !== out.length) {
    throw new ShapeError(`${op}: repeated axis in ${JSON.stringify(list)}; list each axis once.`);
  }
  return sorted;
}

/**
 * Checks a shape given by a user: non-negative integers only.
 * @example
 * checkShape([2, 3], "zeros"); // [2, 3]
 */
export function checkShape(shape: unknown, op: string): number[] {
  const list: unknown = typeof shape === "number" ? [shape] : shape;
  let valid = Array.isArray(list);
  if (valid) {
    const sizes = list as unknown[];
    for (let i = 0; i < sizes.length && valid; i++) {
      const d = sizes[i];
      valid = Number.isInteger(d) && (d as number) >= 0;
    }
  }
  if (!valid) {
    throw new ShapeError(`${op}: invalid shape ${JSON.stringify(shape)}; a shape is an array of non-negative integers like [2, 3].`);
  }
  checkSize(list as number[], op);
  return (list as number[]).slice();
}
