/** @file RMSprop (Hinton), optionally centered and with momentum, exactly PyTorch's torch.optim.RMSprop update. */
import { checkNonNegative, checkUnitInterval, Optimizer, type HyperValue, type ParamsInput } from "./optimizer.js";
import { updateStorage } from "../backends/storage.js";

/** Options of `RMSprop`. */
export interface RMSpropOptions {
  /** Learning rate η (default 0.01). */
  lr?: number;
  /** Smoothing constant α of the squared-gradient average (default 0.99). */
  alpha?: number;
  /** ε added to the denominator (default 1e-8). */
  eps?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Momentum μ (default 0). */
  momentum?: number;
  /** Divide by the estimated variance (subtract the squared mean gradient) instead of the raw second moment (default false). */
  centered?: boolean;
  /** Ascend instead of descend (default false). */
  maximize?: boolean;
}

/**
 * RMSprop, exactly PyTorch's update. For each parameter p with gradient g:
 *
 *     g ← g + λ·p                               (if λ ≠ 0)
 *     s ← α·s + (1 − α)·g²
 *     a ← √s + ε,   or if centered:  ḡ ← α·ḡ + (1 − α)·g,  a ← √(s − ḡ²) + ε
 *     b ← μ·b + g/a,  p ← p − η·b               (if μ > 0)
 *     p ← p − η·g/a                              (otherwise)
 * @example
 * const opt = new RMSprop(model.parameters(), { lr: 0.01 });
 */
export class RMSprop extends Optimizer {
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
  protected readonly hyperKeys = ["alpha", "eps", "weightDecay", "momentum", "centered", "maximize"] as const;
  protected readonly bufferKeys = ["squareAvg", "gradAvg", "momentumBuffer"] as const;

  protected requiredBuffers(h: Record<string, HyperValue>): string[] {
    return ["squareAvg", ...(h["centered"] ? ["gradAvg"] : []), ...((h["momentum"] as number) > 0 ? ["momentumBuffer"] : [])];
  }

  constructor(params: ParamsInput, opts: RMSpropOptions = {}) {
    super(params, opts.lr ?? 0.01, "RMSprop");
    this.alpha = opts.alpha ?? 0.99;
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
    this.momentum = opts.momentum ?? 0;
    this.centered = opts.centered ?? false;
    this.maximize = opts.maximize ?? false;
    this.checkHyper("RMSprop", this.hyperparameters());
  }

  protected checkHyper(op: string, h: Record<string, HyperValue>): void {
    checkUnitInterval(op, "alpha", h["alpha"] as number);
    checkNonNegative(op, "eps", h["eps"] as number);
    checkNonNegative(op, "weightDecay", h["weightDecay"] as number);
    checkNonNegative(op, "momentum", h["momentum"] as number);
  }

  /**
   * One update of every parameter with a gradient.
   * @example
   * opt.step();
   */
  step(): void {
    const { lr, alpha, eps, weightDecay: wd, momentum: mu, centered } = this;
    const sign = this.maximize ? -1 : 1;
    for (let i = 0; i < this.params.length; i++) {
      const g = this.gradOf(i);
      if (!g) continue;
      // one in-place update by the backend's kernel (a WGSL one on webgpu), which keeps its copies in step
      const store = this.params[i]!.store;
      updateStorage(
        store,
        (p) => {
          const st = this.stateOf(i);
          st.step++;
          const s = this.buffer(st, i, "squareAvg");
          const ga = centered ? this.buffer(st, i, "gradAvg") : null;
          const buf = mu > 0 ? this.buffer(st, i, "momentumBuffer") : null;
          store.backend.rmspropUpdate({ p, g, s, ga, buf, lr, alpha, eps, wd, mu, sign });
        },
        true,
      );
    }
  }
}
