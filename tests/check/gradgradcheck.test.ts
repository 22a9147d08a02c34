/** @file gradgradcheck: second derivatives through the rules' own ops; a non-differentiable rule is named. */
import { describe, expect, it } from "vitest";
import { derivativeRules, gradgradcheck, mul, randn, sub, tensor, type Tensor } from "../../src/index.js";

type RuleTable = Record<string, { derivative: string; latex: string; vjp: unknown; fastVjp?: unknown }>;

describe("gradgradcheck", () => {
  it("passes for smooth activations and a small network with a non-scalar output", () => {
    expect(gradgradcheck((x) => x.tanh().sigmoid().mul(2).sum(), [tensor([0.1, -0.5, 1.3], { dtype: "float64" })]).ok).toBe(true);
    const W = randn([3, 2], { dtype: "float64", seed: 4 });
    const x = randn([2], { dtype: "float64", seed: 5 });
    const r = gradgradcheck((W, x) => W.matmul(x).softplus().exp(), [W, x]);
    expect(r.ok).toBe(true);
    expect(r.report).toMatch(/^gradgradcheck passed/);
  });

  it("names tanh when its rule detaches the output (right first derivative, wrong second)", () => {
    const table = derivativeRules as unknown as RuleTable;
    const saved = table["tanh"]!;
    // 1 − y² with y detached: correct values, but no path for the second derivative
    table["tanh"] = { ...saved, vjp: (g: Tensor, _x: Tensor[], y: Tensor) => [mul(g, sub(1, y.detach().square()))] };
    try {
      const r = gradgradcheck((x) => x.tanh().sum(), [tensor([0.1, 0.5], { dtype: "float64" })]);
      expect(r.ok).toBe(false);
      expect(r.failures.length).toBe(2);
      expect(r.culprit?.op).toBe("tanh");
      expect(r.culprit?.order).toBe(2);
      expect(r.report).toMatch(/Culprit: "tanh"/);
    } finally {
      table["tanh"] = saved;
    }
  });
});
