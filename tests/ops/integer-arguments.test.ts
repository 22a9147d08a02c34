/** @file Bounds, sizes and axes must be integers: a fractional one is refused with an error naming it, never read as NaN. */
import { describe, expect, it } from "vitest";
import { arange, expand, reshape, ShapeError, slice, squeeze, sum, tensor, transpose, unsqueeze, zeros } from "../../src/index.js";

describe("integer arguments of the shape ops", () => {
  it("slice refuses a fractional start or stop and names the bound", () => {
    expect(() => slice(arange(6), { start: 0.5, stop: 3 })).toThrow(ShapeError);
    expect(() => slice(arange(6), { start: 0.5, stop: 3 })).toThrow(/slice: start 0\.5 on axis 0 .*integer/);
    expect(() => slice(arange(6), { start: 0, stop: 3.5 })).toThrow(/slice: stop 3\.5 on axis 0/);
    expect(() => slice(arange(6), { start: NaN })).toThrow(/slice: start NaN/);
    // whole bounds still work (out-of-range integers and ±Infinity clamp as in NumPy)
    expect(slice(arange(6), { start: 1, stop: 99 }).toArray()).toEqual([1, 2, 3, 4, 5]);
    expect(slice(arange(6), { start: -2 }).toArray()).toEqual([4, 5]);
    expect(slice(arange(6), { start: 4, stop: Infinity }).toArray()).toEqual([4, 5]);
  });

  it("reshape names the fractional size instead of a size mismatch", () => {
    expect(() => reshape(arange(6), [1.5, 4])).toThrow(/reshape: size 1\.5 at position 0 .*integer/);
    expect(() => reshape(arange(6), [2, -1, -1])).toThrow(/reshape: .*only one -1/);
  });

  it("expand refuses a fractional or negative size with a ShapeError", () => {
    expect(() => expand(tensor([1]), [2.5])).toThrow(ShapeError);
    expect(() => expand(tensor([1]), [2.5])).toThrow(/expand: invalid shape/);
    expect(() => expand(tensor([1]), [-3])).toThrow(/expand: invalid shape/);
  });

  it("axis arguments must be integers in range: sum, squeeze, unsqueeze, transpose", () => {
    expect(() => sum(zeros([2, 3]), 0.5)).toThrow(/sum: axis 0\.5 is out of range/);
    expect(() => squeeze(zeros([1, 3]), 0.5)).toThrow(ShapeError);
    expect(() => unsqueeze(zeros([3]), 1.5)).toThrow(ShapeError);
    expect(() => transpose(zeros([2, 3]), [0.5, 1])).toThrow(ShapeError);
    expect(() => transpose(zeros([2, 3]), 1 as never)).toThrow(/transpose: perm must be an array of axes/);
  });
});
