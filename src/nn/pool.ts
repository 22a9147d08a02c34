/** @file MaxPool2d and AvgPool2d layers over x [batch, channels, h, w]. */
import { avgPool2d, maxPool2d, type PoolOptions } from "../ops/pool.js";
import type { Pair } from "../ops/window.js";
import type { Tensor } from "../tensor/tensor.js";
import { Module } from "./module.js";

/**
 * 2-d max pooling (see `maxPool2d`); stride defaults to the kernel size.
 * @example
 * new MaxPool2d(2).forward(randn([1, 3, 8, 8])).shape; // [1, 3, 4, 4]
 */
export class MaxPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly opts: PoolOptions = {},
  ) {
    super();
  }

  protected override extraRepr(): string {
    return `kernel ${JSON.stringify(this.kernelSize)}`;
  }

  forward(x: Tensor): Tensor {
    return this.scoped(() => maxPool2d(x, this.kernelSize, this.opts));
  }
}

/**
 * 2-d average pooling (see `avgPool2d`); stride defaults to the kernel size, padding counts as zeros.
 * @example
 * new AvgPool2d(2).forward(randn([1, 3, 8, 8])).shape; // [1, 3, 4, 4]
 */
export class AvgPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly opts: PoolOptions = {},
  ) {
    super();
  }

  protected override extraRepr(): string {
    return `kernel ${JSON.stringify(this.kernelSize)}`;
  }

  forward(x: Tensor): Tensor {
    return this.scoped(() => avgPool2d(x, this.kernelSize, this.opts));
  }
}
