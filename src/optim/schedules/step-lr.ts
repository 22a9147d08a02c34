/** @file StepLR: multiply the learning rate by γ every `stepSize` steps. */
import { ValueError } from "../../errors.js";
import type { Optimizer } from "../optimizer.js";
import { checkPositiveInt, LRScheduler } from "./scheduler.js";

/**
 * lr(t) = lr₀ · γ^⌊t / stepSize⌋ (PyTorch's StepLR; γ defaults to 0.1).
 * @example
 * const s = new StepLR(opt, { stepSize: 2, gamma: 0.5 }); // lr₀, lr₀, lr₀/2, lr₀/2, lr₀/4 …
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer, opts: { stepSize: number; gamma?: number }) {
    super(optimizer);
    checkPositiveInt("StepLR", "stepSize", opts?.stepSize);
    this.stepSize = opts.stepSize;
    this.gamma = opts.gamma ?? 0.1;
    if (!(this.gamma > 0)) throw new ValueError(`StepLR: gamma must be positive, got ${this.gamma}.`);
    this.apply();
  }

  lrAt(t: number): number {
    return this.baseLr * this.gamma ** Math.floor(t / this.stepSize);
  }
}
