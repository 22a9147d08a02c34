/** @file ExponentialLR: multiply the learning rate by γ every step. */
import { ValueError } from "../../errors.js";
import type { Optimizer } from "../optimizer.js";
import { LRScheduler } from "./scheduler.js";

/**
 * lr(t) = lr₀ · γᵗ (PyTorch's ExponentialLR).
 * @example
 * const s = new ExponentialLR(opt, { gamma: 0.9 });
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: Optimizer, opts: { gamma: number }) {
    super(optimizer);
    this.gamma = opts?.gamma;
    if (!(this.gamma > 0)) throw new ValueError(`ExponentialLR: gamma must be positive, got ${String(this.gamma)}.`);
    this.apply();
  }

  lrAt(t: number): number {
    return this.baseLr * this.gamma ** t;
  }
}
