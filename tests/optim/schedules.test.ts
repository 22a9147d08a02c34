/** @file Learning-rate schedules at chosen steps. */
import { describe, expect, it } from "vitest";
import { optim, tensor } from "../../src/index.js";

const sgd = (lr = 0.1): optim.SGD => new optim.SGD([tensor([0], { requiresGrad: true })], { lr, momentum: 0.9 });

describe("learning-rate schedules at chosen steps", () => {
  it("StepLR: lr₀·γ^⌊t/s⌋", () => {
    const opt = sgd(1);
    const s = new optim.StepLR(opt, { stepSize: 2, gamma: 0.5 });
    expect([0, 1, 2, 3, 4, 5].map((t) => s.lrAt(t))).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it("ExponentialLR: lr₀·γᵗ", () => {
    const s = new optim.ExponentialLR(sgd(2), { gamma: 0.5 });
    expect(s.lrAt(3)).toBe(0.25);
  });

  it("CosineWarmupLR: linear warmup, half a cosine, then the floor", () => {
    const opt = sgd(1);
    const s = new optim.CosineWarmupLR(opt, { warmupSteps: 4, totalSteps: 12, minLr: 0.1 });
    expect(opt.lr).toBe(0); // t = 0 of the warmup
    expect(s.lrAt(2)).toBe(0.5);
    expect(s.lrAt(4)).toBe(1); // cosine starts at the peak
    expect(s.lrAt(8)).toBeCloseTo(0.1 + 0.9 * 0.5, 15); // half way: cos(π/2) = 0
    expect(s.lrAt(6)).toBeCloseTo(0.1 + 0.9 * 0.5 * (1 + Math.SQRT1_2), 15);
    expect(s.lrAt(12)).toBeCloseTo(0.1, 15);
    expect(s.lrAt(50)).toBe(0.1);
    for (let t = 0; t < 5; t++) s.step();
    expect(opt.lr).toBe(s.lrAt(5));
    expect(() => new optim.CosineWarmupLR(opt, { warmupSteps: 5, totalSteps: 5 })).toThrow(/must exceed warmupSteps/);
  });

  it("OneCycleLR: starts at maxLr/25, peaks at maxLr, ends at maxLr/25/1e4; momentum moves the other way", () => {
    const opt = sgd();
    const s = new optim.OneCycleLR(opt, { maxLr: 1, totalSteps: 11, pctStart: 0.5 });
    // phase 1 ends at step 0.5·11 − 1 = 4.5, phase 2 at 10
    expect(s.lrAt(0)).toBeCloseTo(0.04, 15);
    expect(opt.momentum).toBeCloseTo(0.95, 15);
    expect(s.lrAt(4.5)).toBeCloseTo(1, 15);
    expect(s.momentumAt(4.5)).toBeCloseTo(0.85, 15);
    expect(s.lrAt(10)).toBeCloseTo(0.04 / 1e4, 15);
    expect(() => s.lrAt(12)).toThrow(/stepped to 12 but totalSteps is 11/);
  });

  it("OneCycleLR cycles Adam's β₁, and skips optimizers without momentum unless asked", () => {
    const adam = new optim.Adam([tensor([0], { requiresGrad: true })]);
    new optim.OneCycleLR(adam, { maxLr: 0.1, totalSteps: 10 });
    expect(adam.betas).toEqual([0.95, 0.999]);
    const ada = new optim.Adagrad([tensor([0], { requiresGrad: true })]);
    expect(new optim.OneCycleLR(ada, { maxLr: 0.1, totalSteps: 10 }).cycleMomentum).toBe(false);
    expect(() => new optim.OneCycleLR(ada, { maxLr: 0.1, totalSteps: 10, cycleMomentum: true })).toThrow(/has neither/);
  });

  it("a scheduler's state resumes the schedule", () => {
    const a = sgd(1);
    const s = new optim.StepLR(a, { stepSize: 2, gamma: 0.5 });
    for (let t = 0; t < 5; t++) s.step();
    const b = sgd(1);
    const s2 = new optim.StepLR(b, { stepSize: 2, gamma: 0.5 });
    s2.loadStateDict(s.stateDict());
    expect(b.lr).toBe(0.25);
    expect(s2.getLr()).toBe(a.lr);
    expect(() => s2.loadStateDict({ type: "OneCycleLR", lastStep: 1, baseLr: 1 })).toThrow(/expected the state of a StepLR/);
  });
});
