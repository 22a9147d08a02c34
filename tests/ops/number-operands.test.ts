/** @file Plain-number operands: they take the tensor's dtype, keep the sign of zero, and work on either side. */
import { describe, expect, it } from "vitest";
import * as cr from "../../src/index.js";
import { tensor } from "../../src/index.js";

describe("plain-number operands", () => {
  it("take the other operand's dtype, on either side", () => {
    const x = tensor([1, 2], { dtype: "float64" });
    expect(cr.add(x, 0.1).dtype).toBe("float64");
    expect(cr.sub(0.1, x).dtype).toBe("float64");
    expect(Array.from(cr.sub(0.1, x).data)).toEqual([0.1 - 1, 0.1 - 2]);
    expect(Array.from(cr.div(1, x).data)).toEqual([1, 0.5]);
    expect(cr.add(tensor([1]), 0.1).data[0]).toBe(Math.fround(1.1));
  });

  it("keep −0 and 0 apart (cached constants do not merge them)", () => {
    const x = tensor([1, -1], { dtype: "float64" });
    for (let i = 0; i < 2; i++) {
      const pos = x.mul(0).data;
      const neg = x.mul(-0).data;
      expect([Object.is(pos[0], 0), Object.is(pos[1], -0)]).toEqual([true, true]);
      expect([Object.is(neg[0], -0), Object.is(neg[1], 0)]).toEqual([true, true]);
    }
  });

  it("two numbers make a float32 scalar", () => {
    const y = cr.add(1, 2);
    expect(y.dtype).toBe("float32");
    expect(y.shape).toEqual([]);
    expect(y.item()).toBe(3);
  });

  it("a number operand never gets a gradient or a .grad", () => {
    const x = tensor([3], { dtype: "float64", requiresGrad: true });
    const y = x.mul(5);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([5]);
    const constant = y.node!.inputs[1]!;
    expect(constant.requiresGrad).toBe(false);
    expect(constant.grad).toBeNull();
  });
});
