/** @file Normalisation: layerNorm as one primitive (one pass per row each way) then its affine part, and batchNorm as a composite. */
import { noGrad } from "../tape/grad-mode.js";
import { ShapeError, ValueError } from "../errors.js";
import { fmtShape, sizeOf } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { backend } from "../backends/registry.js";
import { allocateOutput } from "../tensor/dtype.js";
import { checkTensor, constOutput, result } from "./apply.js";
import { ATOM } from "./expr.js";
import { f1, type PrimitiveTable } from "./primitive.js";
import { add, mul, sub } from "./binary.js";
import { reshape } from "./movement.js";
import { mean } from "./reduce.js";
import { reciprocal, sqrt, square } from "./unary.js";

/**
 * Layer normalisation over the last axes (those of `normalizedShape`):
 * y = (x − E[x]) / √(Var[x] + ε) · weight + bias, with the biased variance (like PyTorch).
 * @example
 * layerNorm(tensor([[1, 2, 3]]), [3]).toArray(); // [[-1.22, 0, 1.22]] (about)
 */
export function layerNorm(x: Tensor, normalizedShape: readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  checkTensor(x, "layerNorm");
  const k = normalizedShape.length;
  const tail = x.shape.slice(x.ndim - k);
  if (k === 0 || k > x.ndim || fmtShape(tail) !== fmtShape(normalizedShape)) {
    throw new ShapeError(`layerNorm: the last axes of ${x.describe()} must be normalizedShape ${fmtShape(normalizedShape)}.`);
  }
  for (const [name, p] of [
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (p && fmtShape(p.shape) !== fmtShape(normalizedShape)) {
      throw new ShapeError(`layerNorm: ${name} ${p.describe()} must have normalizedShape ${fmtShape(normalizedShape)}.`);
    }
  }
  let y = normalizeRows(x, { n: sizeOf(normalizedShape), eps });
  if (weight) y = mul(y, weight);
  if (bias) y = add(y, bias);
  return y;
}

/** Options of batchNorm. */
export interface BatchNormOptions {
  /** Normalise with the batch's statistics and update the running ones (default false: use the running ones). */
  training?: boolean;
  /** Weight of the new batch statistic in the running average (default 0.1, like PyTorch). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Batch normalisation of x [batch, channels, ...] per channel (axis 1). Training: with the batch's
 * mean and biased variance, and the running statistics updated in place,
 * running ← (1 − momentum)·running + momentum·batch (the variance unbiased, like PyTorch).
 * Eval: with the running statistics. Then · weight + bias per channel.
 * @example
 * const rm = zeros([2]), rv = ones([2]);
 * batchNorm(randn([8, 2]), rm, rv, null, null, { training: true }).shape; // [8, 2]
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight?: Tensor | null,
  bias?: Tensor | null,
  opts: BatchNormOptions = {},
): Tensor {
  checkTensor(x, "batchNorm");
  if (x.ndim < 2) throw new ShapeError(`batchNorm: expects x [batch, channels, ...], got ${x.describe()}.`);
  const c = x.shape[1]!;
  for (const [name, p] of [
    ["runningMean", runningMean],
    ["runningVar", runningVar],
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    if (p && (p.ndim !== 1 || p.shape[0] !== c))
      throw new ShapeError(`batchNorm: ${name} must be [${c}] (one per channel of ${x.describe()}), got ${p.describe()}.`);
  }
  const training = opts.training ?? false;
  const momentum = opts.momentum ?? 0.1;
  const eps = opts.eps ?? 1e-5;
  const perChannel = [1, c, ...x.shape.slice(2).map(() => 1)];
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const count = x.size / c;
  const w = weight ? reshape(weight, perChannel) : null;
  const b = bias ? reshape(bias, perChannel) : null;
  if (!training) {
    if (!runningMean || !runningVar)
      throw new ValueError(`batchNorm: eval mode needs runningMean and runningVar; pass them or use training: true.`);
    // y = x·s + (b − μ·s) with s = w/√(σ² + ε): two full-size ops, the rest per channel
    let s = reciprocal(sqrt(add(reshape(runningVar, perChannel), eps)));
    if (w) s = mul(s, w);
    const shift = sub(b ?? 0, mul(reshape(runningMean, perChannel), s));
    return add(mul(x, s), shift);
  }
  if (count < 2) throw new ValueError(`batchNorm: training needs more than one value per channel, got ${x.describe()}.`);
  const mu = mean(x, axes, true);
  const centred = sub(x, mu);
  const v = mean(square(centred), axes, true);
  noGrad(() => {
    if (runningMean) runningMean.data = add(mul(runningMean, 1 - momentum), mul(reshape(mu, [c]), momentum)).storage;
    if (runningVar) runningVar.data = add(mul(runningVar, 1 - momentum), mul(reshape(v, [c]), (momentum * count) / (count - 1))).storage;
  });
  let s = reciprocal(sqrt(add(v, eps)));
  if (w) s = mul(s, w);
  const y = mul(centred, s);
  return b ? add(y, b) : y;
}

/** The attributes layerNorm records: the length n of each normalised row (the last axes, contiguous) and ε. */
export type LayerNormAttrs = { readonly n: number; readonly eps: number };

/** (x − μ)/√(σ² + ε) over each run of `a.n` contiguous elements: the primitive behind layerNorm. */
function normalizeRows(x: Tensor, a: LayerNormAttrs): Tensor {
  const out = allocateOutput(x.dtype, x.size);
  backend().layerNorm(x.storage, rowsOf(x, a), a.n, a.eps, out);
  return result("layerNorm", out, x.shape.slice(), [x], a);
}

/** How many rows of `a.n` elements x holds (none when the rows are empty). */
function rowsOf(x: Tensor, a: LayerNormAttrs): number {
  return a.n === 0 ? 0 : x.size / a.n;
}

/** The mean over the last axes holding `n` elements of x, kept as size-1 axes (x itself when n is 1). */
function rowMean(x: Tensor, n: number): Tensor {
  const axes: number[] = [];
  for (let i = x.ndim - 1, left = n; left > 1; i--) {
    axes.push(i);
    left /= x.shape[i]!;
  }
  return axes.length === 0 ? x : mean(x, axes, true);
}

/**
 * The record of layerNorm's normalisation (internal: read through the registry). Forward and the
 * fast derivative are one pass per row each; the composed rule below is the same derivative in ops,
 * so second derivatives flow through it.
 * @internal
 */
export const normPrimitives = {
  // x̂ = (x − μ)·r, r = 1/√(σ² + ε): ∂x̂ᵢ/∂xⱼ = r·(δᵢⱼ − 1/n − x̂ᵢx̂ⱼ/n), so ∂L/∂x = r·(G − mean(G) − x̂·mean(G·x̂))
  layerNorm: {
    derivative: "∂x̂ᵢ/∂xⱼ = (δᵢⱼ − 1/n − x̂ᵢx̂ⱼ/n)/√(σ² + ε), x̂ = (x − μ)/√(σ² + ε)",
    latex:
      "\\frac{\\partial \\hat{x}_i}{\\partial x_j} = \\frac{\\delta_{ij} - \\frac{1}{n} - \\frac{\\hat{x}_i \\hat{x}_j}{n}}{\\sqrt{\\sigma^2 + \\varepsilon}}",
    vjp: (g, [x], y, a: LayerNormAttrs) => {
      const r = reciprocal(sqrt(add(rowMean(square(sub(x!, rowMean(x!, a.n))), a.n), a.eps)));
      return [mul(r, sub(sub(g, rowMean(g, a.n)), mul(y, rowMean(mul(g, y), a.n))))];
    },
    fastVjp: (g, [x], _y, a: LayerNormAttrs) => {
      const out = allocateOutput(g.dtype, g.size);
      backend().layerNormGrad(g.storage, x!.storage, rowsOf(g, a), a.n, a.eps, out);
      return [constOutput(out, g.shape.slice())];
    },
    rerun: ([x], a: LayerNormAttrs) => normalizeRows(x!, a),
    glyph: ["layerNorm", "\\operatorname{layerNorm}"],
    // the Jacobian of each row: (δ − 1/n − x̂·x̂ᵀ/n)/σ, x̂ the normalised row
    local: (_i, _ins, a: LayerNormAttrs) =>
      f1({
        text: `(δ − 1/${a.n} − x̂·x̂ᵀ/${a.n})/σ`,
        latex: `\\frac{\\delta - \\frac{1}{${a.n}} - \\frac{\\hat{x} \\hat{x}^\\top}{${a.n}}}{\\sigma}`,
        prec: ATOM,
      }),
  },
} satisfies PrimitiveTable;
