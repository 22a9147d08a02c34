/** @file Training end to end on small problems. */
import { describe, expect, it } from "vitest";
import { linspace, nn, noGrad, optim, tensor } from "../../src/index.js";

describe("training end to end", () => {
  it("learns XOR with an MLP, binary cross-entropy on logits and Adam", () => {
    const x = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const y = tensor([[0], [1], [1], [0]]);
    const model = new nn.MLP([2, 8, 1], { activation: "tanh", seed: 3 });
    const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
    for (let i = 0; i < 300; i++) {
      opt.zeroGrad();
      nn.binaryCrossEntropyWithLogits(model.forward(x), y).backward();
      opt.step();
    }
    const p = noGrad(() => model.eval().forward(x).sigmoid()).toArray() as number[][];
    expect(p.map(([v]) => Math.round(v!))).toEqual([0, 1, 1, 0]);
  });

  it("fits sin(x) on [−π, π] with SGD, momentum, a one-cycle schedule and clipping", () => {
    const xs = linspace(-Math.PI, Math.PI, 64).reshape([64, 1]);
    const ys = xs.sin();
    const model = new nn.MLP([1, 32, 32, 1], { activation: "tanh", seed: 0 });
    const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
    const sched = new optim.OneCycleLR(opt, { maxLr: 0.1, totalSteps: 1500 });
    const loss = (): number => nn.mseLoss(model.forward(xs), ys).item();
    const before = loss();
    for (let i = 0; i < 1500; i++) {
      opt.zeroGrad();
      nn.mseLoss(model.forward(xs), ys).backward();
      optim.clipGradNorm(model, 1);
      opt.step();
      sched.step();
    }
    expect(before).toBeGreaterThan(0.1);
    expect(loss()).toBeLessThan(0.01);
  });
});
