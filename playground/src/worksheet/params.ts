/** @file The worksheet's editable numbers (W, b, x, y, φ and ReLU's subgradient) and their starting values. */

/** The activation φ of worksheet problem 2(b). */
export type Phi = "sigmoid" | "tanh" | "relu";

/** Everything the learner can edit: W ∈ ℝⁿˣᵈ, b ∈ ℝⁿ, x ∈ ℝᵈ, y ∈ ℝ, φ, and ReLU′(0). */
export interface Params {
  W: number[][];
  b: number[];
  x: number[];
  y: number;
  phi: Phi;
  /** The derivative ReLU uses at exactly 0 (a subgradient: anything in [0, 1] is a valid choice; chainrule offers 0 or 1). */
  subgradient: 0 | 1;
}

/**
 * The page's starting point: n = 3 hidden units, d = 2 features, σ.
 * @example
 * const p = defaultParams(); p.W.length; // 3
 */
export function defaultParams(): Params {
  return {
    W: [
      [0.5, -1],
      [1.5, 0.25],
      [-0.75, 0.5],
    ],
    b: [0.1, -0.2, 0],
    x: [1, 2],
    y: 1,
    phi: "sigmoid",
    subgradient: 0,
  };
}

/** A deep copy, so an edit never aliases the previous state. */
export function cloneParams(p: Params): Params {
  return { ...p, W: p.W.map((r) => r.slice()), b: p.b.slice(), x: p.x.slice() };
}
