/** @file The typed kernel table every backend fills: numerics only, no gradient knowledge. */
import type { TypedArray } from "../tensor/dtype.js";
import type { Shape } from "../tensor/shape.js";
import type { StorageOps } from "./storage.js";
import type { UnaryPrimitiveName } from "../ops/primitive-names.js";

/**
 * Elementwise functions of one input: every unary primitive (named by its record in ops/unary.ts or
 * ops/activation.ts), plus `sign` (−1, 0 or 1) and `step` ([x > 0]) for masks. `relu` uses max(x, 0).
 */
export type UnaryKernelName = UnaryPrimitiveName | MaskKernelName;

/** The unary kernels that are no primitive: `sign` (−1, 0 or 1) and `step` ([x > 0]), for masks. */
export type MaskKernelName = "sign" | "step";

/** Elementwise functions of two broadcast inputs; comparisons write 1 or 0. */
export type BinaryKernelName = "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum" | "eq" | "gt" | "lt" | "ge" | "le";

/**
 * Fused derivative kernels for the hottest activations, used by the backward pass when it does not
 * record a graph: `out = g · f′`, with f′ from the output y (sigmoid, tanh) or the input x (relu, square).
 */
export type UnaryGradKernelName = "sigmoid" | "tanh" | "relu0" | "relu1" | "square";

/** `out[i] = g[i] · f′(v[i])`, where v is the op's output or input as the kernel name says. */
export type UnaryGradKernel = (g: TypedArray, v: TypedArray, out: TypedArray) => void;

/** Reductions along axes. */
export type ReduceKernelName = "sum" | "max" | "min";

/** `out[i] = f(x[i])`; `out` has the length of `x`. */
export type UnaryKernel = (x: TypedArray, out: TypedArray) => void;

/** `out = f(a, b)` with NumPy broadcasting of `aShape` and `bShape` to `outShape`. */
export type BinaryKernel = (a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape) => void;

/** Reduces `x` of `shape` over the sorted `axes`; `out` holds the kept axes in order. */
export type ReduceKernel = (x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray) => void;

/** One matrix product `out[m×n] = op(A) · op(B) (+ bias)`, op = transpose when the flag is set; offsets in elements. */
export interface MatmulArgs {
  a: TypedArray;
  aOffset: number;
  b: TypedArray;
  bOffset: number;
  out: TypedArray;
  outOffset: number;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
  /** A fused bias: when given, `out[i, j] += bias[j]` (n values from offset 0) as part of the product (nn.Linear's x Wᵀ + b). */
  bias?: TypedArray | null;
  /** With a bias: then `out = max(out, 0)` (NaN passes, like the relu kernel): nn.Linear followed by nn.ReLU. */
  relu?: boolean;
}

/** A batch of products sharing sizes and flags: product i reads A at `aOffsets[i]`, B at `bOffsets[i]`, writes `out` at i·m·n. */
export interface BatchedMatmulArgs {
  a: TypedArray;
  aOffsets: readonly number[];
  b: TypedArray;
  bOffsets: readonly number[];
  out: TypedArray;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

/**
 * One SGD step in place on a parameter `p` with gradient `g` (PyTorch's torch.optim.SGD; see
 * src/optim/sgd.ts): d = sign·g + wd·p; without momentum (`buf` null) p ← p − lr·d; else
 * b = bm·buf + bk·d is written to `buf` and p ← p − lr·b, or p − lr·(d + mu·b) when `nesterov`.
 * Every backend computes in float64 and rounds once per stored value, so results match bit for bit.
 */
export interface SgdArgs {
  p: TypedArray;
  g: TypedArray;
  buf: TypedArray | null;
  lr: number;
  sign: number;
  wd: number;
  mu: number;
  bm: number;
  bk: number;
  nesterov: boolean;
}

/**
 * One Adam/AdamW step in place (PyTorch's update, see src/optim/adam.ts), for device backends whose
 * values the optimizer's CPU loop cannot reach: p′ = p·shrink, d = sign·g + l2·p′, m ← b1·m + (1−b1)·d,
 * v ← b2·v + (1−b2)·d², v̂ = max(vmax, v) with AMSGrad (written to vmax), p ← p′ − stepSize·m / (√v̂ / bc2Sqrt + eps).
 */
export interface AdamArgs {
  p: TypedArray;
  g: TypedArray;
  m: TypedArray;
  v: TypedArray;
  vmax: TypedArray | null;
  shrink: number;
  sign: number;
  l2: number;
  b1: number;
  b2: number;
  stepSize: number;
  bc2Sqrt: number;
  eps: number;
}

/**
 * One RMSprop step in place (PyTorch's update, see src/optim/rmsprop.ts): d = sign·g + wd·p, s ← α·s + (1−α)·d²,
 * a = √s + eps, or with `ga` (centered) ga ← α·ga + (1−α)·d and a = √(s − ga²) + eps; with `buf` (momentum
 * μ > 0) buf ← μ·buf + d/a and p ← p − lr·buf, else p ← p − lr·d/a.
 */
export interface RmspropArgs {
  p: TypedArray;
  g: TypedArray;
  s: TypedArray;
  ga: TypedArray | null;
  buf: TypedArray | null;
  lr: number;
  alpha: number;
  eps: number;
  wd: number;
  mu: number;
  sign: number;
}

/**
 * One Adagrad step in place (PyTorch's update, see src/optim/adagrad.ts): d = sign·g + wd·p, S ← S + d²,
 * p ← p − clr·d / (√S + eps), clr being the step's decayed learning rate.
 */
export interface AdagradArgs {
  p: TypedArray;
  g: TypedArray;
  sum: TypedArray;
  clr: number;
  eps: number;
  wd: number;
  sign: number;
}

/**
 * Indices a gather reads: a host list, or an int32 array of the running backend (on a device backend it
 * may live on the device, as topk's positions do).
 */
export type IndexList = readonly number[] | Int32Array;

/**
 * The geometry of a 2-d sliding window over x [n, c, h, w]: kernel kh×kw, stride, zero padding
 * and dilation per axis, and the output grid oh×ow. Columns are laid out [n, c·kh·kw, oh·ow] (PyTorch's unfold).
 */
export interface WindowGeometry {
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
  readonly dh: number;
  readonly dw: number;
  readonly oh: number;
  readonly ow: number;
}

/**
 * The complete set of kernels a backend provides; the compiler checks every name is present.
 * The `out` arrays of matmul, the unary, binary and derivative maps arrive uninitialised (in Node
 * large ones are not zeroed first): these kernels must write every element of their output.
 */
export interface Backend {
  readonly name: string;
  /** Making, reading and writing this backend's storage (host backends share `hostStorage`). */
  readonly storage: StorageOps;
  readonly unary: { readonly [K in UnaryKernelName]: UnaryKernel };
  readonly binary: { readonly [K in BinaryKernelName]: BinaryKernel };
  readonly reduce: { readonly [K in ReduceKernelName]: ReduceKernel };
  readonly unaryGrad: { readonly [K in UnaryGradKernelName]: UnaryGradKernel };
  /** `out = cond ? a : b`, all three broadcast to `outShape`. */
  where(
    cond: TypedArray,
    cShape: Shape,
    a: TypedArray,
    aShape: Shape,
    b: TypedArray,
    bShape: Shape,
    out: TypedArray,
    outShape: Shape,
  ): void;
  /** Softmax cross-entropy per row of `rows` × `len` logits z against targets q: Σ_c q_c (lse − z_c) into `out` (float64). */
  softmaxCrossEntropy(z: TypedArray, q: TypedArray, rows: number, len: number, out: Float64Array): void;
  /** Its gradients, row r scaled by `scale[r]`: in z scale·(softmax(z)·Σq − q) into `out`, in q scale·(lse − z) into `outQ`. */
  softmaxCrossEntropyGrad(
    z: TypedArray,
    q: TypedArray,
    scale: Float64Array,
    rows: number,
    len: number,
    out: TypedArray,
    outQ: TypedArray,
  ): void;
  /**
   * Device backends (webgpu): the per-row losses of `softmaxCrossEntropy` into `out` of the tensor's dtype,
   * so they stay on the device (the host form writes a Float64Array). Host backends leave it out.
   */
  softmaxCrossEntropyRows?(z: TypedArray, q: TypedArray, rows: number, len: number, out: TypedArray): void;
  /** log-softmax of `x` (of `shape`) along `axis`: x − max − log Σ exp(x − max), per row, into `out`. */
  logSoftmax(x: TypedArray, shape: Shape, axis: number, out: TypedArray): void;
  /** Its vector–Jacobian product from the output y: `out = g − exp(y)·Σ g` along `axis`. */
  logSoftmaxGrad(g: TypedArray, y: TypedArray, shape: Shape, axis: number, out: TypedArray): void;
  /** Layer normalisation of `rows` contiguous rows of `n`: out = (x − μ)/√(σ² + ε) with each row's mean and biased variance. */
  layerNorm(x: TypedArray, rows: number, n: number, eps: number, out: TypedArray): void;
  /** Its vector–Jacobian product at x: out = r·(g − mean(g) − y·mean(g·y)) per row, y and r = 1/√(σ² + ε) recomputed from x. */
  layerNormGrad(g: TypedArray, x: TypedArray, rows: number, n: number, eps: number, out: TypedArray): void;
  /** One (possibly transposed) matrix product, with an optional bias added to every row. */
  matmul(args: MatmulArgs): void;
  /** A batch of products (batched and broadcast matmul), so a backend can share copies and threads across them. */
  matmulBatched(args: BatchedMatmulArgs): void;
  /** Copies `x` into `out` with its axes permuted by `perm`. */
  transpose(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void;
  /** Copies `x` broadcast from `shape` to `outShape`. */
  expand(x: TypedArray, shape: Shape, out: TypedArray, outShape: Shape): void;
  /** Strided window: `out[i] = x[start + i*step]` per axis. */
  slice(x: TypedArray, shape: Shape, starts: readonly number[], steps: readonly number[], out: TypedArray, outShape: Shape): void;
  /** The adjoint of `slice`: writes `x` (of the window's shape) into `out` of `outShape`, leaving other entries as they are (callers pass zeros). */
  scatterSlice(x: TypedArray, shape: Shape, starts: readonly number[], steps: readonly number[], out: TypedArray, outShape: Shape): void;
  /**
   * The optimizer's SGD update of one parameter, in place (see `SgdArgs`). A backend that keeps
   * copies of arrays must keep them equal to p and the buffer; one that does not calls
   * `noteWritten` (backends/ownership.ts) on both before writing, as the JS kernel does.
   * Optimizers call it through `updateStorage(p.store, …, true)`, which counts the new version.
   */
  sgdUpdate(args: SgdArgs): void;
  /** Device backends: the Adam/AdamW update on the device (host backends leave it out; the optimizer's loop runs instead). */
  adamUpdate?(args: AdamArgs): void;
  /** Copies every sliding window of x [n, c, h, w] into columns `out` [n, c·kh·kw, oh·ow]; padding reads `padValue`. */
  im2col(x: TypedArray, g: WindowGeometry, padValue: number, out: TypedArray): void;
  /** The adjoint of im2col: adds the columns back onto `out` [n, c, h, w] (callers pass zeros). */
  col2im(cols: TypedArray, g: WindowGeometry, out: TypedArray): void;
  /** `out[o, j, i] = x[o, idx[j], i]` for x viewed as [outer, len, inner] (indices already checked). */
  take(x: TypedArray, outer: number, len: number, inner: number, idx: IndexList, out: TypedArray): void;
  /** The adjoint of take: `out[o, idx[j], i] += g[o, j, i]` (callers pass zeros). */
  indexAdd(g: TypedArray, outer: number, len: number, inner: number, idx: IndexList, out: TypedArray): void;
  /** Running sums along the middle axis of x viewed as [outer, len, inner] (from the end when `reverse`), into `out`. */
  cumsum(x: TypedArray, outer: number, len: number, inner: number, reverse: boolean, out: TypedArray): void;
  /** The index of the largest (`largest`) or smallest entry along the middle axis into `out` [outer, inner]: first on ties, NaN wins. */
  argExtreme(x: TypedArray, outer: number, len: number, inner: number, largest: boolean, out: Int32Array): void;
  /**
   * The indices of the k largest (or smallest) entries along the middle axis into `out` [outer, k, inner]; best first when `sorted`,
   * else by index. Also writes their flat positions in x, (o·len + out[o, j, i])·inner + i, into `flat` (take's indices for the values).
   */
  topk(
    x: TypedArray,
    outer: number,
    len: number,
    inner: number,
    k: number,
    largest: boolean,
    sorted: boolean,
    out: Int32Array,
    flat: Int32Array,
  ): void;
  /** The optimizer's RMSprop update of one parameter, in place, keeping copies as `sgdUpdate` does (see `RmspropArgs`). */
  rmspropUpdate(args: RmspropArgs): void;
  /** The optimizer's Adagrad update of one parameter, in place, keeping copies as `sgdUpdate` does (see `AdagradArgs`). */
  adagradUpdate(args: AdagradArgs): void;
}
