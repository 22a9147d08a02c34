/** @file Optimizers follow PyTorch's trajectories (fixtures generated with PyTorch). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { optim, tensor, type Tensor } from "../../src/index.js";

/** Trajectories and schedules recorded from PyTorch in float64 by fixtures/torch-reference.py. */
interface Reference {
  p0: number[];
  a: number[];
  b: number[];
  optimizers: { type: string; opts: Record<string, unknown>; trajectory: number[][] }[];
  float32: { type: string; opts: Record<string, unknown>; trajectory: number[][] }[];
  schedules: Record<string, { lr: number[]; momentum: number[] }>;
}
const ref = JSON.parse(readFileSync(new URL("./fixtures/torch-reference.json", import.meta.url), "utf8")) as Reference;

const makers: Record<string, (p: Tensor[], o: never) => optim.Optimizer> = {
  SGD: (p, o) => new optim.SGD(p, o),
  Adam: (p, o) => new optim.Adam(p, o),
  AdamW: (p, o) => new optim.AdamW(p, o),
  RMSprop: (p, o) => new optim.RMSprop(p, o),
  Adagrad: (p, o) => new optim.Adagrad(p, o),
};

// the same loss as the fixture: Σ a·p² + b·p + 0.1·p³
function loss(p: Tensor): Tensor {
  const a = tensor(ref.a, { dtype: p.dtype });
  const b = tensor(ref.b, { dtype: p.dtype });
  return a.mul(p.square()).add(b.mul(p)).add(p.pow(3).mul(0.1)).sum();
}

describe("optimizers follow PyTorch's trajectories (float64)", () => {
  for (const { type, opts, trajectory } of ref.optimizers) {
    it(`${type} ${JSON.stringify(opts)}`, () => {
      const p = tensor(ref.p0, { dtype: "float64", requiresGrad: true });
      const opt = makers[type]!([p], opts as never);
      for (const want of trajectory) {
        opt.zeroGrad();
        loss(p).backward();
        opt.step();
        const got = p.toArray() as number[];
        got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 13));
      }
    });
  }
});

describe("in float32 they agree with PyTorch's float32 run to a few units in the last place", () => {
  for (const { type, opts, trajectory } of ref.float32) {
    it(`${type} ${JSON.stringify(opts)}`, () => {
      const p = tensor(ref.p0, { requiresGrad: true });
      const opt = makers[type]!([p], opts as never);
      for (const want of trajectory) {
        opt.zeroGrad();
        loss(p).backward();
        opt.step();
        Array.from(p.data).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(want[i]!))));
      }
    });
  }
});

describe("schedules follow PyTorch's values", () => {
  const run = (name: string, make: (o: optim.SGD) => optim.LRScheduler): void => {
    it(name, () => {
      const want = ref.schedules[name]!;
      const opt = new optim.SGD([tensor([0], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
      const s = make(opt);
      want.lr.forEach((lr, t) => {
        expect(opt.lr).toBeCloseTo(lr, 14);
        expect(s.getLr()).toBeCloseTo(lr, 14);
        expect(opt.momentum).toBeCloseTo(want.momentum[t]!, 14);
        s.step();
      });
    });
  };
  run("StepLR", (o) => new optim.StepLR(o, { stepSize: 3, gamma: 0.5 }));
  run("ExponentialLR", (o) => new optim.ExponentialLR(o, { gamma: 0.9 }));
  run("OneCycleCos", (o) => new optim.OneCycleLR(o, { maxLr: 1, totalSteps: 20 }));
  run("OneCycleLinear", (o) => new optim.OneCycleLR(o, { maxLr: 0.5, totalSteps: 15, annealStrategy: "linear", pctStart: 0.4 }));
  run(
    "OneCycleThree",
    (o) => new optim.OneCycleLR(o, { maxLr: 0.5, totalSteps: 20, threePhase: true, divFactor: 10, finalDivFactor: 100 }),
  );
});
