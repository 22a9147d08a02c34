/** @file Conv1d and Conv2d layers: PyTorch's parameter names, shapes and default initialisation. */
import { ShapeError, ValueError } from "../errors.js";
import { conv1d, conv2d } from "../ops/conv.js";
import { pair, type Pair } from "../ops/window.js";
import type { DType } from "../tensor/dtype.js";
import { Rng } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { torchDefault } from "./init.js";
import { Module } from "./module.js";

/** Options of Conv1d and Conv2d (numbers or [h, w] pairs for Conv2d). */
export interface ConvOptions<P> {
  stride?: P;
  padding?: P;
  dilation?: P;
  groups?: number;
  /** Add a learned bias per output channel (default true). */
  bias?: boolean;
  /** Seed of the initialisation (default: the global generator). */
  seed?: number;
  /** float32 (default) or float64. */
  dtype?: DType;
}

/** weight [out, in/groups, ...kernel] and bias [out], both U(−1/√fanIn, 1/√fanIn) like PyTorch. */
function makeParams(op: string, inC: number, outC: number, kernel: number[], opts: ConvOptions<unknown>): [Tensor, Tensor | null] {
  const groups = opts.groups ?? 1;
  for (const [k, v] of [
    ["inChannels", inC],
    ["outChannels", outC],
    ["groups", groups],
    ...kernel.map((d) => ["kernelSize", d] as const),
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${k} must be a positive integer, got ${v}.`);
  }
  if (inC % groups !== 0 || outC % groups !== 0) {
    throw new ValueError(`${op}: inChannels ${inC} and outChannels ${outC} must both divide by groups ${groups}.`);
  }
  const common = { rng: opts.seed !== undefined ? new Rng(opts.seed) : undefined, dtype: opts.dtype };
  const w = torchDefault([outC, inC / groups, ...kernel], common);
  const fanIn = (inC / groups) * kernel.reduce((a, b) => a * b, 1);
  return [w, (opts.bias ?? true) ? torchDefault([outC], { ...common, fanIn }) : null];
}

/**
 * A 2-d convolution layer over x [batch, inChannels, h, w] (see `conv2d`), with `weight`
 * [outChannels, inChannels/groups, kh, kw] and `bias` [outChannels].
 * @example
 * new Conv2d(1, 8, 3, { padding: 1, seed: 0 }).forward(randn([2, 1, 8, 8])).shape; // [2, 8, 8, 8]
 */
export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  private readonly opts: ConvOptions<Pair>;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: Pair,
    opts: ConvOptions<Pair> = {},
  ) {
    super();
    const k = typeof kernelSize === "number" ? [kernelSize, kernelSize] : [...kernelSize];
    const [w, b] = makeParams("Conv2d", inChannels, outChannels, k, opts);
    this.weight = this.registerParameter("weight", w);
    this.bias = b ? this.registerParameter("bias", b) : null;
    this.opts = opts;
  }

  protected override extraRepr(): string {
    return `${this.inChannels} → ${this.outChannels}, kernel ${JSON.stringify(this.kernelSize)}`;
  }

  /** The kernel size as [kh, kw]. */
  get kernel(): [number, number] {
    return pair(this.kernelSize, 1, "kernelSize", "Conv2d", 1);
  }

  /** The step between windows as [h, w] (default [1, 1]). */
  get stride(): [number, number] {
    return pair(this.opts.stride, 1, "stride", "Conv2d", 1);
  }

  /** The zero padding on each side as [h, w] (default [0, 0]). */
  get padding(): [number, number] {
    return pair(this.opts.padding, 0, "padding", "Conv2d", 0);
  }

  /** The spacing of kernel taps as [h, w] (default [1, 1]). */
  get dilation(): [number, number] {
    return pair(this.opts.dilation, 1, "dilation", "Conv2d", 1);
  }

  /** The number of channel groups (default 1). */
  get groups(): number {
    return this.opts.groups ?? 1;
  }

  forward(x: Tensor): Tensor {
    if (x.ndim !== 4 || x.shape[1] !== this.inChannels) {
      throw new ShapeError(
        `Conv2d(${this.inChannels}→${this.outChannels}): expects [batch, ${this.inChannels}, h, w], got ${x.describe()}.`,
      );
    }
    return this.scoped(() => conv2d(x, this.weight, this.bias, this.opts));
  }
}

/**
 * A 1-d convolution layer over x [batch, inChannels, length] (see `conv1d`), with `weight`
 * [outChannels, inChannels/groups, k] and `bias` [outChannels].
 * @example
 * new Conv1d(3, 4, 3, { seed: 0 }).forward(randn([2, 3, 10])).shape; // [2, 4, 8]
 */
export class Conv1d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  private readonly opts: ConvOptions<number>;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    opts: ConvOptions<number> = {},
  ) {
    super();
    const [w, b] = makeParams("Conv1d", inChannels, outChannels, [kernelSize], opts);
    this.weight = this.registerParameter("weight", w);
    this.bias = b ? this.registerParameter("bias", b) : null;
    this.opts = opts;
  }

  protected override extraRepr(): string {
    return `${this.inChannels} → ${this.outChannels}, kernel ${this.kernelSize}`;
  }

  /** The step between windows (default 1). */
  get stride(): number {
    return this.opts.stride ?? 1;
  }

  /** The zero padding on each side (default 0). */
  get padding(): number {
    return this.opts.padding ?? 0;
  }

  /** The spacing of kernel taps (default 1). */
  get dilation(): number {
    return this.opts.dilation ?? 1;
  }

  /** The number of channel groups (default 1). */
  get groups(): number {
    return this.opts.groups ?? 1;
  }

  forward(x: Tensor): Tensor {
    if (x.ndim !== 3 || x.shape[1] !== this.inChannels) {
      throw new ShapeError(
        `Conv1d(${this.inChannels}→${this.outChannels}): expects [batch, ${this.inChannels}, length], got ${x.describe()}.`,
      );
    }
    return this.scoped(() => conv1d(x, this.weight, this.bias, this.opts));
  }
}
