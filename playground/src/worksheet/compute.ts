/** @file The worksheet's f built with chainrule (named tensors, so its graph reads like the worksheet), its closed-form gradient, and finite differences. */
import { numericalGrad, relu, sigmoid, tanh, tensor, type Tensor } from "../chainrule.js";
import type { Params, Phi } from "./params.js";

/** f and the leaves it was built from; W and b need gradients. */
export interface Built {
  f: Tensor;
  W: Tensor;
  b: Tensor;
}

/** φ applied with chainrule, named like the worksheet's φ(z). */
function activate(z: Tensor, phi: Phi, subgradient: 0 | 1): Tensor {
  const a = phi === "sigmoid" ? sigmoid(z) : phi === "tanh" ? tanh(z) : relu(z, { subgradient });
  return a.named(`${phi === "sigmoid" ? "σ" : phi}(z)`);
}

/** f(W, b) with x, y and φ fixed: (y − Σᵢ φ(wᵢᵀx + bᵢ))². */
function fOf(W: Tensor, b: Tensor, p: Params): Tensor {
  const x = tensor(p.x, { dtype: "float64", name: "x" });
  const y = tensor(p.y, { dtype: "float64", name: "y" });
  const z = W.matmul(x).add(b).named("z");
  const s = activate(z, p.phi, p.subgradient).sum().named("s");
  return y.sub(s).named("r").square().named("f");
}

/**
 * Builds f in float64 and runs backward(), so W.grad and b.grad hold autodiff's answer.
 * @example
 * const { f, W } = buildF(defaultParams()); W.grad!.toArray();
 */
export function buildF(p: Params): Built {
  const W = tensor(p.W, { dtype: "float64", requiresGrad: true, name: "W" });
  const b = tensor(p.b, { dtype: "float64", requiresGrad: true, name: "b" });
  const f = fOf(W, b, p);
  f.backward();
  return { f, W, b };
}

/** φ(z) and φ′(z) in closed form (worksheet problem 1), with ReLU′(0) the chosen subgradient. */
export function phiAndSlope(z: number, p: Params): [number, number] {
  if (p.phi === "sigmoid") {
    const s = 1 / (1 + Math.exp(-z));
    return [s, s * (1 - s)];
  }
  if (p.phi === "tanh") {
    const t = Math.tanh(z);
    return [t, 1 - t * t];
  }
  return [Math.max(z, 0), z > 0 ? 1 : z < 0 ? 0 : p.subgradient];
}

/** The pre-activations zᵢ = wᵢᵀx + bᵢ. */
export function preActivations(p: Params): number[] {
  return p.W.map((w, i) => w.reduce((acc, wij, j) => acc + wij * p.x[j]!, p.b[i]!));
}

/**
 * The worksheet's answer 2(c) for any φ: ∂f/∂wᵢ = −2r φ′(zᵢ) xᵀ and ∂f/∂bᵢ = −2r φ′(zᵢ), with r = y − Σᵢ φ(zᵢ).
 * @example
 * closedForm(defaultParams()).b; // three numbers
 */
export function closedForm(p: Params): { f: number; W: number[][]; b: number[] } {
  const z = preActivations(p);
  const pairs = z.map((zi) => phiAndSlope(zi, p));
  const r = p.y - pairs.reduce((acc, [a]) => acc + a, 0);
  const b = pairs.map(([, slope]) => -2 * r * slope);
  return { f: r * r, W: b.map((gb) => p.x.map((xj) => gb * xj)), b };
}

/**
 * Central finite differences of f with chainrule's numericalGrad (float64).
 * @example
 * numeric(defaultParams()).W[0][0];
 */
export function numeric(p: Params): { W: number[][]; b: number[] } {
  const W = tensor(p.W, { dtype: "float64" });
  const b = tensor(p.b, { dtype: "float64" });
  const [gW, gb] = numericalGrad((w, bb) => fOf(w, bb, p), [W, b]);
  return { W: gW!.toArray() as number[][], b: gb!.toArray() as number[] };
}
