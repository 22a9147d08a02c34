/** @file Central-difference checks of first and second derivatives in float64, for any function of tensors. */
import { gradients, noGrad, tensor, type Tensor } from "../../src/index.js";
import { assertClose } from "./close.js";
import { TestRng } from "./test-rng.js";

/** A function of tensors, as the op table and the golden programs describe them. */
export type TensorFn = (...xs: Tensor[]) => Tensor;

/** A point to differentiate at: one flat float64 array per input, with its shape. */
export interface Point {
  shapes: number[][];
  data: number[][];
}

/** Options of the checks: step, tolerances, and whether to check every element (not only a random direction). */
export interface DerivativeCheckOptions {
  eps: number;
  rtol: number;
  atol: number;
  /** Also compare every partial derivative, one element at a time (for small inputs). */
  full: boolean;
}

/** Leaves over the point's data (float64). */
export function leavesAt(p: Point, data: number[][] = p.data, requiresGrad = true): Tensor[] {
  return data.map((d, i) => tensor(Float64Array.from(d), { shape: p.shapes[i]!, requiresGrad }));
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

const shifted = (data: number[][], dirs: number[][], t: number): number[][] => data.map((d, i) => d.map((x, j) => x + t * dirs[i]![j]!));

const unit = (data: number[][], i: number, j: number): number[][] => data.map((d, k) => d.map((_, l) => (k === i && l === j ? 1 : 0)));

/** Compares an analytic directional derivative of `value` with its central difference, in every requested direction. */
function compareDirections(
  p: Point,
  value: (data: number[][]) => number,
  analytic: number[][],
  dirs: number[][],
  opts: DerivativeCheckOptions,
  scale: number,
  what: string,
): void {
  const tol = { rtol: opts.rtol, atol: opts.atol * scale };
  const fd = (v: number[][]): number => (value(shifted(p.data, v, opts.eps)) - value(shifted(p.data, v, -opts.eps))) / (2 * opts.eps);
  const ana = analytic.reduce((s, g, i) => s + dot(g, dirs[i]!), 0);
  assertClose([ana], [fd(dirs)], tol, `${what}, random direction`);
  if (!opts.full) return;
  p.data.forEach((d, i) => {
    const num = d.map((_, j) => fd(unit(p.data, i, j)));
    assertClose(analytic[i]!, num, tol, `${what}, ∂/∂input ${i}`);
  });
}

/**
 * First derivatives: with a random cotangent u, compares the VJP uᵀJ (from `gradients`) against central
 * differences of φ(x) = ⟨u, f(x)⟩ along a random direction and, if `full`, along every coordinate.
 */
export function checkFirstDerivative(f: TensorFn, p: Point, seed: number, opts: DerivativeCheckOptions): void {
  const rng = new TestRng(seed);
  const xs = leavesAt(p);
  const y = f(...xs);
  if (!y.requiresGrad) throw new Error("first derivative: the output does not require grad although its inputs do");
  const u = rng.normals(y.size);
  const gs = gradients(y, xs, tensor(Float64Array.from(u), { shape: y.shape }));
  gs.forEach((g, i) => {
    if (g.dtype !== "float64" || g.shape.join() !== p.shapes[i]!.join())
      throw new Error(`first derivative: gradient ${i} is ${g.describe()}, expected [${p.shapes[i]!.join(", ")}] float64`);
  });
  const value = (data: number[][]): number => dot(u, noGrad(() => f(...leavesAt(p, data, false))).data);
  const scale = 1 + Math.abs(u.reduce((s, uk, k) => s + Math.abs(uk * y.data[k]!), 0));
  const dirs = p.data.map((d) => rng.normals(d.length));
  compareDirections(
    p,
    value,
    gs.map((g) => Array.from(g.data)),
    dirs,
    opts,
    scale,
    "first derivative",
  );
}

/**
 * Second derivatives: ψ(x) = Σᵢ ⟨wᵢ, (uᵀJ)ᵢ⟩ is a random projection of the VJP; its gradient, taken by
 * differentiating the VJP graph (`gradients(…, { createGraph: true })`), must match central differences
 * of the analytic ψ. Works for linear ops too (the second derivative is then zero).
 */
export function checkSecondDerivative(f: TensorFn, p: Point, seed: number, opts: DerivativeCheckOptions): void {
  const rng = new TestRng(seed ^ 0x9e3779b9);
  const xs = leavesAt(p);
  const y0 = f(...xs);
  const u = tensor(Float64Array.from(rng.normals(y0.size)), { shape: y0.shape });
  const ws = p.data.map((d, i) => tensor(Float64Array.from(rng.normals(d.length)), { shape: p.shapes[i]! }));
  const psiOf = (inputs: Tensor[], createGraph: boolean): Tensor => {
    const gs = gradients(f(...inputs), inputs, u, { createGraph });
    return gs.map((g, i) => g.mul(ws[i]!).sum()).reduce((a, b) => a.add(b));
  };
  const psi = psiOf(xs, true);
  const hs = psi.requiresGrad ? gradients(psi, xs) : xs.map((x) => x.mul(0).detach());
  const value = (data: number[][]): number => psiOf(leavesAt(p, data), false).item();
  const scale = 1 + Math.abs(psi.item());
  const dirs = p.data.map((d) => rng.normals(d.length));
  compareDirections(
    p,
    value,
    hs.map((h) => Array.from(h.data)),
    dirs,
    opts,
    scale,
    "second derivative",
  );
}

/**
 * The float32 VJP uᵀJ against the float64 one at the same (float32-rounded) point: a sanity check of
 * the single-precision derivative kernels, within rtol 1e-4 and an absolute floor scaled to the gradient.
 */
export function checkFloat32Vjp(f: TensorFn, p: Point, seed: number): void {
  const data = p.data.map((d) => d.map(Math.fround));
  const vjpIn = (dtype: "float32" | "float64"): { grads: number[][]; dtypes: string[] } => {
    const Arr = dtype === "float32" ? Float32Array : Float64Array;
    const xs = data.map((d, i) => tensor(Arr.from(d), { shape: p.shapes[i]!, requiresGrad: true }));
    const y = f(...xs);
    const u = tensor(Arr.from(new TestRng(seed).normals(y.size).map(Math.fround)), { shape: y.shape });
    const gs = gradients(y, xs, u);
    return { grads: gs.map((g) => Array.from(g.data)), dtypes: gs.map((g) => g.dtype) };
  };
  const g32 = vjpIn("float32");
  const g64 = vjpIn("float64");
  g32.dtypes.forEach((dt, i) => {
    if (dt !== "float32") throw new Error(`float32 VJP: gradient ${i} is ${dt}`);
  });
  g64.grads.forEach((g, i) => {
    const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    assertClose(g32.grads[i]!, g, { rtol: 1e-4, atol: 1e-5 * scale }, `float32 VJP, input ${i}`);
  });
}
