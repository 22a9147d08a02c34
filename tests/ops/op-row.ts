/** @file The shape of one op-table row, and the input domains rows draw from. */
import type { Tensor } from "../../src/index.js";
import type { Nd } from "../helpers/nd-ref.js";
import type { Tol } from "../helpers/close.js";
import type { TestRng } from "../helpers/test-rng.js";

/** Draws one input value. */
export type Domain = (rng: TestRng) => number;

/** Anywhere in [−2, 2]. */
export const REAL: Domain = (r) => r.uniform(-2, 2);
/** Positive, away from 0: [0.3, 2.5] (log, sqrt, pow bases, denominators). */
export const POS: Domain = (r) => r.uniform(0.3, 2.5);
/** Either sign, |x| ≥ 0.2: away from the kink at 0 (abs, relu, leakyRelu, elu, 1/x). */
export const NONZERO: Domain = (r) => (r.next() < 0.5 ? -1 : 1) * r.uniform(0.2, 2);
/** Integers in −2..2, so comparisons see ties. */
export const INT: Domain = (r) => Math.floor(r.uniform(-2, 3));
/** A wider range [lo, hi). */
export const range =
  (lo: number, hi: number): Domain =>
  (r) =>
    r.uniform(lo, hi);

/** One input of a row: its shape and where its values come from (default REAL). */
export interface InputSpec {
  shape: number[];
  domain?: Domain;
}

/** One row: an op (or a few ops) applied to inputs, with a plain-JS reference. */
export interface OpRow {
  /** Unique label shown in the test names. */
  name: string;
  /** The public op names this row exercises (checked against API.md's list). */
  covers: string[];
  inputs: InputSpec[];
  /** The computation under test. */
  f: (...xs: Tensor[]) => Tensor;
  /** Its value computed independently in plain JS (float64). */
  ref: (...xs: Nd[]) => Nd;
  /** False for ops without a gradient (comparisons, sign, cast): the output must not require grad. Default true. */
  differentiable?: boolean;
  /** Why finite differences do not apply (the op is differentiable, but its derivatives are tested elsewhere). */
  skipDerivatives?: string;
  /** Rejects a draw (e.g. values too close to a kink or a tie); a new draw is made. */
  accept?: (data: number[][]) => boolean;
  /** Replaces the drawn values (e.g. distinct values for max/min). */
  prepare?: (data: number[][], rng: TestRng) => number[][];
  /** Forward tolerance in float64 (default rtol 1e-12, atol 1e-13). */
  fwdTol?: Tol;
  /**
   * For a one-input elementwise op that must stay finite at ±1000: its exact value and derivative
   * at −1000, −1, 0.5 and 1000, checked with the stability rows (float64 and float32, and a finite
   * second derivative there).
   */
  stability?: { value: (v: number) => number; grad: (v: number) => number };
}

/** Every pair of values from the two inputs, broadcast, differs by more than `gap`. */
export function pairsApart(gap: number): (data: number[][]) => boolean {
  return ([a, b]) => a!.every((x) => b!.every((y) => Math.abs(x - y) > gap));
}

/** Distinct values spaced at least 0.25 apart, shuffled, so max/min have a unique winner. */
export function distinct(data: number[][], rng: TestRng): number[][] {
  return data.map((d) => {
    const perm = rng.permutation(d.length);
    return d.map((_, i) => (perm[i]! - d.length / 2) * 0.3 + rng.uniform(0, 0.05));
  });
}
