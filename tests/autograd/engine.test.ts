/** @file Reverse mode on graphs with fan-out, diamonds, unused leaves, accumulation, stopped gradients, seeds and long chains. */
import { describe, expect, it } from "vitest";
import { detectAnomaly, GradientError, gradients, noGrad, ones, tensor, type NestedArray, type Tensor } from "../../src/index.js";

const f64 = { dtype: "float64" as const };
const leaf = (v: number | NestedArray): Tensor => tensor(v, { ...f64, requiresGrad: true });

describe("reverse mode engine", () => {
  it("accumulates gradients where a value fans out (worksheet 2a)", () => {
    const w = tensor(1.5, { requiresGrad: true, dtype: "float64" });
    // f(g1(w), g2(w)) = g1 * g2 with g1 = w², g2 = sin w: df/dw = 2w sin w + w² cos w
    const f = w.square().mul(w.sin());
    f.backward();
    expect(w.grad!.item()).toBeCloseTo(2 * 1.5 * Math.sin(1.5) + 1.5 ** 2 * Math.cos(1.5), 12);
  });

  it("sums ∂f/∂xᵢ · ∂xᵢ/∂w over three branches (worksheet 2a with n = 3)", () => {
    const w = leaf(0.8);
    // f(x1, x2, x3) = x1·x2 + sin x3 with x1 = w², x2 = eʷ, x3 = 3w
    const [x1, x2, x3] = [w.square(), w.exp(), w.mul(3)];
    x1.mul(x2).add(x3.sin()).backward();
    const v = 0.8;
    const expected = Math.exp(v) * 2 * v + v * v * Math.exp(v) + Math.cos(3 * v) * 3;
    expect(w.grad!.item()).toBeCloseTo(expected, 13);
  });

  it("matches the worksheet's closed form for ∂f/∂wᵢ and ∂f/∂bᵢ (2c)", () => {
    // f = (y − Σᵢ σ(wᵢᵀx + bᵢ))²: ∂f/∂wᵢ = 2(Σσ − y)·σ(zᵢ)(1 − σ(zᵢ))·xᵀ, ∂f/∂bᵢ = the same without xᵀ
    const Wv = [
      [0.5, -1, 0.25],
      [1.5, 0.2, -0.7],
    ];
    const [bv, xv, yv] = [[0.1, -0.3], [1, 2, -1], 0.8];
    const W = leaf(Wv);
    const b = leaf(bv);
    const f = tensor(yv, f64)
      .sub(W.matmul(tensor(xv, f64)).add(b).sigmoid().sum())
      .square();
    f.backward();
    const z = Wv.map((w, i) => w.reduce((s, wj, j) => s + wj * xv[j]!, bv[i]!));
    const sig = z.map((zi) => 1 / (1 + Math.exp(-zi)));
    const common = sig.map((si) => 2 * (sig[0]! + sig[1]! - yv) * si * (1 - si));
    common.forEach((c, i) => expect(b.grad!.data[i]!).toBeCloseTo(c, 14));
    const gW = Array.from(W.grad!.data);
    common.forEach((c, i) => xv.forEach((xj, j) => expect(gW[i * 3 + j]!).toBeCloseTo(c * xj, 14)));
  });

  it("matches the worksheet's closed form for ℓ = ½‖W₂ tanh(W₁x + b) − y‖² (2e)", () => {
    const [W1v, W2v] = [
      [
        [0.3, -0.2],
        [0.1, 0.4],
      ],
      [
        [1, -0.5],
        [0.25, 2],
      ],
    ];
    const [bv, xv, yv] = [
      [0.05, -0.1],
      [1, -2],
      [0.5, 0.25],
    ];
    const [W1, W2, b, x] = [leaf(W1v), leaf(W2v), leaf(bv), leaf(xv)];
    W2.matmul(W1.matmul(x).add(b).tanh()).sub(tensor(yv, f64)).square().sum().mul(0.5).backward();
    const x1 = W1v.map((r, i) => r[0]! * xv[0]! + r[1]! * xv[1]! + bv[i]!);
    const x2 = x1.map(Math.tanh);
    const x4 = W2v.map((r, i) => r[0]! * x2[0]! + r[1]! * x2[1]! - yv[i]!);
    // ∂ℓ/∂x₂ = W₂ᵀx₄, ∂ℓ/∂x₁ = ∂ℓ/∂x₂ ⊙ (1 − x₂²), ∂ℓ/∂W₁ = ∂ℓ/∂x₁ xᵀ, ∂ℓ/∂W₂ = x₄ x₂ᵀ, ∂ℓ/∂x = W₁ᵀ ∂ℓ/∂x₁
    const gx2 = [0, 1].map((j) => W2v[0]![j]! * x4[0]! + W2v[1]![j]! * x4[1]!);
    const gx1 = gx2.map((g, i) => g * (1 - x2[i]! ** 2));
    const close = (t: Tensor, want: number[]): void => Array.from(t.data).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 14));
    close(b.grad!, gx1);
    close(W1.grad!, [gx1[0]! * xv[0]!, gx1[0]! * xv[1]!, gx1[1]! * xv[0]!, gx1[1]! * xv[1]!]);
    close(W2.grad!, [x4[0]! * x2[0]!, x4[0]! * x2[1]!, x4[1]! * x2[0]!, x4[1]! * x2[1]!]);
    close(
      x.grad!,
      [0, 1].map((j) => W1v[0]![j]! * gx1[0]! + W1v[1]![j]! * gx1[1]!),
    );
  });

  it("adds both paths of a diamond, including one that is longer", () => {
    const x = leaf(0.3);
    const a = x.mul(2);
    // y = sin(2x)·e^(2x) + (2x)³: a feeds three consumers
    const y = a.sin().mul(a.exp()).add(a.square().mul(a));
    y.backward();
    const v = 0.3;
    const e = Math.exp(2 * v);
    expect(x.grad!.item()).toBeCloseTo(2 * Math.cos(2 * v) * e + 2 * Math.sin(2 * v) * e + 24 * v * v, 12);
    // the shared intermediate keeps the gradient that reached it
    expect(a.grad!.item()).toBeCloseTo(x.grad!.item() / 2, 12);
  });

  it("leaves grad === null on a leaf that is not on the path, and on leaves without requiresGrad", () => {
    const x = leaf([1, 2]);
    const unused = leaf([3]);
    const constant = tensor([5, 6], f64);
    x.mul(constant).sum().backward();
    expect(x.grad!.toArray()).toEqual([5, 6]);
    expect(unused.grad).toBeNull();
    expect(constant.grad).toBeNull();
  });

  it("accumulates across backward calls until zeroGrad clears", () => {
    const x = leaf([1, -2]);
    const loss = (): Tensor => x.square().sum();
    loss().backward();
    loss().backward();
    expect(x.grad!.toArray()).toEqual([4, -8]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
    loss().backward();
    expect(x.grad!.toArray()).toEqual([2, -4]);
  });

  it("backward twice on the same graph adds twice into leaves; intermediates keep the last pass", () => {
    const x = leaf([1, 2]);
    const h = x.mul(3);
    const y = h.square().sum();
    y.backward();
    y.backward();
    expect(x.grad!.toArray()).toEqual([36, 72]);
    expect(h.grad!.toArray()).toEqual([6, 12]);
  });

  it("stops gradients at detach()", () => {
    const x = leaf([3]);
    // y = x · stop(x): only the first factor is differentiated
    x.mul(x.detach()).sum().backward();
    expect(x.grad!.toArray()).toEqual([3]);
    const d = x.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.node).toBeNull();
    expect(Array.from(d.data)).toEqual([3]);
  });

  it("records nothing inside noGrad, and the gradient ignores that part", () => {
    const x = leaf([2]);
    const c = noGrad(() => x.mul(10));
    expect(c.requiresGrad).toBe(false);
    expect(c.node).toBeNull();
    x.mul(3).add(c).sum().backward();
    expect(x.grad!.toArray()).toEqual([3]);
  });

  it("backpropagates a non-scalar root from a given gradient", () => {
    const x = leaf([1, 2, 3]);
    const y = x.mul(tensor([1, 2, 3], f64));
    y.backward(tensor([1, 10, 100], f64));
    expect(x.grad!.toArray()).toEqual([1, 20, 300]);
    const m = leaf([
      [1, 2],
      [3, 4],
    ]);
    m.square().backward(ones([2, 2], f64));
    expect(m.grad!.toArray()).toEqual([
      [2, 4],
      [6, 8],
    ]);
  });

  it("rejects a seed of the wrong shape, naming both shapes", () => {
    const x = leaf([1, 2, 3]);
    expect(() => x.mul(2).backward(tensor([1, 2], f64))).toThrow(GradientError);
    expect(() => x.mul(2).backward(tensor([1, 2], f64))).toThrow(/\[3\].*\[2\]/);
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

  it("backward({ createGraph: true }) gives a gradient that can be differentiated again", () => {
    const x = leaf(0.9);
    // f = x sin x: f′ = sin x + x cos x, f″ = 2 cos x − x sin x
    x.mul(x.sin()).backward(undefined, { createGraph: true });
    const g = x.grad!;
    expect(g.requiresGrad).toBe(true);
    expect(g.item()).toBeCloseTo(Math.sin(0.9) + 0.9 * Math.cos(0.9), 13);
    x.zeroGrad();
    g.backward();
    expect(x.grad!.item()).toBeCloseTo(2 * Math.cos(0.9) - 0.9 * Math.sin(0.9), 13);
  });

  it("without createGraph the gradient is a constant", () => {
    const x = leaf(0.9);
    x.mul(x.sin()).backward();
    expect(x.grad!.requiresGrad).toBe(false);
    expect(x.grad!.node).toBeNull();
  });

  it("gradients() returns ∂y/∂inputs without touching .grad, zeros for an input y does not use", () => {
    const x = leaf([1, 2]);
    const z = leaf([7]);
    const [gx, gz] = gradients(x.square().sum(), [x, z]);
    expect(gx!.toArray()).toEqual([2, 4]);
    expect(gz!.toArray()).toEqual([0]);
    expect(x.grad).toBeNull();
    expect(z.grad).toBeNull();
  });

  it("gradients() stops at an intermediate input", () => {
    const x = leaf([1.5]);
    const h = x.mul(3);
    const [gh] = gradients(h.square().sum(), [h]);
    expect(gh!.toArray()).toEqual([9]);
  });

  it("gradients() gives total derivatives when one input lies beneath another (as torch.autograd.grad)", () => {
    const x = leaf(3);
    const h = x.mul(2);
    // y = h·x with h = 2x: ∂y/∂h = x = 3, and dy/dx = h + x·2 = 4x = 12 (both paths, through h too)
    const [gh, gx] = gradients(h.mul(x), [h, x]);
    expect([gh!.item(), gx!.item()]).toEqual([3, 12]);
    const [gx2, gh2] = gradients(h.mul(x), [x, h]);
    expect([gx2!.item(), gh2!.item()]).toEqual([12, 3]);
  });

  it("gradients() computes nothing for branches that lead to no requested input", () => {
    const x = leaf([1, 2]);
    const W = leaf([0, 0]);
    // the W branch's backward would compute 0/0 in sqrt's rule; detectAnomaly would name it if it ran
    const y = x.mul(W.sqrt().mul(0).add(1)).sum();
    expect(detectAnomaly(() => gradients(y, [x]))[0]!.toArray()).toEqual([1, 1]);
    expect(() => detectAnomaly(() => y.backward())).toThrow(/"div" produced NaN/);
    // the root itself may be an input: its gradient is the seed
    expect(gradients(y, [y, x]).map((g) => g.toArray())).toEqual([1, [1, 1]]);
  });

  it("sums a broadcast operand's gradient back to its shape", () => {
    const b = leaf([1, 2, 3, 4]);
    const a = leaf([[1], [2], [3]]);
    a.mul(b).sum().backward();
    expect(b.grad!.toArray()).toEqual([6, 6, 6, 6]);
    expect(a.grad!.toArray()).toEqual([[10], [10], [10]]);
  });
});
