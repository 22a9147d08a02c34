/** @file Nested arrays of numbers: the type `toArray()` returns and `tensor()` accepts, and the row-major nesting. */
import type { TypedArray } from "./dtype.js";
import { sizeOf } from "./shape.js";

/** Nested arrays of numbers, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = (number | NestedArray)[];

/**
 * Row-major `values` of `shape` as nested arrays (a plain number for 0-d).
 * @example
 * nest(new Float32Array([1, 2, 3, 4]), [2, 2]); // [[1, 2], [3, 4]]
 */
export function nest(values: TypedArray, shape: readonly number[]): number | NestedArray {
  if (shape.length === 0) return values[0]!;
  const build = (axis: number, offset: number): NestedArray => {
    const n = shape[axis]!;
    const out: NestedArray = new Array(n);
    if (axis === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = values[offset + i]!;
    } else {
      const stride = sizeOf(shape.slice(axis + 1));
      for (let i = 0; i < n; i++) out[i] = build(axis + 1, offset + i * stride);
    }
    return out;
  };
  return build(0, 0);
}
