/** @file Convolution: conv2d (a primitive: im2col + the backend's matrix product) and conv1d over it. */
import { isGradEnabled, noGrad } from "../tape/grad-mode.js";
import { ShapeError, ValueError } from "../errors.js";
import { atom } from "./expr.js";
import { Tensor } from "../tensor/tensor.js";
import { ones } from "../tensor/create.js";
import { asTensor, checkTensor, result } from "./apply.js";
import { add } from "./binary.js";
import { matmul } from "./matmul.js";
import { reshape } from "./movement.js";
import { f1, one, type PrimitiveTable } from "./primitive.js";
import { sum } from "./reduce.js";
import { squeeze, unsqueeze } from "./shape-composites.js";
import { foldWith, geometry, unfoldWith, windowAttrs, type Pair, type WindowAttrs, type WindowOptions } from "./window.js";

/** Options of conv2d: stride, zero padding and dilation (a number or [h, w]), and the number of channel groups. */
export interface Conv2dOptions extends WindowOptions {
  groups?: number;
}

/** The attributes conv2d records: its window and its groups. */
export type ConvAttrs = { readonly window: WindowAttrs; readonly groups: number };

/**
 * 2-d cross-correlation (what deep learning calls convolution), NCHW like PyTorch:
 * y[n, o, i, j] = b[o] + Σ_{c in o's group, p, q} W[o, c, p, q] · x[n, c, i·s + p·d − pad, j·s + q·d − pad],
 * with x [batch, inChannels, h, w], W [outChannels, inChannels/groups, kh, kw] and b [outChannels].
 * The output is [batch, outChannels, oh, ow] with oh = ⌊(h + 2·pad − d·(kh − 1) − 1)/s⌋ + 1.
 * Runs as im2col plus one batched matrix product (the backend's GEMM).
 * @example
 * const x = randn([1, 1, 5, 5]);
 * conv2d(x, ones([1, 1, 3, 3]), null, { padding: 1 }).shape; // [1, 1, 5, 5]
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  checkTensor(x, "conv2d");
  const w = asTensor(weight, x, "conv2d");
  const b = bias == null ? null : asTensor(bias, x, "conv2d");
  const groups = opts.groups ?? 1;
  if (w.ndim !== 4) {
    throw new ShapeError(`conv2d: the weight must be [outChannels, inChannels/groups, kh, kw], got ${w.describe()}.`);
  }
  const a = windowAttrs([w.shape[2]!, w.shape[3]!], opts, "conv2d");
  const attrs: ConvAttrs = { window: a, groups };
  checkShapes(x, w, b, groups);
  const { y, cols } = noGrad(() => forwardOf(x, w, b, attrs));
  const out = result("conv2d", y.storage, y.shape.slice(), b ? [x, w, b] : [x, w], attrs);
  if (out.requiresGrad && w.requiresGrad) savedColumns.set(out, cols);
  return out;
}

/**
 * unfold(x) of each recorded conv2d whose weight needs a gradient, kept from the forward pass for
 * ∂L/∂W in a plain backward (saves one im2col per step, like PyTorch's saved columns); entries go
 * when the output tensor does. A backward that records a graph unfolds x again, differentiably.
 */
const savedColumns = new WeakMap<Tensor, Tensor>();

function checkShapes(x: Tensor, w: Tensor, b: Tensor | null, groups: number): void {
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`conv2d: groups must be a positive integer, got ${groups}.`);
  geometry(x.shape, windowAttrs([w.shape[2]!, w.shape[3]!], {}, "conv2d"), "conv2d");
  const [o, cg] = w.shape as [number, number];
  const c = x.shape[1]!;
  if (c % groups !== 0 || o % groups !== 0 || cg * groups !== c) {
    throw new ShapeError(
      `conv2d: input ${x.describe()} has ${c} channels and weight ${w.describe()} expects ${cg}×${groups} (inChannels/groups × groups) with ${o} outputs; ` +
        `both channel counts must divide by groups and the weight's second axis must be inChannels/groups.`,
    );
  }
  if (b && (b.ndim !== 1 || b.shape[0] !== o))
    throw new ShapeError(`conv2d: the bias must be [${o}] (one per output channel), got ${b.describe()}.`);
}

/** Sizes of the product: x's columns [n, G, K, L] and W as [G, O/G, K]. */
function sizes(x: Tensor, w: Tensor, attrs: ConvAttrs) {
  const g = geometry(x.shape, attrs.window, "conv2d");
  const G = attrs.groups;
  const K = (g.c / G) * g.kh * g.kw;
  return { g, G, K, O: w.shape[0]!, L: g.oh * g.ow };
}

/** The forward in tensor ops: unfold, one batched product per group, bias; returns the columns too. */
function forwardOf(x: Tensor, w: Tensor, b: Tensor | null, attrs: ConvAttrs): { y: Tensor; cols: Tensor } {
  const { g, G, K, O, L } = sizes(x, w, attrs);
  const cols = reshape(unfoldWith(x, attrs.window), [g.n, G, K, L]);
  const y = reshape(matmul(reshape(w, [G, O / G, K]), cols), [g.n, O, g.oh, g.ow]);
  return { y: b ? add(y, reshape(b, [O, 1, 1])) : y, cols };
}

/**
 * 1-d convolution over x [batch, inChannels, length] with W [outChannels, inChannels/groups, k]:
 * conv2d on a height of 1.
 * @example
 * conv1d(randn([2, 3, 10]), randn([4, 3, 3]), null, { padding: 1 }).shape; // [2, 4, 10]
 */
export function conv1d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  opts: { stride?: number; padding?: number; dilation?: number; groups?: number } = {},
): Tensor {
  checkTensor(x, "conv1d");
  if (x.ndim !== 3 || !(weight instanceof Tensor) || weight.ndim !== 3) {
    throw new ShapeError(
      `conv1d: expects x [batch, channels, length] and weight [outChannels, inChannels/groups, k], got ${x.describe()} and ${weight instanceof Tensor ? weight.describe() : typeof weight}.`,
    );
  }
  const one1 = (v: number | undefined, d: number): Pair => [d, v ?? d];
  const y = conv2d(unsqueeze(x, 2), unsqueeze(weight, 2), bias, {
    stride: one1(opts.stride, 1),
    padding: [0, opts.padding ?? 0],
    dilation: one1(opts.dilation, 1),
    groups: opts.groups,
  });
  return squeeze(y, 2);
}

/**
 * The record of conv2d (internal: read through the registry). Its gradients are themselves a
 * product and a fold, so grad(grad(f)) works.
 * @internal
 */
export const convPrimitives = {
  // with X = unfold(x) and G = ∂L/∂y per group: ∂L/∂x = fold(Wᵀ G), ∂L/∂W = Σₙ G Xᵀ, ∂L/∂b = Σ_{n,i,j} G
  conv2d: {
    derivative: "∂L/∂x = fold(Wᵀ·G), ∂L/∂W = Σₙ G·unfold(x)ᵀ, ∂L/∂b = Σ G",
    latex:
      "\\frac{\\partial L}{\\partial x} = \\operatorname{fold}(W^\\top G),\\ \\frac{\\partial L}{\\partial W} = \\textstyle\\sum_n G \\operatorname{unfold}(x)^\\top,\\ \\frac{\\partial L}{\\partial b} = \\textstyle\\sum G",
    vjp: (gy, [x, w], y, attrs: ConvAttrs, needs) => {
      const { g, G, K, O, L } = sizes(x!, w!, attrs);
      const gr = reshape(gy, [g.n, G, O / G, L]);
      const wr = reshape(w!, [G, O / G, K]);
      const gx = needs[0]
        ? foldWith(reshape(matmul(wr, gr, { transA: true }), [g.n, g.c * g.kh * g.kw, L]), [g.h, g.w], attrs.window)
        : null;
      const cols = () => (!isGradEnabled() && savedColumns.get(y)) || reshape(unfoldWith(x!, attrs.window), [g.n, G, K, L]);
      const gw = needs[1] ? reshape(sum(matmul(gr, cols(), { transB: true }), 0), w!.shape) : null;
      // Σ over i, j as a product with a column of ones (the backend's GEMM), then over n
      const gb = needs[2] ? sum(reshape(matmul(reshape(gy, [g.n * O, L]), ones([L, 1], { dtype: gy.dtype })), [g.n, O]), 0) : null;
      return [gx, gw, gb];
    },
    rerun: ([x, w, b], attrs: ConvAttrs) =>
      conv2d(x!, w!, b ?? null, {
        stride: attrs.window.stride,
        padding: attrs.window.padding,
        dilation: attrs.window.dilation,
        groups: attrs.groups,
      }),
    glyph: ["conv2d", "\\operatorname{conv2d}"],
    local: (i) => (i === 0 ? f1(atom("Wᵀ⋆", "W^\\top \\star")) : i === 1 ? f1(atom("x⋆", "x \\star")) : one()),
  },
} satisfies PrimitiveTable;
