import { describe, expect, it } from "vitest";
import { GradientError, grad, hessian, tensor } from "../../src/index.js";

describe("reverse mode engine", () => {
  it("accumulates gradients where a value fans out (worksheet 2a)", () => {
    const w = tensor(1.5, { requiresGrad: true, dtype: "float64" });
    // f(g1(w), g2(w)) = g1 * g2 with g1 = w², g2 = sin w: df/dw = 2w sin w + w² cos w
    const f = w.square().mul(w.sin());
    f.backward();
    expect(w.grad!.item()).toBeCloseTo(2 * 1.5 * Math.sin(1.5) + 1.5 ** 2 * Math.cos(1.5), 12);
  });

  it("survives a chain of 100,000 ops", () => {
    const x = tensor([1], { requiresGrad: true, dtype: "float64" });
    let y = x;
    for (let i = 0; i < 100_000; i++) y = y.mul(1.00001);
    y.sum().backward();
    expect(x.grad!.item()).toBeCloseTo(1.00001 ** 100_000, 6);
  });

  it("says how to fix backward on a non-scalar", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow(GradientError);
    expect(() => x.mul(2).backward()).toThrow(/not a scalar.*y\.sum\(\)\.backward\(\)/);
  });

  it("takes grad of grad and the hessian", () => {
    const g2 = grad(grad((x) => x.tanh().sum()) as never);
    const x = 0.5;
    const t = Math.tanh(x);
    expect((g2(tensor([x], { dtype: "float64" })) as ReturnType<typeof tensor>).item()).toBeCloseTo(-2 * t * (1 - t * t), 12);
    const h = hessian((v) => v.square().sum().mul(v.sum()))(tensor([1, 2], { dtype: "float64" }));
    // f = (a²+b²)(a+b): ∂²f/∂a² = 2(a+b) + 4a, ∂²f/∂a∂b = 2a + 2b
    expect(h.toArray()).toEqual([
      [2 * 3 + 4, 2 + 4],
      [2 + 4, 2 * 3 + 8],
    ]);
  });
});
