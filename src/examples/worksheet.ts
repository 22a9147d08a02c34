/** @file The worksheet's two functions, built with named tensors: f(W,x,y) of problem 2(b) and ℓ(x) of 2(e). */
import { Tensor, tensor, randn, relu, sigmoid, tanh } from "../index.js";

/** The activation φ/Φ used by the worksheet's functions. */
export type Activation = "sigmoid" | "tanh" | "relu" | "identity";

/**
 * Applies the named activation.
 * @example
 * activate(tensor([0]), "sigmoid").item(); // 0.5
 */
export function activate(x: Tensor, phi: Activation): Tensor {
  switch (phi) {
    case "sigmoid":
      return sigmoid(x);
    case "tanh":
      return tanh(x);
    case "relu":
      return relu(x);
    case "identity":
      return x;
    default: {
      const never: never = phi;
      throw new Error(`unknown activation ${String(never)}`);
    }
  }
}

/** Inputs of the worksheet's f: W ∈ ℝⁿˣᵈ, b ∈ ℝⁿ, x ∈ ℝᵈ, y ∈ ℝ. */
export interface SeedFInputs {
  W: Tensor;
  b: Tensor;
  x: Tensor;
  y: Tensor;
}

/**
 * Seeded named inputs for f with n rows of W and d features; none requires grad until you set `requiresGrad` on the ones to differentiate.
 * @example
 * const { W, b, x, y } = seedFInputs(3, 2, { seed: 0 });
 */
export function seedFInputs(n: number, d: number, opts: { seed?: number; dtype?: "float32" | "float64" } = {}): SeedFInputs {
  const seed = opts.seed ?? 0;
  const dtype = opts.dtype ?? "float64";
  return {
    W: randn([n, d], { seed, dtype, requiresGrad: true, name: "W" }).mul(0.5).detach().named("W"),
    b: randn([n], { seed: seed + 1, dtype, name: "b" })
      .mul(0.1)
      .detach()
      .named("b"),
    x: randn([d], { seed: seed + 2, dtype, name: "x" }),
    y: tensor(1, { dtype, name: "y" }),
  };
}

/**
 * f(W, x, y) = (y − Σᵢ φ(wᵢᵀx + bᵢ))², built with named intermediates z, s, r, f (worksheet 2(b)).
 * @example
 * const inp = seedFInputs(3, 2); inp.W.requiresGrad = true; seedF(inp, "sigmoid").backward(); inp.W.grad;
 */
export function seedF({ W, b, x, y }: SeedFInputs, phi: Activation = "sigmoid"): Tensor {
  const z = W.matmul(x).add(b).named("z");
  const a = activate(z, phi).named(phi === "identity" ? "φ(z)" : `${phi}(z)`);
  const s = a.sum().named("s");
  const r = y.sub(s).named("r");
  return r.square().named("f");
}

/** Inputs of the worksheet's ℓ: W₁, W₂ ∈ ℝᵈˣᵈ, b, x, y ∈ ℝᵈ. */
export interface SeedLInputs {
  W1: Tensor;
  W2: Tensor;
  b: Tensor;
  x: Tensor;
  y: Tensor;
}

/**
 * Seeded named inputs for ℓ of size d.
 * @example
 * const inp = seedLInputs(4, { seed: 1 });
 */
export function seedLInputs(d: number, opts: { seed?: number; dtype?: "float32" | "float64" } = {}): SeedLInputs {
  const seed = opts.seed ?? 0;
  const dtype = opts.dtype ?? "float64";
  const scale = 1 / Math.sqrt(d);
  return {
    W1: randn([d, d], { seed, dtype }).mul(scale).detach().named("W₁"),
    W2: randn([d, d], { seed: seed + 1, dtype })
      .mul(scale)
      .detach()
      .named("W₂"),
    b: randn([d], { seed: seed + 2, dtype })
      .mul(0.1)
      .detach()
      .named("b"),
    x: randn([d], { seed: seed + 3, dtype }).named("x"),
    y: randn([d], { seed: seed + 4, dtype }).named("y"),
  };
}

/**
 * ℓ(x) = ½‖W₂Φ(W₁x + b) − y‖², with the worksheet's intermediates x₁ … x₄ named (2(e)).
 * @example
 * const inp = seedLInputs(4); inp.W1.requiresGrad = true; seedL(inp, "tanh").backward();
 */
export function seedL({ W1, W2, b, x, y }: SeedLInputs, phi: Activation = "tanh"): Tensor {
  const x1 = W1.matmul(x).add(b).named("x₁");
  const x2 = activate(x1, phi).named("x₂");
  const x3 = W2.matmul(x2).named("x₃");
  const x4 = x3.sub(y).named("x₄");
  return x4.square().sum().mul(0.5).named("ℓ");
}
