/** @file SGD with momentum, dampening, Nesterov momentum and L2 weight decay (PyTorch's torch.optim.SGD update). */
import { backend } from "../backends/registry.js";
import { updateStorage } from "../backends/storage.js";
import { ValueError } from "../errors.js";
import { checkNonNegative, Optimizer, type HyperValue, type ParamsInput } from "./optimizer.js";

/** Options of `SGD`. */
export interface SGDOptions {
  /** Learning rate η. */
  lr: number;
  /** Momentum μ (default 0: plain gradient descent). */
  momentum?: number;
  /** Dampening τ of the momentum (default 0). */
  dampening?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Nesterov momentum (needs μ > 0 and τ = 0). */
  nesterov?: boolean;
  /** Ascend instead of descend (default false). */
  maximize?: boolean;
}

/**
 * Stochastic gradient descent, exactly PyTorch's update. For each parameter p with gradient g:
 *
 *     g ← g + λ·p                              (weight decay, if λ ≠ 0)
 *     b ← g                                    (first step with momentum)
 *     b ← μ·b + (1 − τ)·g                      (later steps)
 *     g ← g + μ·b  if nesterov,  else g ← b    (if μ ≠ 0)
 *     p ← p − η·g
 *
 * With μ = 0 this is the worksheet's w ← w − η ∂f/∂w.
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class SGD extends Optimizer {
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
  protected readonly hyperKeys = ["momentum", "dampening", "weightDecay", "nesterov", "maximize"] as const;
  protected readonly bufferKeys = ["momentumBuffer"] as const;

  protected requiredBuffers(h: Record<string, HyperValue>): string[] {
    return (h["momentum"] as number) > 0 ? ["momentumBuffer"] : [];
  }

  constructor(params: ParamsInput, opts: SGDOptions) {
    super(params, opts?.lr, "SGD");
    this.momentum = opts.momentum ?? 0;
    this.dampening = opts.dampening ?? 0;
    this.weightDecay = opts.weightDecay ?? 0;
    this.nesterov = opts.nesterov ?? false;
    this.maximize = opts.maximize ?? false;
    this.checkHyper("SGD", this.hyperparameters());
  }

  protected checkHyper(op: string, h: Record<string, HyperValue>): void {
    const [momentum, dampening] = [h["momentum"] as number, h["dampening"] as number];
    checkNonNegative(op, "momentum", momentum);
    checkNonNegative(op, "dampening", dampening);
    checkNonNegative(op, "weightDecay", h["weightDecay"] as number);
    if (h["nesterov"] && (momentum <= 0 || dampening !== 0)) {
      throw new ValueError(
        `${op}: Nesterov momentum needs momentum > 0 and dampening = 0 (got momentum ${momentum}, dampening ${dampening}).`,
      );
    }
  }

  /**
   * One update of every parameter with a gradient.
   * @example
   * opt.step();
   */
  step(): void {
    const { lr, momentum: mu, dampening, weightDecay: wd, nesterov } = this;
    const sign = this.maximize ? -1 : 1;
    for (let i = 0; i < this.params.length; i++) {
      const g = this.gradOf(i);
      if (!g) continue;
      const st = this.stateOf(i);
      st.step++;
      // a fresh (zero) buffer with factors 0 and 1 gives b = d exactly: PyTorch's first step, without a branch per element
      const first = mu !== 0 && !st.buffers["momentumBuffer"];
      const buf = mu === 0 ? null : this.buffer(st, i, "momentumBuffer");
      const bm = first ? 0 : mu;
      const bk = first ? 1 : 1 - dampening;
      // one in-place update through the backend, counted as a new version; its sgdUpdate kernel
      // writes p (and the buffer) and keeps its own copies of them in step, so none are dropped
      updateStorage(this.params[i]!.store, (p) => backend().sgdUpdate({ p, g, buf, lr, sign, wd, mu, bm, bk, nesterov }), true);
    }
  }
}
