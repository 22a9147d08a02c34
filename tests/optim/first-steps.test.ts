/** @file Each optimizer's first steps against hand-computed values, with the worksheet's 2(d) and 2(f) updates. */
import { describe, expect, it } from "vitest";
import { getBackend, listBackends, nn, optim, setBackend, tensor, type Tensor } from "../../src/index.js";

const before = getBackend();
import { seedF, seedFInputs, seedL, seedLInputs } from "../../src/examples/worksheet.js";

/** A float64 parameter [1, −2] whose gradient is set by hand to g = [0.5, 1] before every step. */
function setup(): { p: Tensor; feed: () => void } {
  const p = tensor([1, -2], { dtype: "float64", requiresGrad: true });
  return { p, feed: () => (p.grad = tensor([0.5, 1], { dtype: "float64" })) };
}

function steps(opt: optim.Optimizer, feed: () => void, n: number): void {
  for (let i = 0; i < n; i++) {
    feed();
    opt.step();
  }
}

const g = [0.5, 1];
const expectArray = (t: Tensor, want: number[], digits = 14): void =>
  (t.toArray() as number[]).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, digits));

describe("first steps against hand-computed values (p = [1, −2], g = [0.5, 1])", () => {
  it("SGD: p ← p − ηg", () => {
    const { p, feed } = setup();
    steps(new optim.SGD([p], { lr: 0.1 }), feed, 1);
    expectArray(p, [0.95, -2.1]);
  });

  it("SGD with momentum: b₁ = g, b₂ = μg + g", () => {
    const { p, feed } = setup();
    const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    steps(opt, feed, 1);
    expectArray(p, [0.95, -2.1]);
    steps(opt, feed, 1);
    expectArray(p, [0.95 - 0.19 * 0.5, -2.1 - 0.19]); // b₂ = 1.9g
  });

  it("SGD with dampening τ: b₂ = μg + (1 − τ)g", () => {
    const { p, feed } = setup();
    steps(new optim.SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5 }), feed, 2);
    expectArray(p, [1 - 0.1 * 0.5 - 0.14 * 0.5, -2 - 0.1 - 0.14]);
  });

  it("SGD Nesterov: step with g + μb", () => {
    const { p, feed } = setup();
    const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true });
    steps(opt, feed, 1);
    expectArray(p, [1 - 0.19 * 0.5, -2 - 0.19]); // g + 0.9g
    steps(opt, feed, 1);
    expectArray(p, [0.905 - 0.271 * 0.5, -2.19 - 0.271]); // b = 1.9g, g + 0.9b = 2.71g
  });

  it("SGD without weight decay leaves an infinite parameter infinite, like PyTorch (no 0·∞ term)", () => {
    for (const backendName of listBackends()) {
      setBackend(backendName);
      const p = tensor(new Float32Array(2048).fill(1), { requiresGrad: true });
      p.storage[3] = Infinity;
      p.grad = tensor(new Float32Array(2048).fill(0.5));
      new optim.SGD([p], { lr: 0.1 }).step();
      const v = p.dataSync();
      expect([v[0], v[3]]).toEqual([Math.fround(1 - 0.1 * 0.5), Infinity]);
    }
    setBackend(before);
  });

  it("SGD weight decay adds λp to the gradient", () => {
    const { p, feed } = setup();
    steps(new optim.SGD([p], { lr: 0.1, weightDecay: 0.1 }), feed, 1);
    expectArray(p, [1 - 0.1 * 0.6, -2 - 0.1 * 0.8]);
  });

  it("Adam: the bias-corrected step is η·g/(|g| + ε) while g is constant", () => {
    const { p, feed } = setup();
    const opt = new optim.Adam([p], { lr: 0.1 });
    const delta = g.map((x) => (0.1 * x) / (Math.abs(x) + 1e-8));
    steps(opt, feed, 1);
    expectArray(p, [1 - delta[0]!, -2 - delta[1]!]);
    steps(opt, feed, 1);
    expectArray(p, [1 - 2 * delta[0]!, -2 - 2 * delta[1]!]);
  });

  it("AdamW: p ← p(1 − ηλ) before the Adam step", () => {
    const { p, feed } = setup();
    steps(new optim.AdamW([p], { lr: 0.1, weightDecay: 0.1 }), feed, 1);
    const delta = g.map((x) => (0.1 * x) / (Math.abs(x) + 1e-8));
    expectArray(p, [1 * 0.99 - delta[0]!, -2 * 0.99 - delta[1]!]);
  });

  it("RMSprop: s = (1 − α)g², p ← p − ηg/(√s + ε)", () => {
    const { p, feed } = setup();
    steps(new optim.RMSprop([p], { lr: 0.01 }), feed, 1);
    expectArray(p, [1 - (0.01 * 0.5) / (Math.sqrt(0.01 * 0.25) + 1e-8), -2 - 0.01 / (Math.sqrt(0.01) + 1e-8)]);
  });

  it("Adagrad: S accumulates g², p ← p − ηg/(√S + ε)", () => {
    const { p, feed } = setup();
    const opt = new optim.Adagrad([p], { lr: 0.1 });
    steps(opt, feed, 2);
    const d = (x: number): number => (0.1 * x) / (Math.abs(x) + 1e-10) + (0.1 * x) / (Math.sqrt(2) * Math.abs(x) + 1e-10);
    expectArray(p, [1 - d(0.5), -2 - d(1)]);
  });
});

describe("the worksheet's gradient-descent updates", () => {
  it("2(d): wᵢ ← wᵢ − 2η(Σσ(zⱼ) − y)σ(zᵢ)(1 − σ(zᵢ))x and the same for bᵢ", () => {
    const inp = seedFInputs(3, 4, { seed: 7 });
    inp.W.requiresGrad = true;
    inp.b.requiresGrad = true;
    const W0 = inp.W.toArray() as number[][];
    const b0 = inp.b.toArray() as number[];
    const x = inp.x.toArray() as number[];
    const y = inp.y.item();
    const eta = 0.3;
    const opt = new optim.SGD([inp.W, inp.b], { lr: eta });
    seedF(inp, "sigmoid").backward();
    opt.step();
    const sig = (v: number): number => 1 / (1 + Math.exp(-v));
    const z = W0.map((w, i) => w.reduce((acc, wij, j) => acc + wij * x[j]!, b0[i]!));
    const s = z.reduce((acc, zi) => acc + sig(zi), 0);
    const W1 = inp.W.toArray() as number[][];
    const b1 = inp.b.toArray() as number[];
    z.forEach((zi, i) => {
      const c = 2 * eta * (s - y) * sig(zi) * (1 - sig(zi));
      x.forEach((xj, j) => expect(W1[i]![j]).toBeCloseTo(W0[i]![j]! - c * xj, 14));
      expect(b1[i]).toBeCloseTo(b0[i]! - c, 14);
    });
  });

  it("2(f), Φ = identity: W₁ ← W₁ − ηW₂ᵀ(W₂(W₁x + b) − y)xᵀ, W₂ ← W₂ − η(W₂(W₁x + b) − y)(W₁x + b)ᵀ", () => {
    const d = 3;
    const eta = 0.05;
    const inp = seedLInputs(d, { seed: 11 });
    const W1 = inp.W1.toArray() as number[][];
    const W2 = inp.W2.toArray() as number[][];
    const b = inp.b.toArray() as number[];
    const x = inp.x.toArray() as number[];
    const y = inp.y.toArray() as number[];
    const h = W1.map((row, i) => row.reduce((a, w, j) => a + w * x[j]!, b[i]!)); // W₁x + b
    const r = W2.map((row, i) => row.reduce((a, w, j) => a + w * h[j]!, -y[i]!)); // W₂h − y
    const wantW1 = W1.map((row, i) => row.map((w, j) => w - eta * W2.reduce((a, r2, k) => a + r2[i]! * r[k]!, 0) * x[j]!));
    const wantW2 = W2.map((row, i) => row.map((w, j) => w - eta * r[i]! * h[j]!));

    // 1. the worksheet's ℓ built from tensors
    inp.W1.requiresGrad = true;
    inp.W2.requiresGrad = true;
    const opt = new optim.SGD([inp.W1, inp.W2], { lr: eta });
    seedL(inp, "identity").backward();
    opt.step();
    expect(inp.W1.toArray()).toEqual(wantW1.map((row) => row.map((v) => expect.closeTo(v, 13))));
    expect(inp.W2.toArray()).toEqual(wantW2.map((row) => row.map((v) => expect.closeTo(v, 13))));

    // 2. the same network as nn modules: Linear(d, d) then Linear(d, d, no bias), loss ½‖·‖²
    const net = new nn.Sequential(new nn.Linear(d, d, { dtype: "float64" }), new nn.Linear(d, d, { bias: false, dtype: "float64" }));
    const [l1, l2] = net.layers as [nn.Linear, nn.Linear];
    l1.weight.data.set(W1.flat());
    l1.bias!.data.set(b);
    l2.weight.data.set(W2.flat());
    l1.bias!.requiresGrad = false; // 2(f) updates the two weight matrices only
    const opt2 = new optim.SGD(net.parameters(), { lr: eta });
    nn.halfSquaredError(net.forward(tensor(x, { dtype: "float64" })), tensor(y, { dtype: "float64" })).backward();
    opt2.step();
    expect(l1.weight.toArray()).toEqual(wantW1.map((row) => row.map((v) => expect.closeTo(v, 13))));
    expect(l2.weight.toArray()).toEqual(wantW2.map((row) => row.map((v) => expect.closeTo(v, 13))));
    expect(l1.bias!.toArray()).toEqual(b);
  });
});
