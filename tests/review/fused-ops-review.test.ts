/** @file Review of the fused ops (linear + ReLU, logSoftmax, crossEntropy): edge cases found wrong in review, each fixed. */
import { describe, expect, it } from "vitest";
import {
  add,
  captureGraph,
  checkRules,
  gradcheck,
  linear,
  logSoftmax,
  matmul,
  nn,
  randn,
  relu,
  tensor,
  type Tensor,
} from "../../src/index.js";

describe("fused linear + ReLU in the checkers", () => {
  it("checkRules re-runs a fused linear with its ReLU, so its rule agrees with the op", () => {
    const x = randn([4, 3], { seed: 1, dtype: "float64", requiresGrad: true });
    const w = randn([5, 3], { seed: 2, dtype: "float64", requiresGrad: true });
    const b = randn([5], { seed: 3, dtype: "float64", requiresGrad: true });
    const y = linear(x, w, b, { activation: "relu" });
    // some pre-activations are negative, so a rerun without the ReLU differs from the op
    expect(y.dataSync().some((v) => v === 0)).toBe(true);
    const checks = checkRules(y.sum());
    expect(checks.map((c) => [c.op, c.status])).toEqual([
      ["linear", "ok"],
      ["sum", "ok"],
    ]);
    expect(checkRules(y.square().sum(), 2).find((c) => c.op === "linear")!.status).toBe("ok");
  });

  it("gradcheck reports a fused ReLU sitting on its kink as a kink, like the separate relu", () => {
    const W = tensor([[1, 1]], { dtype: "float64" });
    const b = tensor([0], { dtype: "float64" });
    const x = tensor([[1, -1]], { dtype: "float64" }); // z = 1 − 1 + 0 = 0 exactly
    const fused = gradcheck((x: Tensor) => linear(x, W, b, { activation: "relu" }).sum(), [x]);
    const plain = gradcheck((x: Tensor) => relu(add(matmul(x, W, { transB: true }), b)).sum(), [x]);
    expect(plain.ok).toBe(true);
    expect(plain.kinks.length).toBe(2);
    expect(fused.ok).toBe(true);
    expect(fused.kinks.map((k) => [k.flatIndex, k.op])).toEqual([
      [0, "linear"],
      [1, "linear"],
    ]);
  });
});

describe("nn.Sequential's Linear + ReLU fusion", () => {
  it("does not fuse a layer whose forward was replaced on the instance", () => {
    const fc = new nn.Linear(4, 3, { seed: 1 });
    const act = new nn.ReLU();
    const x = randn([5, 4], { seed: 4 });
    const scaled = fc.forward(x).mul(2);
    fc.forward = (h: Tensor): Tensor => nn.Linear.prototype.forward.call(fc, h).mul(2);
    const net = new nn.Sequential(fc, act);
    expect(Array.from(net.forward(x).dataSync())).toEqual(Array.from(relu(scaled).dataSync()));
    const fc2 = new nn.Linear(4, 3, { seed: 1 });
    const act2 = new nn.ReLU();
    act2.forward = (h: Tensor): Tensor => h.tanh();
    expect(new nn.Sequential(fc2, act2).forward(x).node?.op).toBe("tanh");
  });
});

describe("pictures of a fused ReLU", () => {
  it("show ∂L/∂z = 0 where the ReLU is off even when ∂L/∂y there is infinite (as backward computed it)", () => {
    const x = tensor([[1, -2]], { name: "x", dtype: "float64" });
    const W = tensor(
      [
        [1, 0],
        [0, 1],
      ],
      { name: "W", dtype: "float64", requiresGrad: true },
    );
    const b = tensor([0.5, 0.5], { name: "b", dtype: "float64", requiresGrad: true });
    const y = linear(x, W, b, { activation: "relu" });
    y.backward(tensor([[1, Infinity]], { dtype: "float64", allowNonFinite: true }));
    // backward itself masked the infinite gradient away: W's and b's gradients are finite
    expect(Array.from(b.grad!.dataSync())).toEqual([1, 0]);
    const ops = captureGraph(y).model.nodes.filter((n) => n.kind === "op");
    expect(ops.map((n) => n.op)).toEqual(["matmul", "add", "relu"]);
    expect(ops.map((n) => n.grad!.text)).toEqual(["[[1, 0]]", "[[1, 0]]", "[[1, Infinity]]"]);
  });
});

describe("logSoftmax of a 0-d tensor", () => {
  it("is 0 for a finite value and NaN for NaN or ±∞ (a row of one element)", () => {
    expect(logSoftmax(tensor(3, { dtype: "float64" }), 0).item()).toBe(0);
    expect(logSoftmax(tensor(NaN, { dtype: "float64", allowNonFinite: true }), 0).item()).toBeNaN();
    expect(logSoftmax(tensor(Infinity, { dtype: "float64", allowNonFinite: true }), 0).item()).toBeNaN();
    // the same as a one-element row
    expect(logSoftmax(tensor([NaN], { dtype: "float64", allowNonFinite: true }), 0).item()).toBeNaN();
  });
});
