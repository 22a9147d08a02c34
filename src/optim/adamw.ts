/** @file AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), exactly PyTorch's torch.optim.AdamW update. */
import { Adam, type AdamOptions } from "./adam.js";
import type { ParamsInput } from "./optimizer.js";

/**
 * AdamW, exactly PyTorch's update: first p ← p·(1 − η·λ) (default λ = 0.01), then the Adam update
 * without any L2 term in the gradient:
 *
 *     p ← p·(1 − η·λ)
 *     m ← β₁·m + (1 − β₁)·g
 *     v ← β₂·v + (1 − β₂)·g²
 *     p ← p − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * @example
 * const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  constructor(params: ParamsInput, opts: AdamOptions = {}) {
    super(params, opts, 0.01);
  }
}
