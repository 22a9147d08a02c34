/** @file Default finite-difference steps and tolerances per dtype, and the float32 warning. */
import { ValueError } from "../errors.js";
import type { FloatDType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import type { CheckSettings, DiffMethod } from "./types.js";

/**
 * Default step `eps` per dtype and method. The truncation error of a difference is O(h) (forward) or
 * O(h²) (central) and its rounding error O(ε_mach/h), so the best h is about √ε_mach (forward) and
 * ∛ε_mach (central), with ε_mach = 2.2e-16 (float64) or 1.2e-7 (float32).
 *
 * | dtype   | forward eps | central eps | atol  | rtol  |
 * |---------|-------------|-------------|-------|-------|
 * | float64 | 1e-8        | 1e-6        | 1e-5  | 1e-3  |
 * | float32 | 3e-4        | 1e-3        | 1e-2  | 1e-2  |
 *
 * An entry fails when |analytic − numeric| > atol + rtol·|numeric|.
 */
export const CHECK_DEFAULTS: { readonly [D in FloatDType]: { eps: { [M in DiffMethod]: number }; atol: number; rtol: number } } = {
  float64: { eps: { forward: 1e-8, central: 1e-6 }, atol: 1e-5, rtol: 1e-3 },
  float32: { eps: { forward: 3e-4, central: 1e-3 }, atol: 1e-2, rtol: 1e-2 },
};

/** Options shared by numericalGrad and gradcheck. */
export interface DiffOptions {
  /** The finite-difference step (default per dtype, see CHECK_DEFAULTS). */
  eps?: number;
  /** "central" (default) or "forward". */
  method?: DiffMethod;
}

/**
 * The dtype whose defaults apply: float32 if any input is float32 (the less precise one wins).
 * @example
 * checkDtype([tensor([1]), tensor([1], { dtype: "float64" })]); // "float32"
 */
export function checkDtype(inputs: readonly Tensor[]): FloatDType {
  return inputs.some((x) => x.dtype === "float32") ? "float32" : "float64";
}

/**
 * Fills in the defaults and validates the options.
 * @example
 * resolveSettings([x64], { method: "forward" }, "gradcheck").eps; // 1e-8
 */
export function resolveSettings(
  inputs: readonly Tensor[],
  opts: DiffOptions & { atol?: number; rtol?: number },
  op: string,
): CheckSettings {
  const dtype = checkDtype(inputs);
  const method = opts.method ?? "central";
  if (method !== "central" && method !== "forward") {
    throw new ValueError(`${op}: method must be "central" or "forward", got ${JSON.stringify(method)}.`);
  }
  const d = CHECK_DEFAULTS[dtype];
  const settings: CheckSettings = { method, dtype, eps: opts.eps ?? d.eps[method], atol: opts.atol ?? d.atol, rtol: opts.rtol ?? d.rtol };
  for (const key of ["eps", "atol", "rtol"] as const) {
    const v = settings[key];
    if (!Number.isFinite(v) || v < 0 || (key === "eps" && v === 0)) {
      throw new ValueError(`${op}: ${key} must be a finite number${key === "eps" ? " > 0" : " ≥ 0"}, got ${v}.`);
    }
  }
  return settings;
}

/**
 * The warning gradcheck gives for float32 inputs (an empty list for float64).
 * @example
 * dtypeWarnings([tensor([1])], settings, "gradcheck").length; // 1
 */
export function dtypeWarnings(inputs: readonly Tensor[], settings: CheckSettings, op: string): string[] {
  const f32 = inputs.map((x, i) => (x.dtype === "float32" ? (x.name ? `"${x.name}"` : `input ${i}`) : null)).filter((s) => s !== null);
  if (f32.length === 0) return [];
  return [
    `${op}: ${f32.join(", ")} ${f32.length === 1 ? "is" : "are"} float32, where finite differences are good to about 1e-3 ` +
      `(using eps=${settings.eps}, atol=${settings.atol}, rtol=${settings.rtol}). Cast to float64 (x.cast("float64")) for a reliable check.`,
  ];
}
