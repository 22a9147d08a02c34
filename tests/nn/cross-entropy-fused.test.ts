/** @file The fused primitives behind classification losses: crossEntropy and logSoftmax as one node each, against their composed definitions, rules, stability and pictures. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initWasm } from "../../src/backends/wasm/index.js";
import { wasmSupported } from "../../src/backends/wasm/module.js";
import {
  captureGraph,
  checkRules,
  exp,
  getBackend,
  gradcheck,
  gradgradcheck,
  logSoftmax,
  max,
  mean,
  mul,
  neg,
  nn,
  randn,
  setBackend,
  sub,
  sum,
  tensor,
  type Tensor,
} from "../../src/index.js";

/** −Σ q·logSoftmax(z) per row, logSoftmax composed from primitives (the definition the fused ops replace). */
function composedCrossEntropy(z: Tensor, q: Tensor, reduction: "mean" | "sum" | "none"): Tensor {
  const m = max(z, -1, true).detach();
  const shifted = sub(z, m);
  const lsm = sub(shifted, sum(exp(shifted), -1, true).log());
  const rows = neg(sum(mul(q, lsm), -1));
  return reduction === "none" ? rows : reduction === "sum" ? sum(rows) : mean(rows);
}

const backends = wasmSupported() ? ["js", "wasm"] : ["js"];

describe.each(backends)("fused crossEntropy and logSoftmax on the %s backend", (name) => {
  let previous = "js";
  beforeAll(async () => {
    previous = getBackend();
    if (name === "wasm") await initWasm();
    setBackend(name);
  });
  afterAll(() => setBackend(previous));

  for (const reduction of ["mean", "sum", "none"] as const) {
    it(`matches the composed definition in value and gradient (${reduction}, one-hot, smoothed and probability targets)`, () => {
      const z = randn([7, 5], { dtype: "float64", seed: 3, requiresGrad: true });
      const labels = [0, 4, 2, 2, 1, 3, 0];
      const probs = exp(randn([7, 5], { dtype: "float64", seed: 4 }));
      const q = probs.div(sum(probs, -1, true));
      for (const [targets, opts] of [
        [labels, {}],
        [labels, { labelSmoothing: 0.1 }],
        [q, {}],
      ] as const) {
        const fused = nn.crossEntropy(z, targets as number[] | Tensor, { ...opts, reduction });
        expect(fused.node?.op).toBe("crossEntropy");
        const qt = fused.node!.inputs[1]!;
        const composed = composedCrossEntropy(z, qt, reduction);
        expect(fused.shape).toEqual(composed.shape);
        const a = Array.from(fused.dataSync());
        Array.from(composed.dataSync()).forEach((v, i) => expect(a[i]).toBeCloseTo(v, 13));
        const seed = reduction === "none" ? randn([7], { dtype: "float64", seed: 5 }) : undefined;
        z.grad = null;
        fused.backward(seed);
        const gFused = Array.from(z.grad!.dataSync());
        z.grad = null;
        composed.backward(seed);
        Array.from(z.grad!.dataSync()).forEach((v, i) => expect(gFused[i]).toBeCloseTo(v, 13));
      }
    });
  }

  it("float32 stays within float32 rounding of the float64 result", () => {
    const z64 = randn([16, 10], { dtype: "float64", seed: 9 });
    const z32 = z64.cast("float32");
    const labels = Array.from({ length: 16 }, (_, i) => i % 10);
    expect(nn.crossEntropy(z32, labels).item()).toBeCloseTo(nn.crossEntropy(z64, labels).item(), 6);
    const l64 = Array.from(logSoftmax(z64).dataSync());
    Array.from(logSoftmax(z32).dataSync()).forEach((v, i) => expect(v).toBeCloseTo(l64[i]!, 5));
  });

  it("stays finite at ±1000, costs nothing for −∞ outside the target, and passes NaN on", () => {
    const z = tensor([[1000, -1000, 0]], { dtype: "float64", requiresGrad: true });
    const loss = nn.crossEntropy(z, [1]);
    expect(loss.item()).toBe(2000);
    loss.backward();
    expect(z.grad!.toArray()).toEqual([[1, -1, 0]]);
    const masked = tensor([[2, -Infinity, 0]], { dtype: "float64", requiresGrad: true, allowNonFinite: true });
    const lm = nn.crossEntropy(masked, [0]);
    expect(lm.item()).toBeCloseTo(Math.log(1 + Math.exp(-2)), 14);
    lm.backward();
    expect((masked.grad!.toArray() as number[][])[0]).toEqual([
      expect.closeTo(1 / (1 + Math.exp(-2)) - 1, 14),
      0,
      expect.closeTo(Math.exp(-2) / (1 + Math.exp(-2)), 14),
    ]);
    const nan = tensor(
      [
        [NaN, 0],
        [1, 2],
      ],
      { dtype: "float64", allowNonFinite: true },
    );
    expect(Array.from(nn.crossEntropy(nan, [1, 1], { reduction: "none" }).dataSync())[0]).toBeNaN();
    expect(Array.from(logSoftmax(tensor([1000, 0], { dtype: "float64" })).dataSync())).toEqual([0, -1000]);
  });
});

describe("fused crossEntropy and logSoftmax: rules, second derivatives, pictures, errors", () => {
  it("their rules check out against finite differences, first and second order, in both forms", () => {
    const z = randn([3, 4], { dtype: "float64", seed: 11, requiresGrad: true });
    const q = exp(randn([3, 4], { dtype: "float64", seed: 12 })).detach();
    q.requiresGrad = true;
    const root = nn
      .crossEntropy(z, q)
      .add(logSoftmax(z, 0).square().sum())
      .add(nn.crossEntropy(z, [1, 0, 3], { reduction: "sum" }));
    for (const order of [1, 2] as const) {
      const checks = checkRules(root, order);
      expect(checks.filter((c) => c.status === "mismatch" || c.status === "skipped").map((c) => c.message)).toEqual([]);
      const ops = new Set(checks.map((c) => c.op));
      expect(ops).toContain("crossEntropy");
      expect(ops).toContain("logSoftmax");
    }
    expect(gradcheck((a) => nn.crossEntropy(a, [2, 0, 1]), [z]).ok).toBe(true);
    expect(gradgradcheck((a) => nn.crossEntropy(a, [2, 0, 1], { reduction: "sum" }), [z]).ok).toBe(true);
    expect(
      gradgradcheck(
        (a) =>
          logSoftmax(a, 1)
            .mul(tensor([1, 2, 3, 4], { dtype: "float64" }))
            .sum(),
        [z],
      ).ok,
    ).toBe(true);
  });

  it("pictures show one crossEntropy box with softmax(z)·Σq − q, and one logSoftmax box", () => {
    const z = tensor([[2, 1, 0.1]], { name: "z", dtype: "float64", requiresGrad: true });
    const loss = nn.crossEntropy(z, [0]).named("L");
    loss.backward();
    const ops = captureGraph(loss).model.nodes.filter((n) => n.kind === "op");
    expect(ops.map((n) => n.op)).toEqual(["crossEntropy"]);
    expect(ops[0]!.derivative!.text).toContain("softmax(z)·Σq − q");
    const y = logSoftmax(z).sum();
    expect(
      captureGraph(y)
        .model.nodes.filter((n) => n.kind === "op")
        .map((n) => n.op),
    ).toEqual(["logSoftmax", "sum"]);
  });

  it("names the shapes and dtypes that do not fit", () => {
    const z = randn([2, 3], { dtype: "float32" });
    expect(() => nn.crossEntropy(z, randn([2, 3], { dtype: "float64" }))).toThrow(/crossEntropy: .*different dtypes/);
    expect(() => nn.crossEntropy(z, [0, 1], { reduction: "avg" as "mean" })).toThrow(/reduction must be "mean", "sum" or "none"/);
  });
});
