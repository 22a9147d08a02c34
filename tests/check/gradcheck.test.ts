/** @file gradcheck: passes on correct rules, catches a deliberately wrong rule and names its op, treats kinks as kinks. */
import { describe, expect, it } from "vitest";
import { abs, clamp, derivativeRules, gradcheck, maximum, mul, randn, relu, sub, tensor, type Tensor } from "../../src/index.js";

type RuleTable = Record<string, { derivative: string; latex: string; vjp: unknown; fastVjp?: unknown }>;

/** Replaces one rule of the registry for the duration of `fn` (restored in finally). */
function withRule<T>(op: string, rule: RuleTable[string], fn: () => T): T {
  const table = derivativeRules as unknown as RuleTable;
  const saved = table[op]!;
  table[op] = rule;
  try {
    return fn();
  } finally {
    table[op] = saved;
  }
}

const W = randn([3, 2], { dtype: "float64", seed: 11 }).named("W");
const x = randn([2], { dtype: "float64", seed: 12 }).named("x");
const net = (W: Tensor, x: Tensor): Tensor => W.matmul(x).tanh().sigmoid().square().sum();

describe("gradcheck", () => {
  it("passes a composite of correct rules, with tiny errors and a readable report", () => {
    const r = gradcheck(net, [W, x]);
    expect(r.ok).toBe(true);
    expect(r.failures).toEqual([]);
    expect(r.maxAbsError).toBeLessThan(1e-8);
    expect(r.maxRelError).toBeLessThan(1e-5);
    expect(r.settings).toMatchObject({ method: "central", eps: 1e-6, dtype: "float64" });
    expect(r.report).toMatch(/^gradcheck passed/);
    expect(r.culprit).toBeUndefined();
    expect(r.analytic[0]!.shape).toEqual([3, 2]);
  });

  it("catches a wrong sigmoid rule and names the op, the input, the index and both values", () => {
    const original = derivativeRules.sigmoid;
    // wrong on purpose: σ′ = σ instead of σ(1−σ), and no fused form, so plain backward uses it
    const r = withRule(
      "sigmoid",
      { derivative: original.derivative, latex: original.latex, vjp: (g: Tensor, _x: Tensor[], y: Tensor) => [mul(g, y)] },
      () => gradcheck(net, [W, x]),
    );
    expect(r.ok).toBe(false);
    expect(r.failures.length).toBeGreaterThan(0);
    const f = r.failures[0]!;
    expect(["W", "x"]).toContain(f.name);
    expect(f.absError).toBeCloseTo(Math.abs(f.analytic - f.numeric), 12);
    expect(r.report).toContain(`"${f.name}"`);
    expect(r.report).toContain(`index [${f.index.join(", ")}]`);
    expect(r.culprit?.op).toBe("sigmoid");
    expect(r.culprit?.status).toBe("mismatch");
    expect(r.report).toMatch(/Culprit: "sigmoid"/);
    // every other node's rule was checked and found right
    expect(r.ruleChecks.filter((c) => c.status === "mismatch").map((c) => c.op)).toEqual(["sigmoid"]);
  });

  it("catches a wrong fused fastVjp too, saying which form is wrong", () => {
    const original = derivativeRules.tanh;
    const r = withRule("tanh", { ...original, fastVjp: (g: Tensor) => [g] }, () => gradcheck(net, [W, x]));
    expect(r.ok).toBe(false);
    expect(r.culprit?.op).toBe("tanh");
    expect(r.culprit?.message).toContain("fastVjp");
  });

  it("catches a wrong binary rule (sub's sign) in a graph that also has matmul and sum", () => {
    const original = derivativeRules.sub;
    const y = tensor([0.3, -0.2, 0.9], { dtype: "float64" }).named("y");
    const r = withRule("sub", { ...original, vjp: (g: Tensor) => [g, g] }, () =>
      gradcheck((W, x, y) => sub(W.matmul(x), y).square().sum(), [W, x, y]),
    );
    expect(r.ok).toBe(false);
    expect(r.failures.every((f) => f.name === "y")).toBe(true);
    expect(r.culprit?.op).toBe("sub");
  });

  it("does not fail at a ReLU kink it detects, and reports it", () => {
    const k = tensor([0, 1.5, -2, 0], { dtype: "float64" }).named("k");
    const weights = tensor([1, 2, 3, 4], { dtype: "float64" });
    const r = gradcheck((k) => relu(k).mul(weights).sum(), [k]);
    expect(r.ok).toBe(true);
    expect(r.kinks.map((q) => q.index[0])).toEqual([0, 3]);
    expect(r.kinks.every((q) => q.op === "relu" && q.disagrees)).toBe(true);
    expect(r.kinks[0]).toMatchObject({ analytic: 0, name: "k" });
    expect(r.kinks[0]!.numeric).toBeCloseTo(0.5, 6);
    expect(r.report).toMatch(/kink of "relu"/);
  });

  it("treats |x| at 0, a maximum tie, a max-reduction tie and clamp edges as kinks", () => {
    const z = tensor([0, 0.7, -0.3], { dtype: "float64" });
    expect(gradcheck((t) => abs(t).sum(), [z]).kinks.map((k) => [k.op, k.flatIndex])).toEqual([["abs", 0]]);
    const tie = gradcheck((t) => maximum(t, 0.7).sum(), [z]);
    expect(tie.ok).toBe(true);
    expect(tie.kinks.map((k) => [k.op, k.flatIndex])).toEqual([["maximum", 1]]);
    const red = gradcheck((t) => t.max(), [tensor([3, 1, 3], { dtype: "float64" })]);
    expect(red.kinks.map((k) => [k.op, k.flatIndex])).toEqual([
      ["max", 0],
      ["max", 2],
    ]);
    const cl = gradcheck((t) => clamp(t, 0, 1).square().sum(), [tensor([0, 0.5, 1, 2], { dtype: "float64" })]);
    expect(cl.ok).toBe(true);
    expect(cl.kinks.map((k) => k.flatIndex)).toEqual([0, 2]);
  });

  it("still fails a wrong rule next to a kink: the kink excuses only its own entries", () => {
    const original = derivativeRules.relu;
    const k = tensor([0, 1.5, -2], { dtype: "float64" }).named("k");
    const r = withRule("relu", { derivative: original.derivative, latex: original.latex, vjp: (g: Tensor) => [mul(g, 2)] }, () =>
      gradcheck((k) => relu(k).sum(), [k]),
    );
    expect(r.ok).toBe(false);
    expect(r.failures.map((f) => f.flatIndex).sort()).toEqual([1, 2]);
    expect(r.kinks.map((q) => q.flatIndex)).toEqual([0]);
    expect(r.culprit?.op).toBe("relu");
  });

  it("checks vᵀJ for a non-scalar output, and forward differences work with their own eps", () => {
    expect(gradcheck((W, x) => W.matmul(x).tanh(), [W, x]).ok).toBe(true);
    const r = gradcheck(net, [W, x], { method: "forward" });
    expect(r.ok).toBe(true);
    expect(r.settings.eps).toBe(1e-8);
  });

  it("warns about float32 and uses looser defaults there", () => {
    const r = gradcheck((t) => t.tanh().sum(), [tensor([0.1, 0.5])], { warn: false });
    expect(r.ok).toBe(true);
    expect(r.settings).toMatchObject({ dtype: "float32", eps: 1e-3, atol: 1e-2 });
    expect(r.warnings[0]).toMatch(/float32.*float64/);
    expect(r.report).toContain("Warning:");
  });

  it("checks only the inputs in wrt and leaves the caller's tensors alone", () => {
    const Wg = randn([3, 2], { dtype: "float64", seed: 3, requiresGrad: true });
    const r = gradcheck(net, [Wg, x], { wrt: [1] });
    expect(r.ok).toBe(true);
    expect(Array.from(r.numeric[0]!.data).every((v) => v === 0)).toBe(true);
    expect(Wg.grad).toBeNull();
    expect(() => gradcheck(net, [W, x], { wrt: [5] })).toThrow(/wrt index 5/);
  });
});
