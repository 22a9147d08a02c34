/** @file LayerNorm, BatchNorm1d and BatchNorm2d layers (PyTorch's names: weight, bias, running_mean, running_var). */
import { ShapeError, ValueError } from "../errors.js";
import { batchNorm, layerNorm } from "../ops/norm.js";
import { ones, zeros } from "../tensor/create.js";
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { Module } from "./module.js";

/**
 * Layer normalisation over the last axes `normalizedShape` (see `layerNorm`), with a learned
 * `weight` (ones) and `bias` (zeros) of that shape unless `elementwiseAffine` is false.
 * @example
 * new LayerNorm([4]).forward(randn([2, 4])).shape; // [2, 4]
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly eps: number;

  constructor(normalizedShape: number | number[], opts: { eps?: number; elementwiseAffine?: boolean; dtype?: DType } = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape.slice();
    if (this.normalizedShape.length === 0 || !this.normalizedShape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new ValueError(`LayerNorm: normalizedShape must be positive integers, got ${JSON.stringify(normalizedShape)}.`);
    }
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.elementwiseAffine ?? true;
    const o = { dtype: opts.dtype, requiresGrad: true };
    this.weight = affine ? this.registerParameter("weight", ones(this.normalizedShape, o)) : null;
    this.bias = affine ? this.registerParameter("bias", zeros(this.normalizedShape, o)) : null;
  }

  protected override extraRepr(): string {
    return JSON.stringify(this.normalizedShape);
  }

  forward(x: Tensor): Tensor {
    return this.scoped(() => layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps));
  }
}

/** Options of BatchNorm1d and BatchNorm2d. */
export interface BatchNormLayerOptions {
  eps?: number;
  /** Weight of each batch in the running statistics (default 0.1). */
  momentum?: number;
  /** Learned weight (ones) and bias (zeros), default true. */
  affine?: boolean;
  /** float32 (default) or float64. */
  dtype?: DType;
}

/** Batch normalisation per channel: the shared body of BatchNorm1d and BatchNorm2d. */
abstract class BatchNormBase extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  /** The running mean per channel (buffer `running_mean`), used in eval mode. */
  readonly runningMean: Tensor;
  /** The running (unbiased) variance per channel (buffer `running_var`), used in eval mode. */
  readonly runningVar: Tensor;
  readonly eps: number;
  readonly momentum: number;
  protected abstract readonly ranks: readonly number[];

  constructor(
    readonly numFeatures: number,
    opts: BatchNormLayerOptions = {},
  ) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures < 1) {
      throw new ValueError(`${this.constructor.name}: numFeatures must be a positive integer, got ${numFeatures}.`);
    }
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum ?? 0.1;
    const o = { dtype: opts.dtype };
    const affine = opts.affine ?? true;
    this.weight = affine ? this.registerParameter("weight", ones([numFeatures], { ...o, requiresGrad: true })) : null;
    this.bias = affine ? this.registerParameter("bias", zeros([numFeatures], { ...o, requiresGrad: true })) : null;
    this.runningMean = this.registerBuffer("running_mean", zeros([numFeatures], o));
    this.runningVar = this.registerBuffer("running_var", ones([numFeatures], o));
  }

  protected override extraRepr(): string {
    return `${this.numFeatures}`;
  }

  /** Training mode: batch statistics (and the running ones updated); eval mode: the running ones. */
  forward(x: Tensor): Tensor {
    if (!this.ranks.includes(x.ndim) || x.shape[1] !== this.numFeatures) {
      const want = this.ranks.map((r) =>
        r === 2 ? `[batch, ${this.numFeatures}]` : r === 3 ? `[batch, ${this.numFeatures}, length]` : `[batch, ${this.numFeatures}, h, w]`,
      );
      throw new ShapeError(`${this.constructor.name}(${this.numFeatures}): expects ${want.join(" or ")}, got ${x.describe()}.`);
    }
    return this.scoped(() =>
      batchNorm(x, this.runningMean, this.runningVar, this.weight, this.bias, {
        training: this.training,
        momentum: this.momentum,
        eps: this.eps,
      }),
    );
  }
}

/**
 * Batch normalisation of x [batch, features] or [batch, features, length] per feature (see `batchNorm`).
 * @example
 * new BatchNorm1d(3).forward(randn([8, 3])).shape; // [8, 3]
 */
export class BatchNorm1d extends BatchNormBase {
  protected readonly ranks = [2, 3];
}

/**
 * Batch normalisation of x [batch, channels, h, w] per channel (see `batchNorm`).
 * @example
 * new BatchNorm2d(4).forward(randn([2, 4, 5, 5])).shape; // [2, 4, 5, 5]
 */
export class BatchNorm2d extends BatchNormBase {
  protected readonly ranks = [4];
}
