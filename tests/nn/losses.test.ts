/** @file Losses against closed forms and finite differences, with every reduction, stable at extreme logits. */
import { describe, expect, it } from "vitest";
import { nn, tensor, ShapeError, ValueError, type Tensor } from "../../src/index.js";

const f64 = (v: number[] | number[][]): Tensor => tensor(v, { dtype: "float64", requiresGrad: true });

/** ∂f/∂x by float64 central differences, element by element. */
function centralDiff(f: () => number, x: Tensor, eps = 1e-6): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.size; i++) {
    const v = x.data[i]!;
    x.data[i] = v + eps;
    const hi = f();
    x.data[i] = v - eps;
    const lo = f();
    x.data[i] = v;
    out.push((hi - lo) / (2 * eps));
  }
  return out;
}

/** Checks the analytic gradient of loss(x) against central differences. */
function checkGrad(loss: () => Tensor, x: Tensor, digits = 7): void {
  x.grad = null;
  loss().backward();
  const analytic = Array.from(x.grad!.data);
  const numeric = centralDiff(() => loss().item(), x);
  analytic.forEach((a, i) => expect(a).toBeCloseTo(numeric[i]!, digits));
}

const pred = [0.3, -1.2, 2.5, 0.9];
const target = [0.1, 0.4, 1.0, 2.4];
const diffs = pred.map((p, i) => p - target[i]!);
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const sumOf = (v: number[]): number => v.reduce((a, b) => a + b, 0);

describe("regression losses: closed forms, reductions and finite differences", () => {
  it("mseLoss", () => {
    const p = f64(pred);
    const t = tensor(target, { dtype: "float64" });
    expect(nn.mseLoss(p, t).item()).toBeCloseTo(mean(diffs.map((d) => d * d)), 15);
    expect(nn.mseLoss(p, t, { reduction: "sum" }).item()).toBeCloseTo(sumOf(diffs.map((d) => d * d)), 14);
    expect(nn.mseLoss(p, t, { reduction: "none" }).toArray()).toEqual(diffs.map((d) => expect.closeTo(d * d, 15)));
    checkGrad(() => nn.mseLoss(p, t), p);
  });

  it("maeLoss", () => {
    const p = f64(pred);
    const t = tensor(target, { dtype: "float64" });
    expect(nn.maeLoss(p, t).item()).toBeCloseTo(mean(diffs.map(Math.abs)), 15);
    checkGrad(() => nn.maeLoss(p, t), p);
  });

  it("huberLoss: quadratic inside δ, linear outside, for δ = 1 and δ = 0.5", () => {
    const p = f64(pred);
    const t = tensor(target, { dtype: "float64" });
    for (const delta of [1, 0.5]) {
      const want = diffs.map((d) => (Math.abs(d) <= delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta)));
      expect(nn.huberLoss(p, t, { delta, reduction: "none" }).toArray()).toEqual(want.map((w) => expect.closeTo(w, 15)));
      checkGrad(() => nn.huberLoss(p, t, { delta, reduction: "sum" }), p);
    }
    expect(() => nn.huberLoss(p, t, { delta: 0 })).toThrow(/delta must be a positive/);
  });

  it("halfSquaredError is the worksheet's ½‖·‖², with gradient exactly pred − target", () => {
    const p = f64(pred);
    const t = tensor(target, { dtype: "float64" });
    const l = nn.halfSquaredError(p, t);
    expect(l.item()).toBeCloseTo(0.5 * sumOf(diffs.map((d) => d * d)), 14);
    l.backward();
    expect(p.grad!.toArray()).toEqual(diffs.map((d) => expect.closeTo(d, 15)));
  });

  it("refuses prediction/target shapes that would broadcast, and bad reductions", () => {
    expect(() => nn.mseLoss(tensor([[1], [2]]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => nn.mseLoss(tensor([[1], [2]]), tensor([1, 2]))).toThrow(/target.reshape\(\[2, 1\]\)/);
    expect(() => nn.mseLoss(tensor([1]), tensor([1]), { reduction: "avg" as never })).toThrow(/reduction must be "mean", "sum" or "none"/);
  });
});

const logits = [
  [2.0, -1.0, 0.5],
  [0.1, 0.2, -0.3],
];
const lse = (row: number[]): number => Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
const logp = logits.map((row) => row.map((v) => v - lse(row)));

describe("crossEntropy and nllLoss", () => {
  it("class indices as number[], Tensor, or one number for 1-d logits", () => {
    const x = f64(logits);
    const want = -(logp[0]![0]! + logp[1]![2]!) / 2;
    expect(nn.crossEntropy(x, [0, 2]).item()).toBeCloseTo(want, 15);
    expect(nn.crossEntropy(x, tensor([0, 2], { dtype: "float64" })).item()).toBeCloseTo(want, 15);
    expect(nn.crossEntropy(tensor(logits[0]!, { dtype: "float64" }), 1).item()).toBeCloseTo(-logp[0]![1]!, 15);
    expect(nn.crossEntropy(x, [0, 2], { reduction: "none" }).toArray()).toEqual([
      expect.closeTo(-logp[0]![0]!, 15),
      expect.closeTo(-logp[1]![2]!, 15),
    ]);
    checkGrad(() => nn.crossEntropy(x, [0, 2]), x);
  });

  it("its gradient is (softmax − onehot)/N", () => {
    const x = f64(logits);
    nn.crossEntropy(x, [1, 0]).backward();
    const g = x.grad!.toArray() as number[][];
    logp.forEach((row, i) => row.forEach((l, c) => expect(g[i]![c]).toBeCloseTo((Math.exp(l) - (c === [1, 0][i] ? 1 : 0)) / 2, 15)));
  });

  it("probability targets, with gradients to the targets too", () => {
    const x = f64(logits);
    const q = f64([
      [0.2, 0.5, 0.3],
      [1, 0, 0],
    ]);
    const want = -(logp[0]!.reduce((a, l, c) => a + [0.2, 0.5, 0.3][c]! * l, 0) + logp[1]![0]!) / 2;
    expect(nn.crossEntropy(x, q).item()).toBeCloseTo(want, 15);
    checkGrad(() => nn.crossEntropy(x, q), x);
    checkGrad(() => nn.crossEntropy(x, q), q);
  });

  it("label smoothing ε: (1 − ε)·nll + ε·mean over classes of −log p (PyTorch's definition)", () => {
    const x = f64(logits);
    const eps = 0.2;
    const t = [0, 2];
    const want = mean(logp.map((row, i) => (1 - eps) * -row[t[i]!]! + eps * mean(row.map((l) => -l))));
    expect(nn.crossEntropy(x, t, { labelSmoothing: eps }).item()).toBeCloseTo(want, 15);
    const q = f64([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(nn.crossEntropy(x, q, { labelSmoothing: eps }).item()).toBeCloseTo(want, 15);
    checkGrad(() => nn.crossEntropy(x, t, { labelSmoothing: eps }), x);
  });

  it("nllLoss picks −log p at the target; crossEntropy = nllLoss ∘ logSoftmax", () => {
    const x = f64(logits);
    expect(nn.nllLoss(x.logSoftmax(), [2, 1]).item()).toBeCloseTo(nn.crossEntropy(x, [2, 1]).item(), 15);
    expect(nn.nllLoss(tensor([[-0.1, -2.3]]), [1], { reduction: "sum" }).item()).toBeCloseTo(2.3, 6);
    const lp = f64(logp);
    checkGrad(() => nn.nllLoss(lp, [2, 1]), lp);
  });

  it("stays finite at logits of ±1000", () => {
    const x = tensor([[1000, -1000, 0]], { requiresGrad: true });
    expect(nn.crossEntropy(x, [0]).item()).toBe(0);
    const l = nn.crossEntropy(x, [1]);
    expect(l.item()).toBe(2000);
    l.backward();
    expect(x.grad!.toArray()).toEqual([[1, -1, 0]]);
    const soft = nn.crossEntropy(x, [2], { labelSmoothing: 0.1 });
    expect(Number.isFinite(soft.item())).toBe(true);
  });

  it("says which target is wrong", () => {
    const x = tensor(logits);
    expect(() => nn.crossEntropy(x, [0, 3])).toThrow(/target 1 is 3, not a class index in \[0, 2\]/);
    expect(() => nn.crossEntropy(x, [0, 1.5])).toThrow(ValueError);
    expect(() => nn.crossEntropy(x, [0])).toThrow(/need class-index targets shaped \[2\].*got targets \[1\]/);
    expect(() => nn.crossEntropy(x, [0, 1], { labelSmoothing: 2 })).toThrow(/labelSmoothing must be in \[0, 1\]/);
  });
});

describe("binary cross-entropy", () => {
  const p = [0.9, 0.2, 0.5, 0.01];
  const t = [1, 0, 1, 0.3];
  const bce = p.map((pi, i) => -(t[i]! * Math.log(pi) + (1 - t[i]!) * Math.log(1 - pi)));

  it("on probabilities: closed form and gradient", () => {
    const x = f64(p);
    const y = tensor(t, { dtype: "float64" });
    expect(nn.binaryCrossEntropy(x, y).item()).toBeCloseTo(mean(bce), 14);
    checkGrad(() => nn.binaryCrossEntropy(x, y), x, 6);
  });

  it("on probabilities: log clamped at −100 like PyTorch, so p = 0 and p = 1 stay finite", () => {
    const x = tensor([0, 1, 1e-50], { dtype: "float64", requiresGrad: true });
    const l = nn.binaryCrossEntropy(x, tensor([1, 0, 1], { dtype: "float64" }), { reduction: "none" });
    expect(l.toArray()).toEqual([100, 100, 100]);
    l.sum().backward();
    expect(Array.from(x.grad!.data).every(Number.isFinite)).toBe(true);
  });

  it("on logits: softplus(z) − t·z equals the probability form, and its gradient is σ(z) − t", () => {
    const z = p.map((pi) => Math.log(pi / (1 - pi)));
    const x = f64(z);
    const y = tensor(t, { dtype: "float64" });
    expect(nn.binaryCrossEntropyWithLogits(x, y, { reduction: "none" }).toArray()).toEqual(bce.map((b) => expect.closeTo(b, 13)));
    nn.binaryCrossEntropyWithLogits(x, y, { reduction: "sum" }).backward();
    expect(x.grad!.toArray()).toEqual(p.map((pi, i) => expect.closeTo(pi - t[i]!, 13)));
    checkGrad(() => nn.binaryCrossEntropyWithLogits(x, y), x);
  });

  it("on logits: posWeight w gives −[w·t·log σ(z) + (1 − t)·log(1 − σ(z))]", () => {
    const z = p.map((pi) => Math.log(pi / (1 - pi)));
    const x = f64(z);
    const y = tensor(t, { dtype: "float64" });
    const want = p.map((pi, i) => -(3 * t[i]! * Math.log(pi) + (1 - t[i]!) * Math.log(1 - pi)));
    expect(nn.binaryCrossEntropyWithLogits(x, y, { posWeight: 3, reduction: "none" }).toArray()).toEqual(
      want.map((w) => expect.closeTo(w, 13)),
    );
    checkGrad(() => nn.binaryCrossEntropyWithLogits(x, y, { posWeight: 3 }), x);
  });

  it("on logits: exact and finite at ±1000", () => {
    const x = tensor([1000, -1000, 1000, -1000], { requiresGrad: true });
    const l = nn.binaryCrossEntropyWithLogits(x, tensor([1, 0, 0, 1]), { reduction: "none" });
    expect(l.toArray()).toEqual([0, 0, 1000, 1000]);
    l.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 1, -1]);
  });
});
