/** @file Axis arguments and reductions that used to be accepted and wrong: stack's axis range, max/min of nothing, a string axis. */
import { describe, expect, it } from "vitest";
import { logsumexp, max, min, ShapeError, stack, sum, tensor, zeros } from "../../src/index.js";

describe("stack checks its axis", () => {
  it("stack(…, -5) on 2-d inputs is a ShapeError naming the axis, the ndim and the valid range", () => {
    const a = zeros([2, 3]);
    expect(() => stack([a, a], -5)).toThrow(ShapeError);
    expect(() => stack([a, a], -5)).toThrow(/stack: axis -5 is out of range for 2-d tensors .*\[-3, 2\]/);
    expect(() => stack([a, a], 3)).toThrow(/stack: axis 3 is out of range/);
    expect(() => stack([a, a], 1.5)).toThrow(/stack: axis 1\.5/);
  });

  it("every axis in [-3, 2] stacks where NumPy puts it", () => {
    const a = zeros([2, 3]);
    expect(stack([a, a], -3).shape).toEqual([2, 2, 3]);
    expect(stack([a, a], -1).shape).toEqual([2, 3, 2]);
    expect(stack([a, a], 2).shape).toEqual([2, 3, 2]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], -1).toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });
});

describe("max and min of an empty tensor", () => {
  it("throw like NumPy: zero-size array to reduction operation max which has no identity", () => {
    expect(() => max(zeros([0]))).toThrow(ShapeError);
    expect(() => max(zeros([0]))).toThrow(/max: zero-size array to reduction operation max which has no identity/);
    expect(() => min(zeros([2, 0]), 1)).toThrow(/min: zero-size array to reduction operation min which has no identity.*axis 1/);
  });

  it("still reduce a non-empty axis of a tensor with an empty one, and sum and logsumexp of nothing are 0 and −∞", () => {
    expect(max(zeros([0, 3]), 1).shape).toEqual([0]);
    expect(sum(zeros([0])).item()).toBe(0);
    expect(logsumexp(zeros([0])).item()).toBe(-Infinity);
    expect(logsumexp(zeros([2, 0]), 1).toArray()).toEqual([-Infinity, -Infinity]);
  });
});

describe("axis arguments of the wrong type", () => {
  it("sum('1') names sum and the expected axis type", () => {
    expect(() => sum(tensor([1]), "1" as never)).toThrow(ShapeError);
    expect(() => sum(tensor([1]), "1" as never)).toThrow(/sum: axis "1" is not an axis; pass an integer, an array of integers/);
    expect(() => max(tensor([1]), [0, "0"] as never)).toThrow(/max: axis "0" is out of range/);
  });
});
