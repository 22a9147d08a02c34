/** @file Infinite and NaN values: masks with −∞, logsumexp of ±∞, and misuse that must name its op. */
import { describe, expect, it } from "vitest";
import * as cr from "../../src/index.js";
import { ShapeError, tensor } from "../../src/index.js";

const o = { allowNonFinite: true, dtype: "float64" as const };

describe("non-finite values", () => {
  it("logsumexp is −∞ for an all −∞ slice and +∞ when a value is +∞ (not NaN)", () => {
    expect(cr.logsumexp(tensor([-Infinity, -Infinity], o)).item()).toBe(-Infinity);
    expect(cr.logsumexp(tensor([Infinity, 1], o)).item()).toBe(Infinity);
    expect(
      Array.from(
        cr.logsumexp(
          tensor(
            [
              [-Infinity, -Infinity],
              [0, 0],
            ],
            o,
          ),
          1,
        ).data,
      ),
    ).toEqual([-Infinity, Math.LN2]);
  });

  it("a −∞ mask gives probability 0 and a zero, finite gradient", () => {
    const x = tensor([-Infinity, 0, 1], { ...o, requiresGrad: true });
    const p = cr.softmax(x);
    expect(p.data[0]).toBe(0);
    expect(p.data[1]! + p.data[2]!).toBeCloseTo(1, 15);
    p.mul(tensor([1, 2, 3], o))
      .sum()
      .backward();
    expect(x.grad!.data[0]).toBe(0);
    expect(Array.from(x.grad!.data).every(Number.isFinite)).toBe(true);
    expect(cr.logSoftmax(tensor([-Infinity, 0], o)).data[0]).toBe(-Infinity);
  });

  it("relu passes NaN through on the reference backend (as PyTorch does) instead of hiding it as 0", () => {
    // every backend is held to this by the op table's NaN row; here the JS reference is pinned
    const previous = cr.getBackend();
    cr.setBackend("js");
    try {
      expect(cr.relu(tensor([NaN, -1, 2], o)).data[0]).toBeNaN();
    } finally {
      cr.setBackend(previous);
    }
  });

  it("concat of 0-d tensors is a ShapeError that points to stack", () => {
    expect(() => cr.concat([tensor(1), tensor(2)])).toThrow(ShapeError);
    expect(() => cr.concat([tensor(1), tensor(2)])).toThrow(/concat: .* is 0-d .* use stack/);
    expect(cr.stack([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
  });
});
