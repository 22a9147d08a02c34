/** @file Gradient clipping by norm and by value. */
import { describe, expect, it } from "vitest";
import { optim, tensor } from "../../src/index.js";

describe("gradient clipping", () => {
  it("clipGradNorm returns the global norm and scales all gradients by maxNorm/(norm + 1e-6)", () => {
    const a = tensor([0, 0], { dtype: "float64", requiresGrad: true });
    const b = tensor([0], { dtype: "float64", requiresGrad: true });
    a.grad = tensor([3, 4], { dtype: "float64" });
    b.grad = tensor([12], { dtype: "float64" });
    expect(optim.clipGradNorm([a, b], 6.5)).toBe(13);
    const c = 6.5 / (13 + 1e-6);
    expect(a.grad.toArray()).toEqual([3 * c, 4 * c]);
    expect(b.grad.toArray()).toEqual([12 * c]);
  });

  it("leaves gradients under the limit alone, and supports the max norm", () => {
    const a = tensor([0, 0], { dtype: "float64", requiresGrad: true });
    a.grad = tensor([3, -4], { dtype: "float64" });
    const g = a.grad;
    expect(optim.clipGradNorm([a], 10)).toBe(5);
    expect(a.grad).toBe(g);
    expect(optim.clipGradNorm([a], 2, Infinity)).toBe(4);
    expect(a.grad.toArray()).toEqual([(3 * 2) / (4 + 1e-6), (-4 * 2) / (4 + 1e-6)]);
  });

  it("scales each gradient once even when two parameters share one gradient array", () => {
    const a = tensor([1, 1], { dtype: "float64", requiresGrad: true });
    const b = tensor([1, 1], { dtype: "float64", requiresGrad: true });
    a.add(b)
      .mul(tensor([3, 4], { dtype: "float64" }))
      .sum()
      .backward(); // ∂/∂a = ∂/∂b = [3, 4]
    expect(optim.clipGradNorm([a, b], 1)).toBeCloseTo(Math.sqrt(50), 12);
    const c = 1 / (Math.sqrt(50) + 1e-6);
    expect(a.grad!.toArray()).toEqual([3 * c, 4 * c]);
    expect(b.grad!.toArray()).toEqual([3 * c, 4 * c]);
  });

  it("clipGradValue clamps entries to [−clip, clip]", () => {
    const a = tensor([0, 0, 0], { requiresGrad: true });
    a.grad = tensor([-3, 0.25, 2]);
    optim.clipGradValue([a], 1);
    expect(a.grad.toArray()).toEqual([-1, 0.25, 1]);
    expect(() => optim.clipGradValue([a], -1)).toThrow(/clip must be ≥ 0/);
  });
});
