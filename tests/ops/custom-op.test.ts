/** @file defineOp: user ops record, draw and check like built-ins; second derivatives flow through a differentiable vjp. */
import { describe, expect, it } from "vitest";
import {
  abs,
  captureGraph,
  checkRules,
  clamp,
  defineOp,
  explain,
  grad,
  gradcheck,
  gradgradcheck,
  le,
  sign,
  tensor,
  toDot,
  ValueError,
  GradientError,
  type Tensor,
} from "../../src/index.js";

// a clipped straight-through estimator: hardtanh forward, gradient passed where |x| ≤ 1
const clipSte = defineOp({
  name: "clipSte",
  forward: (x) => clamp(x, -1, 1),
  // ∂L/∂x = g·[|x| ≤ 1]
  vjp: (g, [x]) => [g.mul(le(abs(x!), 1))],
  derivative: "∂y/∂x = [|x| ≤ 1]",
  latex: "\\frac{\\partial y}{\\partial x} = [|x| \\le 1]",
});

// the same estimator for a binarizing forward (BinaryConnect): sign(x), gradient g·[|x| ≤ 1]
const binarize = defineOp({
  name: "binarize",
  forward: (x) => sign(x),
  vjp: (g, [x]) => [g.mul(le(abs(x!), 1))],
  derivative: "∂y/∂x ≈ [|x| ≤ 1] (straight-through)",
});

// smooth, two inputs, broadcasting: hypot(a, b) = √(a² + b²)
const hypot = defineOp({
  name: "hypot",
  forward: (a, b) => a.square().add(b.square()).sqrt(),
  // ∂y/∂a = a/y, ∂y/∂b = b/y (shaped like y; the engine sums b's broadcast axis back)
  vjp: (g, [a, b], y) => [g.mul(a!).div(y), g.mul(b!).div(y)],
  derivative: "∂y/∂a = a/y, ∂y/∂b = b/y",
});

const cube = defineOp({
  name: "cube",
  forward: (x) => x.mul(x).mul(x),
  // ∂x³/∂x = 3x²
  vjp: (g, [x]) => [g.mul(x!.square().mul(3))],
  derivative: "∂y/∂x = 3x²",
});

const f64 = (xs: number[] | number[][], requiresGrad = false): Tensor => tensor(xs, { dtype: "float64", requiresGrad });

describe("defineOp", () => {
  it("a clipped straight-through estimator: forward values, gradient g·[|x| ≤ 1], gradcheck away from ±1", () => {
    const x = f64([-2, -0.5, 0.25, 0.9, 3], true);
    const y = clipSte(x);
    expect(y.toArray()).toEqual([-1, -0.5, 0.25, 0.9, 1]);
    expect(y.node?.op).toBe("clipSte");
    y.mul(f64([1, 2, 3, 4, 5]))
      .sum()
      .backward();
    expect(x.grad!.toArray()).toEqual([0, 2, 3, 4, 0]);
    const r = gradcheck((x) => clipSte(x).square().sum(), [f64([-1.7, -0.4, 0.3, 0.8, 2.5])]);
    expect(r.ok).toBe(true);
  });

  it("a binarizing STE passes the clipped gradient, and gradcheck says it is not sign's true derivative", () => {
    const x = f64([-2, -0.5, 0.25, 3], true);
    const y = binarize(x);
    expect(y.toArray()).toEqual([-1, -1, 1, 1]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 1, 0]);
    const r = gradcheck((x) => binarize(x).sum(), [f64([-0.5, 0.25])]);
    expect(r.ok).toBe(false);
    expect(r.culprit?.op).toBe("binarize");
  });

  it("shows in pictures and explain() with its name and derivative text", () => {
    const x = tensor([0.5, -3], { requiresGrad: true, name: "x" });
    const y = clipSte(x).sum();
    y.backward();
    const text = explain(y).text;
    expect(text).toContain("clipSte(x)");
    expect(text).toContain("clipSte′(x)");
    expect(toDot(y)).toContain("clipSte");
    const node = captureGraph(y).model.nodes.find((n) => n.op === "clipSte");
    expect(node?.derivative).toEqual({ text: "∂y/∂x = [|x| ≤ 1]", latex: "\\frac{\\partial y}{\\partial x} = [|x| \\le 1]" });
    expect(node?.opLabel).toBe("clipSte");
    const two = hypot(tensor([3], { requiresGrad: true, name: "a" }), tensor([4], { requiresGrad: true, name: "b" }));
    expect(explain(two.sum()).text).toContain("∂₂hypot(a, b)");
  });

  it("a smooth op passes gradcheck and gradgradcheck, with broadcasting inputs", () => {
    const a = f64([
      [0.3, -1.2, 2],
      [1.5, 0.7, -0.4],
    ]);
    const b = f64([0.8, -0.6, 1.1]);
    expect(gradcheck((a, b) => hypot(a, b).sum(), [a, b]).ok).toBe(true);
    expect(gradgradcheck((a, b) => hypot(a, b).mul(a).sum(), [a, b]).ok).toBe(true);
    expect(gradgradcheck((x) => cube(x).sum(), [f64([0.4, -1.3])]).ok).toBe(true);
  });

  it("works under grad(grad(f)): d²(x³)/dx² = 6x", () => {
    const d1 = grad((z: Tensor) => cube(z).sum());
    const d2 = grad((x: Tensor) => (d1(x) as Tensor).sum());
    expect((d2(f64([2, -0.5])) as Tensor).toArray()).toEqual([12, -3]);
  });

  it("checkRules checks its vjp against central differences of its forward", () => {
    const x = f64([0.4, -1.1], true);
    const checks = checkRules(cube(x).sum());
    const own = checks.find((c) => c.op === "cube");
    expect(own?.status).toBe("ok");
  });

  it("rejects bad definitions and bad vjp results with errors that name the op", () => {
    expect(() => defineOp({ name: "exp", forward: (x) => x, vjp: (g) => [g] })).toThrow(ValueError);
    expect(() => defineOp({ name: "my op", forward: (x) => x, vjp: (g) => [g] })).toThrow(/letters and digits/);
    const bad = defineOp({ name: "bad", forward: (x) => x.mul(2), vjp: () => [] });
    const x = f64([1], true);
    expect(() => bad(x).sum().backward()).toThrow(GradientError);
    expect(() => bad(x).sum().backward()).toThrow(/bad: its vjp must return an array of 1 gradient/);
    const notTensor = defineOp({ name: "notTensor", forward: () => 3 as unknown as Tensor, vjp: (g) => [g] });
    expect(() => notTensor(x)).toThrow(/notTensor: forward must return a Tensor/);
  });
});
