/** @file Adam (Kingma & Ba) with optional AMSGrad and L2 weight decay, exactly PyTorch's torch.optim.Adam update. */
import { ValueError } from "../errors.js";
import { checkNonNegative, checkUnitInterval, Optimizer, type HyperValue, type ParamsInput } from "./optimizer.js";
import { updateStorage } from "../backends/storage.js";
import type { AdamArgs } from "../backends/kernels.js";
import type { TypedArray } from "../tensor/dtype.js";

/** Options of `Adam` and `AdamW`. */
export interface AdamOptions {
  /** Learning rate η (default 0.001). */
  lr?: number;
  /** (β₁, β₂), the decay rates of the first and second moment estimates (default [0.9, 0.999]). */
  betas?: [number, number];
  /** ε added to the denominator (default 1e-8). */
  eps?: number;
  /** Weight decay λ: an L2 term added to the gradient for Adam (default 0); decoupled for AdamW (default 0.01). */
  weightDecay?: number;
  /** Use the running maximum of the second moment (AMSGrad; default false). */
  amsgrad?: boolean;
  /** Ascend instead of descend (default false). */
  maximize?: boolean;
}

/**
 * Adam, exactly PyTorch's update. For each parameter p with gradient g, at its step t = 1, 2, …:
 *
 *     g ← g + λ·p                          (Adam's L2 weight decay, if λ ≠ 0)
 *     m ← β₁·m + (1 − β₁)·g
 *     v ← β₂·v + (1 − β₂)·g²
 *     v̂ ← max(v̂, v)                        (AMSGrad only; then v̂ replaces v below)
 *     p ← p − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * @example
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class Adam extends Optimizer {
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
  protected readonly hyperKeys = ["betas", "eps", "weightDecay", "amsgrad", "maximize"] as const;
  protected readonly bufferKeys = ["expAvg", "expAvgSq", "maxExpAvgSq"] as const;
  /** True for AdamW: the decay multiplies the weights instead of entering the gradient. */
  protected readonly decoupled: boolean = false;

  protected requiredBuffers(h: Record<string, HyperValue>): string[] {
    return h["amsgrad"] ? ["expAvg", "expAvgSq", "maxExpAvgSq"] : ["expAvg", "expAvgSq"];
  }

  constructor(params: ParamsInput, opts: AdamOptions = {}, defaultWeightDecay = 0) {
    super(params, opts.lr ?? 1e-3, new.target.name);
    const op = new.target.name;
    // a copy of what was given (checked below), so a wrong length is reported rather than cut to two
    this.betas = Array.isArray(opts.betas) ? (opts.betas.slice() as [number, number]) : (opts.betas ?? [0.9, 0.999]);
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? defaultWeightDecay;
    this.amsgrad = opts.amsgrad ?? false;
    this.maximize = opts.maximize ?? false;
    this.checkHyper(op, this.hyperparameters());
  }

  protected checkHyper(op: string, h: Record<string, HyperValue>): void {
    const betas = h["betas"];
    if (!Array.isArray(betas) || betas.length !== 2)
      throw new ValueError(`${op}: betas must be a pair [β₁, β₂], got ${JSON.stringify(betas)}.`);
    checkUnitInterval(op, "betas[0]", betas[0]!);
    checkUnitInterval(op, "betas[1]", betas[1]!);
    checkNonNegative(op, "eps", h["eps"] as number);
    checkNonNegative(op, "weightDecay", h["weightDecay"] as number);
  }

  /**
   * One update of every parameter with a gradient.
   * @example
   * opt.step();
   */
  step(): void {
    const { lr, eps, weightDecay: wd, amsgrad } = this;
    const [b1, b2] = this.betas;
    const sign = this.maximize ? -1 : 1;
    const l2 = this.decoupled ? 0 : wd;
    const shrink = this.decoupled ? 1 - lr * wd : 1;
    for (let i = 0; i < this.params.length; i++) {
      const g = this.gradOf(i);
      if (!g) continue;
      // a device backend (webgpu) runs the update as its own kernel
      const device = this.params[i]!.store.backend.adamUpdate;
      if (device) {
        updateStorage(this.params[i]!.store, (p) => this.deviceStep(i, p, g, device), true);
        continue;
      }
      // one in-place update through the backend: it drops stale copies and counts a new version
      updateStorage(this.params[i]!.store, (p) => {
        const st = this.stateOf(i);
        const m = this.buffer(st, i, "expAvg");
        const v = this.buffer(st, i, "expAvgSq");
        const vmax = amsgrad ? this.buffer(st, i, "maxExpAvgSq") : v;
        const t = ++st.step;
        const stepSize = lr / (1 - b1 ** t);
        const bc2Sqrt = Math.sqrt(1 - b2 ** t);
        const n = p.length;
        const c1 = 1 - b1;
        const c2 = 1 - b2;
        if (amsgrad) {
          for (let j = 0; j < n; j++) {
            const pj = p[j]! * shrink;
            const gj = sign * g[j]! + l2 * pj;
            const mj = b1 * m[j]! + c1 * gj;
            const vj = b2 * v[j]! + c2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            const vhat = vmax[j]! > vj ? vmax[j]! : vj;
            vmax[j] = vhat;
            p[j] = pj - (stepSize * mj) / (Math.sqrt(vhat) / bc2Sqrt + eps);
          }
        } else {
          for (let j = 0; j < n; j++) {
            const pj = p[j]! * shrink;
            const gj = sign * g[j]! + l2 * pj;
            const mj = b1 * m[j]! + c1 * gj;
            const vj = b2 * v[j]! + c2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            p[j] = pj - (stepSize * mj) / (Math.sqrt(vj) / bc2Sqrt + eps);
          }
        }
      });
    }
  }

  /** The same update as `step`'s loop, run by the parameter's device backend kernel (see `AdamArgs`). */
  private deviceStep(i: number, p: TypedArray, g: TypedArray, device: (args: AdamArgs) => void): void {
    const [b1, b2] = this.betas;
    const st = this.stateOf(i);
    const t = ++st.step;
    const wd = this.weightDecay;
    device({
      p,
      g,
      m: this.buffer(st, i, "expAvg"),
      v: this.buffer(st, i, "expAvgSq"),
      vmax: this.amsgrad ? this.buffer(st, i, "maxExpAvgSq") : null,
      shrink: this.decoupled ? 1 - this.lr * wd : 1,
      sign: this.maximize ? -1 : 1,
      l2: this.decoupled ? 0 : wd,
      b1,
      b2,
      stepSize: this.lr / (1 - b1 ** t),
      bc2Sqrt: Math.sqrt(1 - b2 ** t),
      eps: this.eps,
    });
  }
}
