/** @file Cosine decay with linear warmup: ramp up for `warmupSteps`, then follow half a cosine down to `minLr`. */
import { ValueError } from "../../errors.js";
import type { Optimizer } from "../optimizer.js";
import { checkPositiveInt, LRScheduler } from "./scheduler.js";

/** Options of `CosineWarmupLR`. */
export interface CosineWarmupOptions {
  /** Steps of linear warmup W (0 for none). */
  warmupSteps: number;
  /** Step T at which the cosine reaches `minLr` (T > W); the lr stays at `minLr` afterwards. */
  totalSteps: number;
  /** The floor of the decay (default 0). */
  minLr?: number;
  /** The lr at step 0 of the warmup (default 0, as in Hugging Face's get_cosine_schedule_with_warmup). */
  warmupStartLr?: number;
}

/**
 * lr(t) = s + (lr₀ − s)·t/W for t < W (linear warmup from s = warmupStartLr);
 * lr(t) = m + (lr₀ − m)·½(1 + cos(π·(t − W)/(T − W))) for W ≤ t ≤ T; lr(t) = m after T (m = minLr).
 * @example
 * const s = new CosineWarmupLR(opt, { warmupSteps: 100, totalSteps: 1000 });
 */
export class CosineWarmupLR extends LRScheduler {
  readonly warmupSteps: number;
  readonly totalSteps: number;
  readonly minLr: number;
  readonly warmupStartLr: number;

  constructor(optimizer: Optimizer, opts: CosineWarmupOptions) {
    super(optimizer);
    const W = opts?.warmupSteps;
    if (!Number.isInteger(W) || W < 0) throw new ValueError(`CosineWarmupLR: warmupSteps must be an integer ≥ 0, got ${String(W)}.`);
    checkPositiveInt("CosineWarmupLR", "totalSteps", opts.totalSteps);
    if (opts.totalSteps <= W) throw new ValueError(`CosineWarmupLR: totalSteps (${opts.totalSteps}) must exceed warmupSteps (${W}).`);
    this.warmupSteps = W;
    this.totalSteps = opts.totalSteps;
    this.minLr = opts.minLr ?? 0;
    this.warmupStartLr = opts.warmupStartLr ?? 0;
    this.apply();
  }

  lrAt(t: number): number {
    const { warmupSteps: W, totalSteps: T, minLr: m, warmupStartLr: s, baseLr } = this;
    if (t < W) return s + ((baseLr - s) * t) / W;
    if (t >= T) return m;
    const progress = (t - W) / (T - W);
    return m + (baseLr - m) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
