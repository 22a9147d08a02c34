/** @file layerNorm as one primitive: one node, its fast and composed derivatives against finite differences and each other, stability at large offsets. */
import { describe, expect, it } from "vitest";
import {
  checkRules,
  gradcheck,
  gradgradcheck,
  gradients,
  layerNorm,
  mean,
  randn,
  sqrt,
  square,
  sub,
  tensor,
  type Tensor,
} from "../../src/index.js";

/** The composed definition the primitive replaces: (x − μ)/√(σ² + ε) over the last axis. */
function composed(x: Tensor, eps: number): Tensor {
  const c = sub(x, mean(x, -1, true));
  return c.div(sqrt(mean(square(c), -1, true).add(eps)));
}

describe("layerNorm primitive", () => {
  it("records one layerNorm node before the affine part, with its derivative text", () => {
    const x = randn([3, 5], { dtype: "float64", requiresGrad: true, seed: 1 });
    const w = randn([5], { dtype: "float64", requiresGrad: true, seed: 2 });
    const y = layerNorm(x, [5], w);
    expect(y.node!.op).toBe("mul");
    const core = y.node!.inputs[0]!;
    expect(core.node!.op).toBe("layerNorm");
    expect(core.node!.attrs).toEqual({ n: 5, eps: 1e-5 });
  });

  it("matches the composed definition in values and gradients (fast rule and composed rule)", () => {
    const x = randn([4, 6], { dtype: "float64", requiresGrad: true, seed: 3 });
    const g = randn([4, 6], { dtype: "float64", seed: 4 });
    const fused = layerNorm(x, [6]);
    const ref = composed(x, 1e-5);
    const close = (a: Tensor, b: Tensor) => Array.from(a.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(b.dataSync()[i]!, 12));
    close(fused, ref);
    const [gFast] = gradients(fused.mul(g).sum(), [x]);
    const [gRef] = gradients(ref.mul(g).sum(), [x]);
    const [gGraph] = gradients(layerNorm(x, [6]).mul(g).sum(), [x], undefined, { createGraph: true });
    close(gFast!, gRef!);
    close(gGraph!, gRef!);
  });

  it("passes gradcheck, gradgradcheck and the rule check over several axes", () => {
    const x = randn([2, 3, 4], { dtype: "float64", requiresGrad: true, seed: 5 });
    expect(gradcheck((a) => layerNorm(a, [3, 4]).exp().sum(), [x]).ok).toBe(true);
    expect(gradgradcheck((a) => layerNorm(a, [4]).exp().sum(), [x]).ok).toBe(true);
    const root = layerNorm(x, [4]).square().sum();
    for (const order of [1, 2] as const) {
      const checks = checkRules(root, order);
      expect(checks.filter((c) => c.status === "mismatch" || c.status === "skipped").map((c) => c.message)).toEqual([]);
      expect(checks.map((c) => c.op)).toContain("layerNorm");
    }
  });

  it("stays exact for rows far from zero and gives zeros for a constant row", () => {
    const big = layerNorm(tensor([[1e4 + 1, 1e4 + 2, 1e4 + 3]], { dtype: "float32" }), [3]).dataSync();
    expect(Array.from(big, (v) => Number(v.toFixed(4)))).toEqual([-1.2247, 0, 1.2247]);
    const flat = tensor([[7, 7, 7, 7]], { requiresGrad: true });
    const y = layerNorm(flat, [4]);
    expect(Array.from(y.dataSync())).toEqual([0, 0, 0, 0]);
    const [g] = gradients(y.mul(tensor([[1, 2, 3, 4]])).sum(), [flat]);
    expect(Array.from(g!.dataSync()).every(Number.isFinite)).toBe(true);
  });
});
