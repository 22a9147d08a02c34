/** @file Every error names its class, the op, the shapes or values involved, and the fix. */
import { describe, expect, it } from "vitest";
import * as cr from "../../src/index.js";
import { ChainruleError, DTypeError, GradientError, ShapeError, ValueError, tensor, zeros } from "../../src/index.js";

/** Runs `f`, expecting it to throw `cls`; returns the message for content checks. */
function messageOf(f: () => unknown, cls: new (...args: never[]) => Error): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(cls);
    expect(e).toBeInstanceOf(ChainruleError);
    expect((e as Error).name).toBe(cls.name);
    return (e as Error).message;
  }
  throw new Error(`expected ${cls.name}, but nothing was thrown`);
}

describe("error messages", () => {
  it("add with shapes that do not broadcast: names the op, both shapes and the rule", () => {
    const m = messageOf(() => cr.add(zeros([2, 3]), zeros([4])), ShapeError);
    expect(m).toMatch(/^add:/);
    expect(m).toContain("[2, 3]");
    expect(m).toContain("[4]");
    expect(m).toMatch(/aligns shapes from the right/);
    expect(m).toMatch(/equal or 1/);
    expect(m).toMatch(/unsqueeze/);
  });

  it("matmul with different inner sizes: names both operands, the sizes and the rule", () => {
    const m = messageOf(() => cr.matmul(zeros([2, 3]), zeros([4, 5])), ShapeError);
    expect(m).toMatch(/^matmul: inner sizes differ/);
    expect(m).toContain("[2, 3]");
    expect(m).toContain("[4, 5]");
    expect(m).toMatch(/3 columns.*4 rows/);
    expect(m).toMatch(/last axis of A must equal the second-to-last of B/);
    expect(messageOf(() => cr.dot(zeros([3]), zeros([4])), ShapeError)).toMatch(/^dot: .*\[3\].*\[4\]/);
  });

  it("backward on a non-scalar without a gradient says how to fix it", () => {
    const y = zeros([2, 2], { requiresGrad: true }).mul(2);
    const m = messageOf(() => y.backward(), GradientError);
    expect(m).toMatch(/^backward: .*\[2, 2\].*not a scalar/);
    expect(m).toContain("y.backward(onesLike(y))");
    expect(m).toContain("y.sum().backward()");
  });

  it("backward on a value that needs no gradient says where requiresGrad is missing", () => {
    expect(messageOf(() => tensor([1]).mul(2).backward(), GradientError)).toMatch(/does not require grad.*requiresGrad: true/);
  });

  it("mixing float32 and float64 is a DTypeError naming both dtypes and the cast", () => {
    const a = zeros([2]);
    const b = zeros([2], { dtype: "float64" });
    for (const f of [() => cr.add(a, b), () => cr.matmul(a, b), () => cr.concat([a, b]), () => cr.maximum(a, b)]) {
      const m = messageOf(f, DTypeError);
      expect(m).toContain("float32");
      expect(m).toContain("float64");
      expect(m).toMatch(/cast/);
    }
    const seedMsg = messageOf(() => zeros([2], { requiresGrad: true }).mul(2).backward(b), DTypeError);
    expect(seedMsg).toMatch(/^backward: the gradient seed is float64 .* float32; pass seed\.cast\("float32"\)/);
  });

  it("an invalid axis names the op, the axis and the valid range", () => {
    const m = messageOf(() => cr.sum(zeros([2, 3]), 2), ShapeError);
    expect(m).toMatch(/^sum: axis 2 is out of range for a tensor with 2 dimension/);
    expect(m).toContain("[-2, 1]");
    expect(messageOf(() => cr.softmax(zeros([2, 3]), -3), ShapeError)).toMatch(/axis -3/);
    expect(messageOf(() => cr.max(zeros([2, 3]), [0, 0]), ShapeError)).toMatch(/^max: repeated axis/);
  });

  it("reshape to a wrong size names both shapes and element counts", () => {
    const m = messageOf(() => zeros([2, 3]).reshape([4]), ShapeError);
    expect(m).toMatch(/^reshape: cannot reshape .*\[2, 3\].*6 elements.*\[4\].*4 elements/);
    expect(m).toMatch(/-1/);
    expect(messageOf(() => zeros([2, 3]).reshape([4, -1]), ShapeError)).toMatch(/cannot infer the -1/);
  });

  it("item() on a multi-element tensor says how many elements and what to do", () => {
    const m = messageOf(() => tensor([1, 2, 3]).item(), ValueError);
    expect(m).toMatch(/^item: .*3 elements; item\(\) needs exactly one/);
    expect(m).toMatch(/toArray\(\)/);
  });

  it("NaN and ±Infinity in creation input are ValueErrors naming the element and the opt-out", () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const m = messageOf(() => tensor([1, bad]), ValueError);
      expect(m).toContain(`input element 1 is ${bad}`);
      expect(m).toContain("allowNonFinite");
    }
    expect(messageOf(() => tensor(new Float64Array([0, 0, NaN])), ValueError)).toContain("element 2 is NaN");
    expect(tensor([-Infinity], { allowNonFinite: true }).item()).toBe(-Infinity);
  });

  it("detectAnomaly names the op that produced NaN, forward and backward", () => {
    const forward = messageOf(() => cr.detectAnomaly(() => tensor([-1, 2]).log()), ValueError);
    expect(forward).toMatch(/^detectAnomaly: "log" produced NaN from NaN-free inputs/);
    const x = tensor([0], { requiresGrad: true });
    // d/dx sqrt(x)·0 at 0: the backward pass computes 0 / (2·0) = NaN in "div"
    const backward = messageOf(() => cr.detectAnomaly(() => x.sqrt().mul(0).sum().backward()), ValueError);
    expect(backward).toMatch(/"div" produced NaN/);
    // NaN that came in (allowed at creation) is not blamed on the op that passes it on
    expect(cr.detectAnomaly(() => tensor([NaN], { allowNonFinite: true }).exp().item())).toBeNaN();
    // outside detectAnomaly the same computations run quietly
    expect(Number.isNaN(tensor([-1]).log().item())).toBe(true);
  });

  it("other misuse: ragged arrays, bad permutations, bad expand, out-of-range slices, bad relu subgradient", () => {
    expect(messageOf(() => tensor([[1, 2], [3]]), ShapeError)).toMatch(/ragged nested array/);
    expect(messageOf(() => cr.transpose(zeros([2, 3]), [0, 0]), ShapeError)).toMatch(/not a permutation/);
    expect(messageOf(() => cr.expand(zeros([2, 3]), [4, 3]), ShapeError)).toMatch(/^expand: .*\[2, 3\].*\[4, 3\]/);
    expect(messageOf(() => zeros([2, 3]).slice(5), ShapeError)).toMatch(/index 5 is out of range for axis 0 of size 2/);
    expect(messageOf(() => cr.squeeze(zeros([2, 3]), 0), ShapeError)).toMatch(/axis 0 .* has size 2, not 1/);
    expect(messageOf(() => cr.relu(zeros([1]), { subgradient: 2 as 1 }), ValueError)).toMatch(/subgradient must be 0 or 1, got 2/);
    expect(messageOf(() => cr.clamp(zeros([1]), 2, 1), ValueError)).toMatch(/lo \(2\) is greater than hi \(1\)/);
    expect(messageOf(() => cr.setBackend("nope"), ValueError)).toMatch(/unknown backend "nope"; available: js/);
    const f64 = { dtype: "float64" as const };
    const jvpMsg = messageOf(() => cr.jvp((x) => x.sin(), [tensor([1, 2, 3], f64)], [tensor([1], f64)]), ShapeError);
    expect(jvpMsg).toMatch(/^jvp: tangent 0 must be shaped and typed like its primal .*\[3\].*got .*\[1\]/);
  });
});
