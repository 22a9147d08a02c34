/** @file OneCycleLR (Smith & Topin): warm up to maxLr, then anneal far below the start; momentum cycles the other way. */
import { ValueError } from "../../errors.js";
import type { Optimizer } from "../optimizer.js";
import { checkPositiveInt, LRScheduler } from "./scheduler.js";

/** Options of `OneCycleLR` (defaults as PyTorch's OneCycleLR). */
export interface OneCycleOptions {
  /** The peak learning rate. */
  maxLr: number;
  /** Number of steps in the cycle (stepping past it is an error). */
  totalSteps: number;
  /** Fraction of the cycle spent increasing the lr (default 0.3). */
  pctStart?: number;
  /** "cos" (default) or "linear" annealing within each phase. */
  annealStrategy?: "cos" | "linear";
  /** Initial lr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** Final lr = initial lr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Three phases (up, back down to the initial lr, then to the final lr) instead of two (default false). */
  threePhase?: boolean;
  /** Cycle the momentum (SGD's momentum, Adam's β₁) inversely to the lr (default true, as PyTorch; skipped for optimizers without momentum). */
  cycleMomentum?: boolean;
  /** Lowest momentum (default 0.85). */
  baseMomentum?: number;
  /** Highest momentum (default 0.95). */
  maxMomentum?: number;
}

interface Phase {
  end: number;
  lr: [number, number];
  mom: [number, number];
}

/**
 * PyTorch's OneCycleLR. With initial = maxLr/divFactor and final = initial/finalDivFactor, two phases:
 * steps 0 … pctStart·T − 1 anneal initial → maxLr (momentum max → base), then up to T − 1 anneal
 * maxLr → final (momentum base → max). cos annealing: end + (start − end)·½(1 + cos(π·pct)).
 * @example
 * const s = new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 1000 });
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly maxLr: number;
  readonly cycleMomentum: boolean;
  private readonly phases: Phase[];
  private readonly anneal: (a: number, b: number, pct: number) => number;

  constructor(optimizer: Optimizer, opts: OneCycleOptions) {
    const div = opts?.divFactor ?? 25;
    super(optimizer, opts?.maxLr / div);
    checkPositiveInt("OneCycleLR", "totalSteps", opts.totalSteps);
    if (!(opts.maxLr > 0)) throw new ValueError(`OneCycleLR: maxLr must be positive, got ${String(opts.maxLr)}.`);
    const pct = opts.pctStart ?? 0.3;
    if (!(pct > 0 && pct < 1)) throw new ValueError(`OneCycleLR: pctStart must be in (0, 1), got ${pct}.`);
    const strategy = opts.annealStrategy ?? "cos";
    if (strategy !== "cos" && strategy !== "linear")
      throw new ValueError(`OneCycleLR: annealStrategy must be "cos" or "linear", got ${JSON.stringify(strategy)}.`);
    this.anneal = strategy === "cos" ? (a, b, p) => b + ((a - b) / 2) * (Math.cos(Math.PI * p) + 1) : (a, b, p) => (b - a) * p + a;
    this.totalSteps = opts.totalSteps;
    this.maxLr = opts.maxLr;
    const T = opts.totalSteps;
    const init = this.baseLr;
    const fin = init / (opts.finalDivFactor ?? 1e4);
    const lo = opts.baseMomentum ?? 0.85;
    const hi = opts.maxMomentum ?? 0.95;
    this.phases = opts.threePhase
      ? [
          { end: pct * T - 1, lr: [init, opts.maxLr], mom: [hi, lo] },
          { end: 2 * pct * T - 2, lr: [opts.maxLr, init], mom: [lo, hi] },
          { end: T - 1, lr: [init, fin], mom: [hi, hi] },
        ]
      : [
          { end: pct * T - 1, lr: [init, opts.maxLr], mom: [hi, lo] },
          { end: T - 1, lr: [opts.maxLr, fin], mom: [lo, hi] },
        ];
    const has = hasMomentum(optimizer);
    if (opts.cycleMomentum === true && !has) {
      throw new ValueError(
        `OneCycleLR: cycleMomentum needs an optimizer with momentum or betas; ${optimizer.constructor.name} has neither. Pass { cycleMomentum: false }.`,
      );
    }
    this.cycleMomentum = (opts.cycleMomentum ?? true) && has;
    this.apply();
  }

  private locate(t: number): { phase: Phase; pct: number } {
    if (t > this.totalSteps) {
      throw new ValueError(
        `OneCycleLR: stepped to ${t} but totalSteps is ${this.totalSteps}; build the schedule with the real number of steps.`,
      );
    }
    let start = 0;
    for (let i = 0; i < this.phases.length; i++) {
      const ph = this.phases[i]!;
      if (t <= ph.end || i === this.phases.length - 1) return { phase: ph, pct: (t - start) / (ph.end - start) };
      start = ph.end;
    }
    throw new ValueError("OneCycleLR: no phase"); // unreachable: the last phase always matches
  }

  lrAt(t: number): number {
    const { phase, pct } = this.locate(t);
    return this.anneal(phase.lr[0], phase.lr[1], pct);
  }

  /**
   * The momentum at step t (β₁ for Adam-style optimizers).
   * @example
   * s.momentumAt(0); // 0.95
   */
  momentumAt(t: number): number {
    const { phase, pct } = this.locate(t);
    return this.anneal(phase.mom[0], phase.mom[1], pct);
  }

  protected override apply(): void {
    super.apply();
    if (!this.cycleMomentum) return;
    const m = this.momentumAt(this.lastStep);
    const o = this.optimizer as unknown as { betas?: [number, number]; momentum?: number };
    if (Array.isArray(o.betas)) o.betas = [m, o.betas[1]];
    else o.momentum = m;
  }
}

function hasMomentum(o: Optimizer): boolean {
  const x = o as unknown as { betas?: unknown; momentum?: unknown };
  return Array.isArray(x.betas) || typeof x.momentum === "number";
}
