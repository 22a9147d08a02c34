/** @file numericalGrad: forward and central differences, defaults per dtype, inputs untouched, clear errors. */
import { describe, expect, it } from "vitest";
import { CHECK_DEFAULTS, GradientError, numericalGrad, tensor, ValueError } from "../../src/index.js";

describe("numericalGrad", () => {
  const x = tensor([0.5, -1.25, 2], { dtype: "float64" });
  const cube = (t: ReturnType<typeof tensor>) => t.pow(3).sum();

  it("central differences match 3x² to ~1e-9 in float64", () => {
    const [g] = numericalGrad(cube, [x]);
    const expected = [0.75, 4.6875, 12];
    g!.toArray();
    expect(g!.shape).toEqual([3]);
    expect(g!.dtype).toBe("float64");
    for (let i = 0; i < 3; i++) expect(Math.abs(g!.data[i]! - expected[i]!)).toBeLessThan(1e-8);
  });

  it("forward differences have O(h) error: worse than central, still close", () => {
    const [central] = numericalGrad(cube, [x]);
    const [forward] = numericalGrad(cube, [x], { method: "forward", eps: 1e-5 });
    // truncation of the forward quotient is h·f''/2 = 3x·h: 3·2·1e-5 = 6e-5 at x = 2
    expect(Math.abs(forward!.data[2]! - 12)).toBeGreaterThan(1e-5);
    expect(Math.abs(forward!.data[2]! - 12)).toBeLessThan(1e-4);
    expect(Math.abs(central!.data[2]! - 12)).toBeLessThan(1e-8);
  });

  it("leaves the inputs unchanged and handles several inputs", () => {
    const a = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: "float64" },
    );
    const b = tensor([0.5, -0.5], { dtype: "float64" });
    const before = Array.from(a.data);
    const [ga, gb] = numericalGrad((a, b) => a.matmul(b).square().sum(), [a, b]);
    expect(Array.from(a.data)).toEqual(before);
    // f = Σᵢ (aᵢ·b)²: ∂f/∂a_ij = 2(aᵢ·b) b_j ; a·b = [-0.5, -0.5]
    expect(Array.from(ga!.data).map((v) => +v.toFixed(6))).toEqual([-0.5, 0.5, -0.5, 0.5]);
    // ∂f/∂b = 2 Σᵢ (aᵢ·b) aᵢ = 2·(-0.5)·[4, 6]
    expect(Array.from(gb!.data).map((v) => +v.toFixed(6))).toEqual([-4, -6]);
  });

  it("uses the float32 defaults for float32 inputs", () => {
    const [g] = numericalGrad((t) => t.square().sum(), [tensor([1.5])]);
    expect(g!.dtype).toBe("float32");
    expect(Math.abs(g!.data[0]! - 3)).toBeLessThan(1e-3);
    expect(CHECK_DEFAULTS.float32.eps.central).toBeGreaterThan(CHECK_DEFAULTS.float64.eps.central);
  });

  it("projects a non-scalar output on a cotangent, and refuses one without", () => {
    const t = tensor([1, 2], { dtype: "float64" });
    expect(() => numericalGrad((u) => u.square(), [t])).toThrow(GradientError);
    const [g] = numericalGrad((u) => u.square(), [t], { cotangent: tensor([1, 10], { dtype: "float64" }) });
    expect(Array.from(g!.data).map((v) => +v.toFixed(6))).toEqual([2, 40]);
  });

  it("rejects bad options with a ValueError naming them", () => {
    expect(() => numericalGrad(cube, [x], { eps: 0 })).toThrow(/eps/);
    expect(() => numericalGrad(cube, [x], { method: "backward" as "forward" })).toThrow(ValueError);
    expect(() => numericalGrad(cube, [] as never)).toThrow(/inputs/);
  });
});
