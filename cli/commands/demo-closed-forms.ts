/** @file The worksheet's closed forms in plain arithmetic on number arrays — independent of chainrule's ops and autodiff. */

/** σ(x) = 1/(1 + e⁻ˣ). */
export const sig = (x: number): number => 1 / (1 + Math.exp(-x));

/** 1(a): σ′(x) = σ(x)(1 − σ(x)). */
export const sigmoidPrime = (x: number): number => sig(x) * (1 - sig(x));

/** 1(b): ReLU′(x) = 1 for x > 0, 0 for x < 0, and the chosen subgradient s at 0. */
export const reluPrime = (x: number, s: 0 | 1): number => (x > 0 ? 1 : x < 0 ? 0 : s);

/** 1(c): tanh′(x) = 4σ′(2x). */
export const tanhPrime = (x: number): number => 4 * sigmoidPrime(2 * x);

/** Φ and Φ′ for the activations of 2(e). */
export const PHI: Record<"identity" | "tanh" | "sigmoid" | "relu", { f: (x: number) => number; df: (x: number) => number }> = {
  identity: { f: (x) => x, df: () => 1 },
  tanh: { f: Math.tanh, df: tanhPrime },
  sigmoid: { f: sig, df: sigmoidPrime },
  relu: { f: (x) => Math.max(x, 0), df: (x) => reluPrime(x, 0) },
};

/**
 * y = A·v for a row-major m×n matrix.
 * @example
 * matVec([1, 2, 3, 4], [1, 1], 2, 2); // [3, 7]
 */
export function matVec(A: ArrayLike<number>, v: ArrayLike<number>, m: number, n: number): number[] {
  const out = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i]! += A[i * n + j]! * v[j]!;
  return out;
}

/**
 * y = Aᵀ·v for a row-major m×n matrix.
 * @example
 * matTVec([1, 2, 3, 4], [1, 1], 2, 2); // [4, 6]
 */
export function matTVec(A: ArrayLike<number>, v: ArrayLike<number>, m: number, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j]! += A[i * n + j]! * v[i]!;
  return out;
}

/**
 * u·vᵀ, row-major.
 * @example
 * outer([1, 2], [3, 4]); // [3, 4, 6, 8]
 */
export function outer(u: ArrayLike<number>, v: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < u.length; i++) for (let j = 0; j < v.length; j++) out.push(u[i]! * v[j]!);
  return out;
}

/** The worksheet's f of 2(b)–(d), as plain arrays: W is n×d row-major. */
export interface FArrays {
  W: ArrayLike<number>;
  b: ArrayLike<number>;
  x: ArrayLike<number>;
  y: number;
  n: number;
  d: number;
}

/**
 * 2(c) with φ = σ: f = r², r = y − Σσ(zᵢ), zᵢ = wᵢᵀx + bᵢ, and the worksheet's
 * ∂f/∂wᵢ = 2(Σσ(zᵢ) − y)σ(zᵢ)(1 − σ(zᵢ))xᵀ, ∂f/∂bᵢ = 2(Σσ(zᵢ) − y)σ(zᵢ)(1 − σ(zᵢ)), ∂f/∂y = 2r.
 * @example
 * seedFClosed({ W: [1, 0], b: [0], x: [0.5, 2], y: 1, n: 1, d: 2 }).db; // [2(σ(0.5) − 1)σ′(0.5)]
 */
export function seedFClosed({ W, b, x, y, n, d }: FArrays): { f: number; r: number; dW: number[]; db: number[]; dy: number } {
  const z = matVec(W, x, n, d).map((v, i) => v + b[i]!);
  const total = z.reduce((s, zi) => s + sig(zi), 0);
  const r = y - total;
  const db = z.map((zi) => 2 * (total - y) * sig(zi) * (1 - sig(zi)));
  return { f: r * r, r, dW: outer(db, x), db, dy: 2 * r };
}

/**
 * 2(d): one gradient-descent step of the worksheet, wᵢ ← wᵢ − 2η(Σσ − y)σ(1−σ)x and bᵢ likewise.
 * @example
 * seedFStep(arrays, 0.5).W; // W − 0.5·∂f/∂W
 */
export function seedFStep(a: FArrays, eta: number): FArrays {
  const { dW, db } = seedFClosed(a);
  return { ...a, W: Array.from(a.W, (w, k) => w - eta * dW[k]!), b: Array.from(a.b, (v, i) => v - eta * db[i]!) };
}

/** The worksheet's ℓ of 2(e)–(f), as plain arrays: W₁, W₂ are d×d row-major. */
export interface LArrays {
  W1: ArrayLike<number>;
  W2: ArrayLike<number>;
  b: ArrayLike<number>;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  d: number;
}

/**
 * 2(e): x₁ = W₁x + b, x₂ = Φ(x₁), x₃ = W₂x₂, x₄ = x₃ − y, ℓ = ½‖x₄‖², and backwards
 * ∂ℓ/∂x₃ = x₄, ∂ℓ/∂x₂ = W₂ᵀx₄, ∂ℓ/∂W₂ = x₄x₂ᵀ, ∂ℓ/∂x₁ = ∂ℓ/∂x₂ ⊙ Φ′(x₁), ∂ℓ/∂x = W₁ᵀ∂ℓ/∂x₁,
 * ∂ℓ/∂b = ∂ℓ/∂x₁, ∂ℓ/∂W₁ = ∂ℓ/∂x₁ xᵀ (column-vector convention).
 * @example
 * seedLClosed({ W1, W2, b, x, y, d: 4 }, "tanh").dW1.length; // 16
 */
export function seedLClosed(
  { W1, W2, b, x, y, d }: LArrays,
  phi: keyof typeof PHI,
): { loss: number; dx: number[]; dW1: number[]; dW2: number[]; db: number[] } {
  const x1 = matVec(W1, x, d, d).map((v, i) => v + b[i]!);
  const x2 = x1.map(PHI[phi].f);
  const x4 = matVec(W2, x2, d, d).map((v, i) => v - y[i]!);
  const loss = 0.5 * x4.reduce((s, v) => s + v * v, 0);
  const dx2 = matTVec(W2, x4, d, d);
  const dx1 = dx2.map((g, i) => g * PHI[phi].df(x1[i]!));
  return { loss, dx: matTVec(W1, dx1, d, d), dW1: outer(dx1, x), dW2: outer(x4, x2), db: dx1 };
}

/**
 * 2(f), Φ = identity: W₁ ← W₁ − η W₂ᵀ(W₂(W₁x + b) − y)xᵀ and W₂ ← W₂ − η(W₂(W₁x + b) − y)(W₁x + b)ᵀ.
 * @example
 * seedLIdentityStep({ W1, W2, b, x, y, d: 4 }, 0.1).W1; // W₁ after one step
 */
export function seedLIdentityStep(a: LArrays, eta: number): LArrays {
  const { d } = a;
  const h = matVec(a.W1, a.x, d, d).map((v, i) => v + a.b[i]!);
  const e = matVec(a.W2, h, d, d).map((v, i) => v - a.y[i]!);
  const g1 = outer(matTVec(a.W2, e, d, d), a.x);
  const g2 = outer(e, h);
  return { ...a, W1: Array.from(a.W1, (w, k) => w - eta * g1[k]!), W2: Array.from(a.W2, (w, k) => w - eta * g2[k]!) };
}
