/** @file Sliding windows: unfold (im2col) and fold (col2im), each the other's adjoint — the primitives under conv2d and pooling. */
import { backend } from "../backends/registry.js";
import type { WindowGeometry } from "../backends/kernels.js";
import { ShapeError, ValueError } from "../errors.js";
import { atom } from "./expr.js";
import { allocate, allocateOutput } from "../tensor/dtype.js";
import { fmtShape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTensor, result } from "./apply.js";
import { f1, type PrimitiveTable } from "./primitive.js";

/** A size per spatial axis: one number for both, or [height, width]. */
export type Pair = number | readonly [number, number];

/** Options of a 2-d window: step between windows, zero padding on each side, spacing of kernel taps. */
export interface WindowOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
}

/** The attributes unfold and fold record: kernel, stride, padding, dilation ([h, w] each) and the value read in the padding. */
export type WindowAttrs = {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padValue: number;
};

/** Reads a `Pair` option as [h, w], checking each is an integer ≥ `min`. */
export function pair(v: Pair | undefined, dflt: number, what: string, op: string, min: number): [number, number] {
  const p: readonly number[] = v === undefined ? [dflt, dflt] : typeof v === "number" ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((d) => Number.isInteger(d) && d >= min)) {
    throw new ValueError(`${op}: ${what} must be an integer ≥ ${min} or a pair [h, w] of them, got ${JSON.stringify(v)}.`);
  }
  return [p[0]!, p[1]!];
}

/** Builds the recorded attributes of a window from user options. */
export function windowAttrs(kernel: Pair, opts: WindowOptions, op: string, padValue = 0): WindowAttrs {
  return {
    kernel: pair(kernel, 1, "kernelSize", op, 1),
    stride: pair(opts.stride, 1, "stride", op, 1),
    padding: pair(opts.padding, 0, "padding", op, 0),
    dilation: pair(opts.dilation, 1, "dilation", op, 1),
    padValue,
  };
}

/** The full geometry of a window over an input [n, c, h, w]; throws a ShapeError when no window fits. */
export function geometry(shape: readonly number[], a: WindowAttrs, op: string): WindowGeometry {
  if (shape.length !== 4) {
    throw new ShapeError(
      `${op}: expects an input [batch, channels, height, width], got ${fmtShape(shape)}; add the missing axes with unsqueeze.`,
    );
  }
  const [n, c, h, w] = shape as [number, number, number, number];
  const [kh, kw] = a.kernel;
  const [sh, sw] = a.stride;
  const [ph, pw] = a.padding;
  const [dh, dw] = a.dilation;
  const oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  if (oh < 1 || ow < 1) {
    throw new ShapeError(
      `${op}: a ${kh}×${kw} window (dilation ${dh}×${dw}) does not fit the ${h}×${w} input padded by ${ph}×${pw}; ` +
        `use a smaller kernel or more padding.`,
    );
  }
  return { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow };
}

/**
 * im2col (PyTorch's `unfold`): every kh×kw window of x [n, c, h, w] as a column of the result
 * [n, c·kh·kw, oh·ow]; row c·kh·kw + i·kw + j holds tap (i, j) of channel c. Linear in x; its
 * adjoint is `fold`. `padValue` (default 0) is what windows read outside x (−∞ for max pooling).
 * @example
 * unfold(arange(16).reshape([1, 1, 4, 4]), 2, { stride: 2 }).shape; // [1, 4, 4]
 */
export function unfold(x: Tensor, kernelSize: Pair, opts: WindowOptions & { padValue?: number } = {}): Tensor {
  checkTensor(x, "unfold");
  return unfoldWith(x, windowAttrs(kernelSize, opts, "unfold", opts.padValue ?? 0));
}

/** unfold with recorded attributes. */
export function unfoldWith(x: Tensor, a: WindowAttrs): Tensor {
  const g = geometry(x.shape, a, "unfold");
  const out = allocateOutput(x.dtype, g.n * g.c * g.kh * g.kw * g.oh * g.ow);
  backend().im2col(x.storage, g, a.padValue, out);
  return result("unfold", out, [g.n, g.c * g.kh * g.kw, g.oh * g.ow], [x], a);
}

/**
 * col2im (PyTorch's `fold`): sums columns [n, c·kh·kw, L] back onto an image [n, c, h, w] of
 * `outputSize` [h, w], each column entry onto the pixel its window tap covers (padding dropped).
 * The adjoint of `unfold`; `fold(unfold(x))` multiplies each pixel by the number of windows over it.
 * @example
 * fold(ones([1, 4, 4]), [4, 4], 2, { stride: 2 }).shape; // [1, 1, 4, 4]
 */
export function fold(cols: Tensor, outputSize: Pair, kernelSize: Pair, opts: WindowOptions = {}): Tensor {
  checkTensor(cols, "fold");
  const [h, w] = pair(outputSize, 1, "outputSize", "fold", 1);
  return foldWith(cols, [h, w], windowAttrs(kernelSize, opts, "fold"));
}

/** fold with recorded attributes. */
export function foldWith(cols: Tensor, size: readonly [number, number], a: WindowAttrs): Tensor {
  const [kh, kw] = a.kernel;
  const rows = cols.shape[1] ?? 0;
  if (cols.ndim !== 3 || rows % (kh * kw) !== 0) {
    throw new ShapeError(`fold: expects columns [batch, channels·${kh}·${kw}, windows], got ${cols.describe()}.`);
  }
  const c = rows / (kh * kw);
  const g = geometry([cols.shape[0]!, c, size[0], size[1]], a, "fold");
  if (g.oh * g.ow !== cols.shape[2]) {
    throw new ShapeError(
      `fold: ${cols.describe()} has ${cols.shape[2]} windows but a ${size[0]}×${size[1]} image gives ${g.oh}×${g.ow} = ${g.oh * g.ow}; check outputSize, stride and padding.`,
    );
  }
  const out = allocate(cols.dtype, g.n * c * size[0] * size[1]);
  backend().col2im(cols.storage, g, out);
  return result("fold", out, [g.n, c, size[0], size[1]], [cols], { ...a, padValue: 0 });
}

/**
 * The records of unfold and fold (internal: read through the registry): linear maps, each the
 * other's adjoint, so their gradients (and all higher ones) are each other.
 * @internal
 */
export const windowPrimitives = {
  // y = U x (a copy of windows): ∂L/∂x = Uᵀ G = fold(G)
  unfold: {
    derivative: "∂y/∂x = U (window copy); ∂L/∂x = fold(G)",
    latex: "\\frac{\\partial L}{\\partial x} = U^\\top G = \\operatorname{fold}(G)",
    vjp: (g, [x], _y, a: WindowAttrs) => [foldWith(g, [x!.shape[2]!, x!.shape[3]!], a)],
    rerun: ([x], a: WindowAttrs) => unfoldWith(x!, a),
    glyph: ["unfold", "\\operatorname{unfold}"],
    local: () => f1(atom("U")),
  },
  // y = Uᵀ c (columns summed back): ∂L/∂c = U G = unfold(G)
  fold: {
    derivative: "∂y/∂c = Uᵀ (windows summed back); ∂L/∂c = unfold(G)",
    latex: "\\frac{\\partial L}{\\partial c} = U G = \\operatorname{unfold}(G)",
    vjp: (g, _c, _y, a: WindowAttrs) => [unfoldWith(g, a)],
    rerun: ([c], a: WindowAttrs, outShape) => foldWith(c!, [outShape[2]!, outShape[3]!], a),
    glyph: ["fold", "\\operatorname{fold}"],
    local: () => f1(atom("Uᵀ", "U^\\top")),
  },
} satisfies PrimitiveTable;
