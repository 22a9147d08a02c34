/** @file Local rule checks: every primitive's rule agrees with its own op when re-run in isolation. */
import { describe, expect, it } from "vitest";
import { checkRules, concat, maximum, minimum, randn, slice, tensor, where, gt, type Tensor } from "../../src/index.js";

describe("checkRules", () => {
  it("finds every rule right across the primitive families (first and second order)", () => {
    const a = randn([2, 3], { dtype: "float64", seed: 1, requiresGrad: true });
    const b = randn([3], { dtype: "float64", seed: 2, requiresGrad: true });
    const pos = a.square().add(0.5);
    const parts: Tensor[] = [
      a
        .add(b)
        .sub(b.mul(2))
        .div(pos)
        .square()
        .add(1)
        .pow(tensor(1.5, { dtype: "float64" })),
      pos.add(1).log().sqrt().exp().neg().abs().reciprocal(),
      a.sigmoid().tanh().relu().softplus().erf().expm1().log1p().sin().cos(),
      maximum(a, b).add(minimum(a, b)).sum(0).unsqueeze(0),
      a.matmul(b).unsqueeze(1).expand([2, 3]),
      a.transpose().reshape([2, 3]).cast("float32").cast("float64"),
      slice(a, null, { start: 1, stop: 3 }).max(1, true).add(a.min(1, true)).expand([2, 3]),
      where(gt(a, 0), a, b),
      concat([a, pos], 0).sum(0, true).expand([2, 3]),
    ];
    const root = parts.reduce((acc, p) => acc.add(p)).sum();
    for (const order of [1, 2] as const) {
      const checks = checkRules(root, order);
      const bad = checks.filter((c) => c.status === "mismatch" || c.status === "skipped");
      expect(bad.map((c) => c.message)).toEqual([]);
      const ops = new Set(checks.map((c) => c.op));
      for (const op of ["matmul", "pow", "erf", "maximum", "max", "where", "concat", "slice", "cast", "transpose"])
        expect(ops).toContain(op);
    }
  });
});
