/** @file Gradient clipping: by the global norm (returns it) and by value. */
import { ValueError } from "../errors.js";
import { allocate } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import type { ParamsInput } from "./optimizer.js";

function gradsOf(params: ParamsInput): Tensor[] {
  const list =
    typeof (params as { parameters?: unknown }).parameters === "function"
      ? (params as { parameters(): Tensor[] }).parameters()
      : [...(params as Iterable<Tensor>)];
  return list.filter((p) => p instanceof Tensor && p.grad !== null);
}

/** Replaces p.grad by a scaled or clamped copy (a gradient may share its array with other tensors, so it is never edited in place). */
function rewrite(p: Tensor, f: (x: number) => number): void {
  const g = p.grad!;
  const out = allocate(g.dtype, g.size);
  const src = g.storage;
  for (let j = 0; j < out.length; j++) out[j] = f(src[j]!);
  p.grad = new Tensor(out, g.shape.slice());
}

/**
 * Scales all gradients together so that their global norm is at most `maxNorm`, and returns the norm
 * before clipping (like torch.nn.utils.clip_grad_norm_): total = (Σ over all gradient entries |g|ᵖ)^(1/p);
 * if total > maxNorm every gradient is multiplied by maxNorm / (total + 1e-6). `normType` is 2 (default) or Infinity.
 * @example
 * loss.backward();
 * const norm = clipGradNorm(model.parameters(), 1.0); // the norm before clipping
 * opt.step();
 */
export function clipGradNorm(params: ParamsInput, maxNorm: number, normType: number = 2): number {
  if (!(maxNorm >= 0) || Number.isNaN(maxNorm)) throw new ValueError(`clipGradNorm: maxNorm must be ≥ 0, got ${maxNorm}.`);
  if (!(normType > 0))
    throw new ValueError(`clipGradNorm: normType must be positive (2 for Euclidean, Infinity for max), got ${normType}.`);
  const ps = gradsOf(params);
  let total = 0;
  if (normType === Infinity) {
    for (const p of ps) for (const v of p.grad!.storage) total = Math.max(total, Math.abs(v));
  } else {
    let acc = 0;
    for (const p of ps) {
      const d = p.grad!.storage;
      if (normType === 2) for (let j = 0; j < d.length; j++) acc += d[j]! * d[j]!;
      else for (let j = 0; j < d.length; j++) acc += Math.abs(d[j]!) ** normType;
    }
    total = normType === 2 ? Math.sqrt(acc) : acc ** (1 / normType);
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) for (const p of ps) rewrite(p, (x) => x * coef);
  return total;
}

/**
 * Clamps every gradient entry into [−clip, clip] (like torch.nn.utils.clip_grad_value_).
 * @example
 * loss.backward(); clipGradValue(model.parameters(), 0.5); opt.step();
 */
export function clipGradValue(params: ParamsInput, clip: number): void {
  if (!(clip >= 0)) throw new ValueError(`clipGradValue: clip must be ≥ 0, got ${clip}.`);
  for (const p of gradsOf(params)) rewrite(p, (x) => (x > clip ? clip : x < -clip ? -clip : x));
}
