/** @file Directional central differences in float64 with a kink guard: the measuring tool of the local rule checks. */
import { Tensor } from "../tensor/tensor.js";
import type { RuleInputCheck } from "./types.js";

const F64_EPS = 2.220446049250313e-16;

/**
 * A float64 copy of `x` outside any graph.
 * @example
 * toF64(tensor([1.5])).dtype; // "float64"
 */
export function toF64(x: Tensor): Tensor {
  return new Tensor(Float64Array.from(x.data), x.shape.slice());
}

/**
 * Σ aᵢbᵢ over two equally long arrays.
 * @example
 * dotData([1, 2], [3, 4]); // 11
 */
export function dotData(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Σ |aᵢbᵢ|: the size of the terms of a dot product, which bounds its rounding error.
 * @example
 * absDot([1, -2], [3, 4]); // 11
 */
export function absDot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! * b[i]!);
  return s;
}

/**
 * `xs` with input k replaced by xₖ + τ·w (a new float64 tensor, requiring grad when asked).
 * @example
 * moved([x], 0, u, 1e-6, false)[0]; // x + 1e-6·u
 */
export function moved(xs: readonly Tensor[], k: number, w: Tensor, tau: number, requiresGrad: boolean): Tensor[] {
  const out = xs.slice();
  const base = xs[k]!;
  const data = new Float64Array(base.size);
  for (let i = 0; i < data.length; i++) data[i] = base.data[i]! + tau * w.data[i]!;
  out[k] = new Tensor(data, base.shape.slice(), requiresGrad);
  return out;
}

/** One evaluation of the probed scalar: its value, the size of its terms, and the op's branch pattern. */
export interface ProbeValue {
  value: number;
  scale: number;
  branch: Int8Array | null;
}

function sameBranch(a: Int8Array | null, b: Int8Array | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Compares `analytic` (a directional derivative claimed by a rule) with the central difference of
 * `evalAt(τ)` at τ = ±h, h = 1e-6·max(1, |x|∞). If a step changes the op's branch, it retries 1000×
 * and 10⁶× smaller; "kink" when every step crosses. The tolerance is 1e-5 relative plus the rounding
 * error of the quotient (100·ε·scale/h).
 * @example
 * directionalCheck(0, g·u, 1, (tau) => probe(tau)); // { status: "ok", entry: {...} }
 */
export function directionalCheck(
  input: number,
  analytic: number,
  xmax: number,
  evalAt: (tau: number) => ProbeValue,
): { status: "ok" | "mismatch" | "kink" | "skipped"; entry: Omit<RuleInputCheck, "form"> | null } {
  const base = evalAt(0);
  let h = 1e-6 * Math.max(1, xmax);
  for (let attempt = 0; attempt < 3; attempt++, h /= 1000) {
    const plus = evalAt(h);
    const minus = evalAt(-h);
    if (!sameBranch(plus.branch, base.branch) || !sameBranch(minus.branch, base.branch)) continue;
    const numeric = (plus.value - minus.value) / (2 * h);
    const absError = Math.abs(analytic - numeric);
    const denom = Math.max(Math.abs(analytic), Math.abs(numeric));
    const entry = { input, analytic, numeric, absError, relError: absError === 0 ? 0 : absError / denom };
    if (!Number.isFinite(numeric) || !Number.isFinite(analytic)) return { status: "skipped", entry };
    const tol = 1e-5 * denom + (100 * F64_EPS * Math.max(base.scale, plus.scale, minus.scale)) / h + 1e-12;
    return { status: absError > tol ? "mismatch" : "ok", entry };
  }
  return { status: "kink", entry: null };
}

/**
 * The largest |xᵢ| of a tensor.
 * @example
 * maxAbs(tensor([1, -3])); // 3
 */
export function maxAbs(x: Tensor): number {
  let m = 0;
  for (let i = 0; i < x.size; i++) m = Math.max(m, Math.abs(x.data[i]!));
  return m;
}
