/** @file Adagrad (Duchi et al.) with learning-rate decay, exactly PyTorch's torch.optim.Adagrad update. */
import { checkNonNegative, Optimizer, type HyperValue, type ParamsInput } from "./optimizer.js";
import { updateStorage } from "../backends/storage.js";

/** Options of `Adagrad`. */
export interface AdagradOptions {
  /** Learning rate η (default 0.01). */
  lr?: number;
  /** Decay δ of the learning rate per step (default 0). */
  lrDecay?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Starting value of the squared-gradient sum (default 0). */
  initialAccumulatorValue?: number;
  /** ε added to the denominator (default 1e-10). */
  eps?: number;
  /** Ascend instead of descend (default false). */
  maximize?: boolean;
}

/**
 * Adagrad, exactly PyTorch's update. For each parameter p with gradient g, at its step t = 1, 2, …:
 *
 *     g ← g + λ·p                     (if λ ≠ 0)
 *     η_t = η / (1 + (t − 1)·δ)
 *     S ← S + g²                      (S starts at initialAccumulatorValue)
 *     p ← p − η_t · g / (√S + ε)
 * @example
 * const opt = new Adagrad(model.parameters(), { lr: 0.1 });
 */
export class Adagrad extends Optimizer {
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
  protected readonly hyperKeys = ["lrDecay", "weightDecay", "initialAccumulatorValue", "eps", "maximize"] as const;
  protected readonly bufferKeys = ["sum"] as const;

  protected requiredBuffers(): string[] {
    return ["sum"];
  }

  constructor(params: ParamsInput, opts: AdagradOptions = {}) {
    super(params, opts.lr ?? 0.01, "Adagrad");
    this.lrDecay = opts.lrDecay ?? 0;
    this.weightDecay = opts.weightDecay ?? 0;
    this.initialAccumulatorValue = opts.initialAccumulatorValue ?? 0;
    this.eps = opts.eps ?? 1e-10;
    this.maximize = opts.maximize ?? false;
    this.checkHyper("Adagrad", this.hyperparameters());
  }

  protected checkHyper(op: string, h: Record<string, HyperValue>): void {
    for (const k of ["lrDecay", "weightDecay", "initialAccumulatorValue", "eps"]) checkNonNegative(op, k, h[k] as number);
  }

  /**
   * One update of every parameter with a gradient.
   * @example
   * opt.step();
   */
  step(): void {
    const { lr, lrDecay, weightDecay: wd, eps } = this;
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
          const sum = this.buffer(st, i, "sum", this.initialAccumulatorValue);
          const t = ++st.step;
          store.backend.adagradUpdate({ p, g, sum, clr: lr / (1 + (t - 1) * lrDecay), eps, wd, sign });
        },
        true,
      );
    }
  }
}
