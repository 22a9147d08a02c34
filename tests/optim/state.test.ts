/** @file Optimizer state saves and restores so training resumes exactly. */
import { describe, expect, it } from "vitest";
import { nn, optim, randn, ShapeError, tensor, ValueError, type Tensor } from "../../src/index.js";

type Make = (params: Tensor[]) => optim.Optimizer;
const variants: [string, Make][] = [
  ["SGD", (p) => new optim.SGD(p, { lr: 0.05 })],
  ["SGD momentum+nesterov", (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 })],
  ["Adam amsgrad", (p) => new optim.Adam(p, { lr: 1e-2, amsgrad: true })],
  ["AdamW", (p) => new optim.AdamW(p, { lr: 1e-2 })],
  ["RMSprop centered+momentum", (p) => new optim.RMSprop(p, { lr: 1e-3, centered: true, momentum: 0.5 })],
  ["Adagrad", (p) => new optim.Adagrad(p, { lr: 0.05, initialAccumulatorValue: 0.1 })],
];

const x = randn([8, 3], { seed: 5 });
const y = [0, 1, 1, 0, 1, 0, 0, 1];

function train(model: nn.Module, opt: optim.Optimizer, n: number): void {
  for (let i = 0; i < n; i++) {
    opt.zeroGrad();
    nn.crossEntropy(model.forward(x), y).backward();
    opt.step();
  }
}

describe("optimizer state saves and restores so training resumes exactly", () => {
  for (const [name, make] of variants) {
    it(name, () => {
      const a = new nn.MLP([3, 5, 2], { seed: 1 });
      const optA = make(a.parameters());
      train(a, optA, 4);
      const weights = a.parameters().map((p) => p.dataSync());
      const saved = optA.stateDict();
      train(a, optA, 4);

      const b = new nn.MLP([3, 5, 2], { seed: 99 });
      b.parameters().forEach((p, i) => p.data.set(weights[i]!));
      const optB = make(b.parameters());
      optB.loadStateDict(saved);
      train(b, optB, 4);
      b.parameters().forEach((p, i) => expect(p.data).toEqual(a.parameters()[i]!.data)); // bit-identical
    });
  }

  it("stateDict is a copy: later steps do not change a saved state", () => {
    const m = new nn.MLP([3, 4, 2], { seed: 0 });
    const opt = new optim.Adam(m.parameters());
    train(m, opt, 1);
    const saved = opt.stateDict();
    const before = saved.state[0]!.buffers["expAvg"]!.slice();
    train(m, opt, 1);
    expect(saved.state[0]!.buffers["expAvg"]).toEqual(before);
    expect(saved.state[0]!.step).toBe(1);
  });

  it("loadStateDict rejects a state that does not fit and changes nothing", () => {
    const m = new nn.MLP([3, 4, 2], { seed: 0 });
    const opt = new optim.Adam(m.parameters(), { lr: 0.01 });
    train(m, opt, 1);
    const good = opt.stateDict();
    expect(() => opt.loadStateDict({ ...good, type: "SGD" })).toThrow(/saved by SGD, not Adam/);
    expect(() => opt.loadStateDict({ ...good, state: good.state.slice(1) })).toThrow(/covers 3 parameters but this optimizer has 4/);
    const short = structuredClone(good);
    short.state[1]!.buffers["expAvg"] = new Float32Array(2);
    expect(() => opt.loadStateDict(short)).toThrow(/parameter 1 buffer "expAvg": 2 values but the parameter \[4\] has 4/);
    const wrongType = structuredClone(good);
    wrongType.state[0]!.buffers["expAvgSq"] = new Float64Array(12);
    expect(() => opt.loadStateDict(wrongType)).toThrow(ValueError);
    const missing = structuredClone(good);
    delete missing.state[0]!.buffers["expAvgSq"];
    expect(() => opt.loadStateDict({ ...missing, hyper: { ...missing.hyper, lr: 5 } })).toThrow(/buffer "expAvgSq" is missing/);
    expect(opt.lr).toBe(0.01);
    expect(opt.stateDict()).toEqual(good);
  });
});

describe("what optimizers skip and refuse", () => {
  it("skips frozen parameters and parameters without a gradient; their state does not advance", () => {
    const m = new nn.Linear(3, 2, { seed: 0 });
    m.freeze("bias");
    const bias0 = m.bias!.dataSync();
    const w0 = m.weight.dataSync();
    const opt = new optim.Adam(m.parameters(), { lr: 0.1 });
    nn.mseLoss(m.forward(randn([4, 3], { seed: 1 })), randn([4, 2], { seed: 2 })).backward();
    expect(m.bias!.grad).toBeNull();
    opt.step();
    expect(m.bias!.data).toEqual(bias0);
    expect(m.weight.data).not.toEqual(w0);
    expect(opt.stateDict().state.map((s) => s?.step ?? null)).toEqual([1, null]);
    m.weight.requiresGrad = false; // frozen after its gradient was computed: still skipped
    const w1 = m.weight.dataSync();
    opt.step();
    expect(m.weight.data).toEqual(w1);
  });

  it("zeroGrad clears every gradient", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    p.square().sum().backward();
    const opt = new optim.SGD([p], { lr: 1 });
    opt.zeroGrad();
    expect(p.grad).toBeNull();
  });

  it("refuses bad parameter lists and options with messages that say what to do", () => {
    const p = tensor([1], { requiresGrad: true });
    expect(() => new optim.SGD([], { lr: 0.1 })).toThrow(/empty parameter list/);
    expect(() => new optim.SGD([p, p], { lr: 0.1 })).toThrow(/appears twice/);
    expect(() => new optim.SGD([p.mul(2)], { lr: 0.1 })).toThrow(/computed by "mul"; optimizers update leaves only/);
    expect(() => new optim.SGD([p], { lr: -1 })).toThrow(/lr must be a finite number ≥ 0/);
    expect(() => new optim.SGD([p], { lr: 0.1, nesterov: true })).toThrow(/Nesterov momentum needs momentum > 0/);
    expect(() => new optim.Adam([p], { betas: [1, 0.9] })).toThrow(/betas\[0\] must be in \[0, 1\)/);
    // a gradient of the wrong shape is refused when it is assigned, before any step can read it
    expect(() => {
      p.grad = tensor([1, 2]);
    }).toThrow(ShapeError);
  });

  it("accepts a module in place of a parameter list", () => {
    const m = new nn.MLP([2, 3, 1], { seed: 0 });
    expect(new optim.SGD(m, { lr: 0.1 }).params).toEqual(m.parameters());
  });
});
